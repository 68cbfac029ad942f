import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../src/db/client';
import { startPgCluster, type PgCluster } from '../support/servers';

/**
 * A Postgres restart in the middle of transactions (issue #8): postgres.js 3.4.9 wrote the
 * rollback of a transaction whose socket had closed from a setImmediate, on a null socket, and the
 * TypeError it threw was uncaught (the process died). vitest fails a file on any uncaught error,
 * so this test fails on an unpatched driver. The patch: scripts/patch-deps.mjs.
 */
describe('postgres.js across a Postgres restart', () => {
  let pg: PgCluster;
  let database: Database;
  beforeAll(async () => {
    pg = await startPgCluster();
    database = await openPostgres(pg.url, { max: 10, migrate: false });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    pg?.destroy();
  });

  it('fails the queries in flight, keeps the process, and answers again after the restart', async () => {
    const errors: unknown[] = [];
    const onUncaught = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onUncaught);
    let stop = false;
    const loop = async () => {
      let ok = 0;
      let failed = 0;
      while (!stop) {
        try {
          await database.db.transaction(async (tx) => {
            await tx.execute(sql`select pg_sleep(0.02)`);
            await tx.execute(sql`select ${'x'.repeat(50)}::text as pad`);
          });
          ok++;
        } catch {
          failed++;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      return { ok, failed };
    };
    const loops = Array.from({ length: 20 }, loop);
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 3; i++) {
      await pg.restart();
      await new Promise((r) => setTimeout(r, 300));
    }
    // Back within seconds: a plain query answers once the server is up.
    const t0 = Date.now();
    for (;;) {
      try {
        await database.db.execute(sql`select 1`);
        break;
      } catch (e) {
        if (Date.now() - t0 > 20_000) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    stop = true;
    // Every transaction in flight settles (an unpatched driver left some waiting forever).
    const results = await Promise.race([
      Promise.all(loops),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('transactions still waiting 20 s after the restart')), 20_000)),
    ]);
    process.off('uncaughtException', onUncaught);
    expect(errors).toEqual([]);
    expect(results.reduce((n, r) => n + r.failed, 0)).toBeGreaterThan(0);
    expect(results.reduce((n, r) => n + r.ok, 0)).toBeGreaterThan(0);
    // Every pooled connection works again (none left with a stuck write).
    const answers = await Promise.all(Array.from({ length: 30 }, () => database.db.transaction((tx) => tx.execute(sql`select 1 as one`))));
    expect(answers).toHaveLength(30);
  }, 120_000);
});
