import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
  /** Connections in the pool (1 for PGlite): checked against worker concurrency at start. */
  maxConnections: number;
  /**
   * The webhooks' group commit's own connections (Postgres with `ingestPool` > 0, DB_INGEST_POOL; off by default; decision 0170):
   * a handle on a small pool apart from `db`, so storing an inbound never queues behind the drain's and the
   * send stage's transactions or is pipelined behind their reads. Absent: the ingest writes through `db`.
   */
  ingestDb?: Db;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Resolved when migrating, not at import: the Workers bundle has no import.meta.url (and never migrates).
const migrationsFolder = () => new URL('../../db/migrations', import.meta.url).pathname;

/** A function of the client seen through the proxy (its real signature is the client's). */
type Fn = (...a: unknown[]) => Promise<unknown>;

/**
 * A query on the root handle from inside a transaction asks for a second connection while the
 * transaction holds one: on PGlite (one connection) that waits forever, on a pool it starves it
 * (issue #8). The transaction's callback runs in this async scope; a root query inside it is refused.
 */
const txScope = new AsyncLocalStorage<{ open: boolean }>();

export class NestedQueryError extends Error {
  constructor(kind: string) {
    super(`a query ran on the root ${kind} handle while this async context holds an open transaction: use the transaction handle (tx), or load it before the transaction opens`);
    this.name = 'NestedQueryError';
  }
}

/**
 * What a nested query does: PGlite always refuses (the alternative is a certain deadlock); on
 * Postgres tests refuse (VITEST, or SAISOKU_TX_GUARD=throw); production logs it and goes on with
 * SAISOKU_TX_GUARD=warn, and by default does not look (decision 0126: the AsyncLocalStorage scope
 * puts async hooks on every promise of the process, ~3–4 % of the reply path's CPU on Node 22).
 */
export type TxGuardMode = 'throw' | 'warn' | 'off';
export function txGuardMode(kind: 'postgres' | 'pglite'): TxGuardMode {
  if (kind === 'pglite' || process.env.SAISOKU_TX_GUARD === 'throw' || process.env.VITEST) return 'throw';
  if (process.env.SAISOKU_TX_GUARD === 'warn') return 'warn';
  return 'off';
}

function checkRoot(kind: 'postgres' | 'pglite', mode: TxGuardMode, onWarn?: (e: Error) => void) {
  if (!txScope.getStore()?.open) return;
  const e = new NestedQueryError(kind);
  if (mode === 'throw') throw e;
  onWarn?.(e);
}

/** Runs `fn` (a transaction's callback) in the transaction scope; the scope closes when it settles. */
async function inTxScope<T>(fn: () => Promise<T>): Promise<T> {
  const store = { open: true };
  try {
    return await txScope.run(store, fn);
  } finally {
    store.open = false;
  }
}

/**
 * drizzle hands every query to postgres.js as `unsafe(text, params, { prepare: false })` unless it
 * was built with `.prepare(name)`. Unprepared, a query with parameters costs two round trips
 * (Parse+Describe, wait, then Bind+Execute) and a parse and plan on the server each time. This view
 * of the client prepares them all (postgres.js keeps one named statement per text and connection),
 * in transactions and savepoints too.
 *
 * `count` (the bench's statement counter) sees each statement here, BEGIN/COMMIT (or ROLLBACK) and
 * SAVEPOINT included, and not through postgres.js's `debug` hook: with `debug` set the driver takes
 * a stack trace (`new Error()`) for every query, ~3 % of the app's CPU in the reply bench that a
 * production process never pays.
 */
