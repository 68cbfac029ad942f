import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../src/db/client';
import { rowsOf } from '../../src/db/batch';
import { sql } from 'drizzle-orm';

/**
 * Migration 0015 (decision 0155): the app's statements are never JIT-compiled. A batch statement's planned cost
 * crosses jit_above_cost once its tables grow without statistics, and each execution then spends 30–40 ms (up to ~1 s)
 * of backend CPU compiling itself. Checked on a database migrated from empty (a clone of a migrated template does
 * not inherit a database's settings), on the migrating connection and on connections opened after it.
 */
describe('jit is off for the app database', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of closers.reverse()) await c();
  });

  const jitOf = async (db: Database) => (await rowsOf<{ jit: string }>(db.db, sql`select current_setting('jit') as jit`))[0]!.jit;

  it('after the migrations, every connection of the pool has jit = off', async () => {
    const url = process.env.DATABASE_URL;
    if (!url) {
      // PGlite (no LLVM, one connection): the migrating session itself carries the setting.
      const db = await openPglite();
      closers.push(() => db.close());
      expect(await jitOf(db)).toBe('off');
      return;
    }
    const name = `saisoku_t_jit_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    closers.push(() => admin.end());
    await admin.unsafe(`create database ${name}`);
    closers.push(() => admin.unsafe(`drop database if exists ${name} with (force)`));
    expect((await admin`select current_setting('jit') as jit`)[0]!.jit).toBe('on'); // the server's default here
    const u = new URL(url);
    u.pathname = `/${name}`;
    // Before any migration (the database's own setting not yet there): the connection asks for it at startup.
    const unmigrated = await openPostgres(u.toString(), { max: 1, migrate: false });
    expect(await jitOf(unmigrated)).toBe('off');
    await unmigrated.close();
    // Migrated with one connection (the one the migration ran on), then a pool of three opened afterwards.
    const first = await openPostgres(u.toString(), { max: 1 });
    expect(await jitOf(first)).toBe('off');
    await first.close();
    const pool = await openPostgres(u.toString(), { max: 3, migrate: false });
    closers.push(() => pool.close());
    const all = await Promise.all([0, 1, 2].map(() => pool.db.transaction(async (tx) => (await rowsOf<{ jit: string; pid: number }>(tx, sql`select current_setting('jit') as jit, pg_backend_pid() as pid, pg_sleep(0.05)`))[0]!)));
    expect(new Set(all.map((r) => r.pid)).size).toBe(3);
    expect(all.map((r) => r.jit)).toEqual(['off', 'off', 'off']);
  });
});
