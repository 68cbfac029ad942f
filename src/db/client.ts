import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema';

export type Schema = typeof schema;
/** Both drivers (postgres.js and PGlite) give a PgDatabase over the same schema. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Resolved when migrating, not at import: the Workers bundle has no import.meta.url (and never migrates).
const migrationsFolder = () => new URL('../../db/migrations', import.meta.url).pathname;

type Fn = (...a: any[]) => any;

/**
 * drizzle hands every query to postgres.js as `unsafe(text, params, { prepare: false })` unless it
 * was built with `.prepare(name)`. Unprepared, a query with parameters costs two round trips
 * (Parse+Describe, wait, then Bind+Execute) and a parse and plan on the server each time. This view
 * of the client prepares them all (postgres.js keeps one named statement per text and connection),
 * in transactions and savepoints too.
 */
function preparing<T extends object>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop) {
      const v = Reflect.get(target, prop) as unknown;
      if (typeof v !== 'function') return v;
      if (prop === 'unsafe') return (text: string, params?: unknown[], o?: object) => (v as Fn)(text, params ?? [], { ...o, prepare: true });
      if (prop === 'begin' || prop === 'savepoint')
        return (...a: unknown[]) => {
          const fn = a.pop() as Fn;
          return (v as Fn)(...a, (inner: object) => fn(preparing(inner)));
        };
      return v;
    },
  });
}

/** `onStatement` is called once per statement sent (BEGIN/COMMIT included): the bench counts them. */
export async function openPostgres(url: string, opts: { max?: number; migrate?: boolean; onStatement?: () => void } = {}): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max: opts.max ?? 10, onnotice: () => {}, idle_timeout: 20, ...(opts.onStatement ? { debug: opts.onStatement } : {}) });
  const db = drizzle(preparing(client), { schema }) as unknown as Db;
  if (opts.migrate !== false) {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder() });
  }
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** The embedded default: real Postgres compiled to WASM, one connection, data under `dir`. */
export async function openPglite(dir?: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (dir) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
  }
  const client = new PGlite(dir);
  await client.waitReady;
  const raw = drizzle(client, { schema });
  await migrate(raw, { migrationsFolder: migrationsFolder() });
  return {
    db: raw as unknown as Db,
    kind: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

export { schema };