interface View {
  guard?: { mode: TxGuardMode; onWarn?: (e: Error) => void };
  count?: (text: string) => void;
  /** A pipelined transaction's handle (pipelinedTransaction): each query is handed to the driver when it is made; `committed` once its COMMIT is. */
  pipeline?: { committed: boolean };
}
/** The handle's pipelined COMMIT (see commitPipelined); only a pipelined transaction's handle has one. */
const PIPELINE_COMMIT = Symbol('pipelineCommit');
/** Set by pipelinedTransaction for the `begin` its db.transaction() call makes at once (synchronously). */
let pipelineNext = false;
function preparing<T extends object>(sql: T, view: View = {}): T {
  const { guard, count, pipeline } = view;
  const inner: View = { count };
  return new Proxy(sql, {
    get(target, prop) {
      if (prop === PIPELINE_COMMIT) {
        const commit = Reflect.get(target, 'pipelineCommit') as (() => Promise<unknown>) | undefined;
        if (!pipeline || !commit) return undefined;
        return () => {
          if (!pipeline.committed) count?.('commit');
          pipeline.committed = true;
          return commit();
        };
      }
      const v = Reflect.get(target, prop) as unknown;
      if (typeof v !== 'function') return v;
      if (prop === 'unsafe')
        return (text: string, params?: unknown[], o?: object) => {
          if (guard) checkRoot('postgres', guard.mode, guard.onWarn);
          count?.(text);
          const q = (v as Fn)(text, params ?? [], { ...o, prepare: true }) as unknown as { execute(): unknown };
          // Handed to the driver now, not when first awaited: statements reach the connection in the
          // order they were made (one microtask each), so a pipelined COMMIT made after them follows them.
          if (pipeline) q.execute();
          return q;
        };
      if (prop === 'begin' || prop === 'savepoint')
        return (...a: unknown[]) => {
          const fn = a.pop() as Fn;
          const pipe = prop === 'begin' && pipelineNext ? { committed: false } : undefined;
          pipelineNext = false;
          if (prop === 'begin' && guard) checkRoot('postgres', guard.mode, guard.onWarn);
          count?.(prop);
          const view = pipe ? { count, pipeline: pipe } : inner;
          const run = (tx: object) => (prop === 'begin' && guard ? inTxScope(() => fn(preparing(tx, view))) : fn(preparing(tx, view)));
          // The patched driver's third argument (scripts/patch-deps.mjs, "pipelined transaction").
          const done = pipe ? (v as Fn)(a[0] ?? '', run, true) : (v as Fn)(...a, run);
          // COMMIT, or ROLLBACK (TO the savepoint) on failure; a savepoint that succeeds sends nothing more.
          // A pipelined COMMIT was counted when sent; on failure it was the transaction's end (no ROLLBACK follows).
          return count
            ? done.then(
                (r) => (prop === 'begin' && !pipe?.committed && count('commit'), r),
                (e: unknown) => (pipe?.committed || count('rollback'), Promise.reject(e)),
              )
            : done;
        };
      return v;
    },
  });
}

/**
 * A transaction with fewer round trips (issue #12, decision 0154). On Postgres its BEGIN goes out in
 * the same pipeline as its first statement (the callback runs once BEGIN is handed to a connection,
 * not when it is answered), and `commitPipelined(tx)` sends its COMMIT behind its last writes without
 * waiting for their answers. Everything else is a plain `db.transaction`: prepared statements, the
 * statement counter, the nested-query guard, the driver's behaviour when its connection closes. On
 * PGlite (one connection, in process: no round trips) it is a plain transaction.
 *
 * BEGIN's answer is read with its first statement's: should BEGIN fail on a live connection (it
 * cannot, as sent here), that statement would have run on its own, so the first statement must be
 * a read (the drain's lock, the send stage's claim); later statements are refused and the
 * transaction rejects with BEGIN's error.
 */
export function pipelinedTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  pipelineNext = true;
  try {
    return db.transaction(fn);
  } finally {
    pipelineNext = false;
  }
}

/**
 * Runs `fn` once the promise jobs queued now, and every job they queue in turn, have run: a statement
 * started before this (drizzle makes it a few promise jobs later) has then reached the connection. A
 * microtask that schedules a tick: Node runs ticks only once the microtask queue is empty. Not a
 * setImmediate: that waited for the event loop's check phase, and when it came after the poll phase the
 * writes' answers were often read first (the COMMIT a round trip of its own: 7 against 6 per drain round).
 */
function afterPromiseJobs(fn: () => void): void {
  queueMicrotask(() => process.nextTick(fn));
}

/**
 * Resolves once every statement started before this call has reached the driver (afterPromiseJobs): a statement
 * made through drizzle's builders or rowsOf takes a few promise jobs to get there, a prebuilt one none, so a
 * setting sent through rowsOf must be waited for before a prebuilt statement that has to plan under it. No I/O is
 * waited for: both still go out in the same pipeline.
 */
export function handedToDriver(): Promise<void> {
  return new Promise<void>((resolve) => afterPromiseJobs(resolve));
}

/**
 * Sends the transaction's COMMIT now, behind every statement already started in it: write the last
 * statements, call this, then await them and this together (one round trip). The COMMIT is made once
 * the promise jobs pending now have run (afterPromiseJobs), i.e. after every statement whose making is a
 * chain of promises has reached the connection (none may wait for I/O or a timer first), and before the
 * event loop turns: it goes out in the same pipeline. A statement that fails aborts the transaction,
 * Postgres answers that COMMIT with ROLLBACK, and the transaction rejects with the statement's error.
 * Nothing may be sent in the transaction after this (the driver refuses it: its connection is back in
 * the pool once COMMIT is answered), and the callback must not throw after it (the COMMIT stands).
 * Resolves when COMMIT is answered. A no-op outside a pipelined transaction on Postgres (PGlite, a plain
 * transaction): the transaction then commits when its callback returns, as usual.
 */
