import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices } from '../../src/bootstrap';
import { EnvError, parseEnv } from '../../src/config/env';
import { DEFAULT_PLAN_CACHE_MODE, openPostgres, type Database, type Db } from '../../src/db/client';
import { createLogger } from '../../src/log';
import { createMemoryQueue } from '../../src/queue/memory-queue';
import { createSimulatorProvider } from '../../src/channels';
import { freshDatabase } from '../support/db';

const hasPg = !!process.env.DATABASE_URL;

/** plan_cache_mode on `n` different pooled connections (each held by its own transaction while the others ask). */
async function modesOnConnections(db: Db, n: number): Promise<Array<{ pid: number; mode: string }>> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((res) => (release = res));
  return Promise.all(
    Array.from({ length: n }, () =>
      db.transaction(async (tx) => {
        const [r] = (await tx.execute(sql`select pg_backend_pid() as pid, current_setting('plan_cache_mode') as mode`)) as unknown as Array<{ pid: number; mode: string }>;
        if (++arrived === n) release();
        await all;
        return r!;
      }),
    ),
  );
}

/** The plans one prepared statement of the app's own query path got on one connection, after `runs` executions with parameters. */
async function plansOf(db: Db, runs: number): Promise<{ generic: number; custom: number }> {
  return db.transaction(async (tx) => {
    for (let i = 0; i < runs; i++) await tx.execute(sql`select count(*) from conversations where debtor_id = ${crypto.randomUUID()}::uuid and status = ${'active'}`);
    const [p] = (await tx.execute(
      sql`select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where statement like 'select count(*) from conversations where debtor_id = $1::uuid%'`,
    )) as unknown as Array<{ generic: number; custom: number }>;
    return p!;
  });
}

describe.skipIf(!hasPg)("the app's Postgres connections plan each statement once (decision 0151)", () => {
  let fresh: Database & { url: string };
  const opened: Database[] = [];
  beforeAll(async () => {
    fresh = await freshDatabase({ max: 1 });
    // A database-level setting the connections' own must win over (as a DBA's default would be).
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`alter database ${new URL(fresh.url).pathname.slice(1)} set plan_cache_mode = 'force_custom_plan'`);
    await admin.end();
  });
  afterAll(async () => {
    for (const d of opened) await d.close();
    await fresh?.close();
  });

  it('every pooled connection the service opens carries force_generic_plan, whatever the database says', async () => {
    expect(DEFAULT_PLAN_CACHE_MODE).toBe('force_generic_plan');
    const env = parseEnv({ DATABASE_URL: fresh.url, DB_POOL_MAX: '4', PUBLIC_BASE_URL: 'https://saisoku.test', ADMIN_API_TOKEN: 'test-admin-token-0123456789', DATA_DIR: '/tmp/saisoku-test-unused' });
    const s = await buildServices(env, { queue: createMemoryQueue(), provider: createSimulatorProvider(), log: createLogger('silent') });
    opened.push(s.database);
    const got = await modesOnConnections(s.db, 3);
    expect(new Set(got.map((r) => r.pid)).size).toBe(3);
    expect(got.map((r) => r.mode)).toEqual(['force_generic_plan', 'force_generic_plan', 'force_generic_plan']);
    // So a statement's first execution already runs the one generic plan, and never plans again for its parameters.
    expect(await plansOf(s.db, 2)).toEqual({ generic: 2, custom: 0 });
  });

  it('DB_PLAN_CACHE_MODE=auto gives Postgres its own choice back (custom plans for the first executions)', async () => {
    const env = parseEnv({ DB_PLAN_CACHE_MODE: 'auto' });
    expect(env.DB_PLAN_CACHE_MODE).toBe('auto');
    const d = await openPostgres(fresh.url, { max: 2, migrate: false, planCacheMode: env.DB_PLAN_CACHE_MODE });
    opened.push(d);
    expect((await modesOnConnections(d.db, 2)).map((r) => r.mode)).toEqual(['auto', 'auto']);
    expect(await plansOf(d.db, 2)).toEqual({ generic: 0, custom: 2 });
  });
});

describe('DB_PLAN_CACHE_MODE', () => {
  it('defaults to force_generic_plan; anything but a plan_cache_mode value stops the boot', () => {
    expect(parseEnv({}).DB_PLAN_CACHE_MODE).toBe('force_generic_plan');
    expect(parseEnv({ DB_PLAN_CACHE_MODE: 'force_custom_plan' }).DB_PLAN_CACHE_MODE).toBe('force_custom_plan');
    expect(() => parseEnv({ DB_PLAN_CACHE_MODE: 'generic' })).toThrow(EnvError);
  });
});