export function commitPipelined(tx: DbOrTx): Promise<void> {
  const client = (tx as unknown as { session?: { client?: Record<PropertyKey, unknown> } }).session?.client;
  const commit = client?.[PIPELINE_COMMIT] as (() => Promise<unknown>) | undefined;
  if (!commit) return Promise.resolve();
  return new Promise<void>((resolve, reject) =>
    afterPromiseJobs(() =>
      commit().then((r) => {
        if ((r as { command?: string }).command === 'COMMIT') return resolve();
        // Rolled back: a statement before it failed, and its own error (which the transaction rejects
        // with) reaches the caller first; this one a turn later, for a caller that awaits only this.
        setImmediate(() => reject(new Error('the transaction was rolled back: a statement before its COMMIT failed')));
      }, reject),
    ),
  );
}

/**
 * The marks scripts/patch-deps.mjs leaves in the dependencies this code relies on, per package, per
 * file (in every build of it that exists). A package's patches are kept there; this is the list of
 * what must be in place, so an install without them (`npm ci --ignore-scripts`, a copied
 * node_modules) is named at startup instead of failing on the first Postgres restart. Another
 * patched package gets its own entry here.
 */
export const DRIVER_PATCHES: Record<string, { name: string; builds: string[]; files: Record<string, string[]>; without: string }> = {
  postgres: {
    name: 'postgres.js',
    builds: ['src', 'cjs/src', 'cf/src'],
    files: {
      'connection.js': ['null-socket guard', 'stale state after close', 'pipeline cleared on close', 'array types fetch caught'],
      'index.js': ['closed transaction', 'pipelined transaction', 'young closures'],
      'query.js': ['young closures'],
    },
    without: 'a Postgres restart would crash the process or hang transactions, pipelined transactions (decision 0154) would not pipeline, and each query would be kept in old space (decision 0180)',
  },
};

/** Where a package is installed (the directory with its package.json), or null when it cannot be resolved (bundled). */
function packageDir(pkg: string): string | null {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(pkg);
  } catch {
    return null;
  }
  // …/node_modules/postgres/cjs/src/index.js → the package root.
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * What is missing of DRIVER_PATCHES in the installed packages, in words that say what to run, or
 * null when every mark is in place. `dirs`: a package's directory instead of the installed one
 * (tests); a package that cannot be resolved (bundled: built from a patched install) is skipped.
 */
export function driverPatchProblem(opts: { packages?: string[]; dirs?: Record<string, string> } = {}): string | null {
  const problems: string[] = [];
  for (const pkg of opts.packages ?? Object.keys(DRIVER_PATCHES)) {
    const spec = DRIVER_PATCHES[pkg];
    if (!spec) continue;
    const dir = opts.dirs?.[pkg] ?? packageDir(pkg);
    if (!dir) continue;
    /** mark → the files that lack it */
    const missing = new Map<string, string[]>();
    let found = 0;
    for (const build of spec.builds) {
      for (const [file, marks] of Object.entries(spec.files)) {
        const path = join(dir, build, file);
        if (!existsSync(path)) continue;
        found++;
        const text = readFileSync(path, 'utf8');
        for (const mark of marks) if (!text.includes(`saisoku-patch: ${mark}`)) missing.set(mark, [...(missing.get(mark) ?? []), `${build}/${file}`]);
      }
    }
    if (!found) problems.push(`${spec.name} at ${dir} has none of the files scripts/patch-deps.mjs patches (${Object.keys(spec.files).join(', ')} under ${spec.builds.join(', ')}): its layout changed; check scripts/patch-deps.mjs against it`);
    else if (missing.size)
      problems.push(
        `${spec.name} at ${dir} lacks the patch${missing.size > 1 ? 'es' : ''} ${[...missing].map(([mark, files]) => `"${mark}" (${files.join(', ')})`).join(', ')} of scripts/patch-deps.mjs; without ${missing.size > 1 ? 'them' : 'it'} ${spec.without}. Installed with --ignore-scripts? Run \`node scripts/patch-deps.mjs\` (or \`npm install\`)`,
      );
  }
  return problems.length ? problems.join('; ') : null;
}

/** postgres.js as installed carries scripts/patch-deps.mjs (a Postgres restart otherwise kills the process). */
function assertPatchedDriver() {
  const problem = driverPatchProblem({ packages: ['postgres'] });
  if (problem) throw new Error(problem);
}

/**
 * libpq's form for a Unix socket, `postgres://user@localhost/db?host=/var/run/postgresql` (what
 * psql and pgbench take), which postgres.js does not read (it would send `host` to the server as a
 * setting): the `host` query parameter, when it is a directory, becomes the socket's directory and
 * leaves the URL. Any other URL is returned as is.
 */
export function postgresTarget(url: string): { url: string; options: { host?: string } } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, options: {} };
  }
  const dir = u.searchParams.get('host');
  if (!dir?.startsWith('/')) return { url, options: {} };
  u.searchParams.delete('host');
  return { url: u.toString(), options: { host: dir } };
}

/**
 * How long a pooled connection may sit unused before it is closed, in seconds (0: never; the default).
 * A closed connection costs its next user a new backend (connect, startup, the array types read, a
 * cold catalog cache) and a Parse round trip and fresh plans for every statement it runs again: a quiet
 * service's lone reply paid that on every statement after 20 s idle (decision 0144). Connections are
 * still replaced at postgres.js's max lifetime (30–60 min, random per connection) and whenever the
 * server or the network closes them.
 */
export const DEFAULT_IDLE_TIMEOUT_S = 0;

/** `onStatement` is called once per statement the app sends (BEGIN/COMMIT included; connection 0: not known there): the bench counts them. */
export async function openPostgres(
  url: string,
  opts: { max?: number; ingestPool?: number; migrate?: boolean; idleTimeoutS?: number; warm?: boolean; onStatement?: (connection: number, query: string) => void; onNestedQuery?: (e: Error) => void } = {},
): Promise<Database> {
  assertPatchedDriver();
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const max = opts.max ?? 10;
  // connect_timeout: a connection attempt to a server that is gone fails in 5 s, not 30.
  // jit = off as a startup parameter of every connection (decision 0155): migration 0015 sets it on the database
  // too, but a role that does not own its database cannot, and a clone or a plain dump does not carry it.
  const target = postgresTarget(url);
  const idle = opts.idleTimeoutS ?? DEFAULT_IDLE_TIMEOUT_S;
  const open = (n: number) => postgres(target.url, { ...target.options, max: n, onnotice: () => {}, idle_timeout: idle, connect_timeout: 5, connection: { jit: 'off' } });
  const client = open(max);
  const mode = txGuardMode('postgres');
  const onStatement = opts.onStatement;
  const view = (c: typeof client) =>
    drizzle(preparing(c, { guard: mode === 'off' ? undefined : { mode, onWarn: opts.onNestedQuery }, count: onStatement && ((text) => onStatement(0, text)) }), {
      schema,
    }) as unknown as Db;
  const db = view(client);
  const ingestN = opts.ingestPool ?? 0;
  const ingestClient = ingestN > 0 ? open(ingestN) : undefined;
  if (opts.migrate !== false) {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder() });
  }
  if (opts.warm) {
    // Every connection of the pool opened now (decision 0167), not at the first moment the app needs more of them
    // at once: a new backend costs its startup and a cold catalog cache inside the busiest second.
    const held = await Promise.all([...Array.from({ length: max }, () => client.reserve()), ...Array.from({ length: ingestN }, () => ingestClient!.reserve())]);
    for (const r of held) r.release();
  }
  return {
    db,
    ...(ingestClient ? { ingestDb: view(ingestClient) } : {}),
    kind: 'postgres',
    maxConnections: max,
    ping: async () => {
      await client`select 1`;
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), ingestClient?.end({ timeout: 5 })]);
    },
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
  await migrate(drizzle(client, { schema }), { migrationsFolder: migrationsFolder() });
  const raw = drizzle(guardPglite(client), { schema });
  return {
    db: raw as unknown as Db,
    kind: 'pglite',
    maxConnections: 1,
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

/** PGlite's one connection: a root query while this context's transaction is open would wait forever. */
function guardPglite<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (typeof v !== 'function') return v;
      if (prop === 'query' || prop === 'exec' || prop === 'sql')
        return (...a: unknown[]) => {
          checkRoot('pglite', 'throw');
          return (v as Fn).apply(target, a);
        };
      if (prop === 'transaction')
        return (fn: Fn) => {
          checkRoot('pglite', 'throw');
          return (v as Fn).call(target, (tx: unknown) => inTxScope(() => fn(tx)));
        };
      return (v as Fn).bind(target);
    },
  });
}

export { schema };
