import { connect, createServer, type Server, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { commitPipelined, handedToDriver, NestedQueryError, openPglite, openPostgres, pipelinedTransaction, type Database } from '../../src/db/client';
import { causeOf, plainIndexScans, rowsOf } from '../../src/db/batch';
import { ph, prebuilt } from '../../src/db/prebuilt';
import { freshDatabase } from '../support/db';

/**
 * pipelinedTransaction / commitPipelined (decision 0154): BEGIN goes out with the first statement,
 * COMMIT with the last writes. Round trips are counted by a relay that holds every chunk DELAY_MS
 * each way (so a pipeline's writes all reach it before any answer comes back): a turn is the client
 * sending after the server has answered. A transaction of one read and one write takes 4 plain
 * (BEGIN, read, write, COMMIT) and 2 pipelined.
 */
const DELAY_MS = 40;

/** The error a transaction rejected with, as the database or the driver gave it (drizzle wraps it). */
const failure = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error('expected a rejection');
  },
  (e: unknown) => causeOf(e) as Error,
);

function delayingRelay(target: URL): Promise<{ url: string; close: () => Promise<void>; turns: () => number }> {
  const sockets = new Set<Socket>();
  let turns = 0;
  const server: Server = createServer((c) => {
    const up = connect(Number(target.port || 5432), target.hostname);
    sockets.add(c).add(up);
    let answered = true;
    const pass = (from: Socket, to: Socket) => from.on('data', (b) => setTimeout(() => to.destroyed || to.write(b), DELAY_MS));
    c.on('data', () => {
      if (answered) turns++;
      answered = false;
    });
    up.on('data', () => (answered = true));
    pass(c, up);
    pass(up, c);
    const end = () => (c.destroy(), up.destroy());
    c.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(typeof a === 'object' && a ? a.port : 0);
      resolve({
        url: u.toString(),
        turns: () => turns,
        close: async () => {
          for (const s of sockets) s.destroy();
          await new Promise((r) => server.close(r));
        },
      });
    }),
  );
}

describe('a pipelined transaction on Postgres', () => {
  let base: Database & { url: string };
  let relay: Awaited<ReturnType<typeof delayingRelay>>;
  let db: Database;
  const statements: string[] = [];
  beforeAll(async () => {
    base = await freshDatabase({ max: 2 });
    await base.db.execute(sql`create table pipe_t (id int primary key, v text not null)`);
    relay = await delayingRelay(new URL(base.url));
    db = await openPostgres(relay.url, { max: 1, migrate: false, onStatement: (_c, q) => statements.push(q) });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await relay?.close();
    await base?.close();
  });

  const oneReadOneWrite = (pipelined: boolean, id: number, v: string) => {
    const body = async (tx: Parameters<Parameters<Database['db']['transaction']>[0]>[0]) => {
      const [row] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from pipe_t where id = ${id}`);
      const write = rowsOf(tx, sql`insert into pipe_t (id, v) values (${id}, ${v})`);
      await Promise.all([write, commitPipelined(tx)]);
      return row!.n;
    };
    return pipelined ? pipelinedTransaction(db.db, body) : db.db.transaction(body);
  };

  it('takes two round trips where a plain transaction takes four, and commits', async () => {
    // Prepared first (a statement new to the connection waits for its describe: one round trip more).
    await oneReadOneWrite(false, 1, 'warm');
    await oneReadOneWrite(true, 2, 'warm');
    const trips = async (pipelined: boolean, id: number) => {
      const t0 = relay.turns();
      await oneReadOneWrite(pipelined, id, pipelined ? 'p' : 'plain');
      return relay.turns() - t0;
    };
    expect([await trips(false, 10), await trips(false, 11)]).toEqual([4, 4]);
    expect([await trips(true, 20), await trips(true, 21)]).toEqual([2, 2]);
    const rows = await rowsOf<{ id: number; v: string }>(base.db, sql`select id, v from pipe_t where id in (20, 21) order by id`);
    expect(rows).toEqual([
      { id: 20, v: 'p' },
      { id: 21, v: 'p' },
    ]);
  }, 30_000);

  it('counts BEGIN and COMMIT once each, as a plain transaction does', async () => {
    statements.length = 0;
    await oneReadOneWrite(true, 30, 'count');
    expect(statements.filter((s) => s === 'begin' || s === 'commit' || s === 'rollback')).toEqual(['begin', 'commit']);
    expect(statements).toHaveLength(4);
  });

  it('rolls back when a write before the COMMIT fails, and rejects with that write\'s error', async () => {
    const e = await failure(
      pipelinedTransaction(db.db, async (tx) => {
        const a = rowsOf(tx, sql`insert into pipe_t (id, v) values (${40}, ${'kept?'})`);
        const b = rowsOf(tx, sql`insert into pipe_t (id, v) values (${41}, ${null})`); // not null: fails
        const c = rowsOf(tx, sql`insert into pipe_t (id, v) values (${42}, ${'after'})`);
        await Promise.all([a, b, c, commitPipelined(tx)]);
      }),
    );
    expect(e.message).toMatch(/null value/i);
    expect(await rowsOf(base.db, sql`select id from pipe_t where id between 40 and 42`)).toEqual([]);
    // The pool's only connection is free and outside any transaction.
    expect(await oneReadOneWrite(true, 43, 'next')).toBe(0);
    expect(await rowsOf(base.db, sql`select id from pipe_t where id = 43`)).toEqual([{ id: 43 }]);
  });

  it('refuses a statement after its COMMIT (it would run on a connection back in the pool)', async () => {
    const e = await failure(
      pipelinedTransaction(db.db, async (tx) => {
        const w = rowsOf(tx, sql`insert into pipe_t (id, v) values (${50}, ${'x'})`);
        const done = commitPipelined(tx);
        await Promise.all([w, done]);
        await rowsOf(tx, sql`insert into pipe_t (id, v) values (${51}, ${'late'})`);
      }),
    );
    expect(e.message).toMatch(/pipelined COMMIT/);
    expect(await rowsOf(base.db, sql`select id from pipe_t where id in (50, 51) order by id`)).toEqual([{ id: 50 }]);
  });

  it('still refuses a query on the root handle inside it (the nested-query guard)', async () => {
    const e = await failure(
      pipelinedTransaction(db.db, async () => {
        await db.db.execute(sql`select 1`);
      }),
    );
    expect(e).toBeInstanceOf(NestedQueryError);
    expect(await oneReadOneWrite(true, 60, 'after guard')).toBe(0);
  });

  it('sends COMMIT behind statements drizzle starts lazily (a builder awaited, a raw execute), however deep their promise chains', async () => {
    const table = sql.raw('pipe_t');
    await pipelinedTransaction(db.db, async (tx) => {
      const lazy = tx.execute(sql`insert into ${table} (id, v) values (${80}, ${'lazy'})`); // started when Promise.all takes it
      const viaRows = (async () => {
        await Promise.resolve();
        await Promise.resolve();
        return rowsOf(tx, sql`insert into ${table} (id, v) values (${81}, ${'deep'})`);
      })();
      await Promise.all([lazy, viaRows, commitPipelined(tx)]);
    });
    expect(await rowsOf(base.db, sql`select id from pipe_t where id in (80, 81) order by id`)).toEqual([{ id: 80 }, { id: 81 }]);
  });

  it('a setting sent through rowsOf is in force for a prebuilt statement started after handedToDriver, in the same round trip (the drain round\'s lock, decision 0171)', async () => {
    const pipeT = pgTable('pipe_t', { id: integer('id').primaryKey(), v: text('v').notNull() });
    // The setting as the prebuilt statement sees it (a prebuilt statement reaches the driver at once, rowsOf's a few promise jobs later).
    const SEEN = prebuilt((h) => h.select({ bitmap: sql<string>`current_setting('enable_bitmapscan')` }).from(pipeT).where(sql`${pipeT.id} = ${ph('id')}::int`));
    await rowsOf(db.db, sql`insert into pipe_t (id, v) values (${90}, ${'seen'})`);
    const round = () =>
      pipelinedTransaction(db.db, async (tx) => {
        const plain = rowsOf(tx, plainIndexScans());
        await handedToDriver();
        const [seen] = await SEEN(tx, { id: '90' });
        await plain;
        await commitPipelined(tx);
        return seen!.bitmap;
      });
    expect(await round()).toBe('off');
    const t0 = relay.turns();
    expect(await round()).toBe('off');
    // BEGIN, the setting and the statement in one round trip, COMMIT in a second.
    expect(relay.turns() - t0).toBe(2);
    // SET LOCAL: gone with the transaction.
    expect(await rowsOf(db.db, sql`select current_setting('enable_bitmapscan') as v`)).toEqual([{ v: 'on' }]);
  });

  it('commits as a plain transaction when the callback never calls commitPipelined', async () => {
    const n = await pipelinedTransaction(db.db, async (tx) => {
      await rowsOf(tx, sql`insert into pipe_t (id, v) values (${70}, ${'plain end'})`);
      return 1;
    });
    expect(n).toBe(1);
    expect(await rowsOf(base.db, sql`select v from pipe_t where id = 70`)).toEqual([{ v: 'plain end' }]);
  });
});

describe('a pipelined transaction on PGlite', () => {
  it('is a plain transaction (commitPipelined is a no-op; a failing write rolls back)', async () => {
    const db = await openPglite();
    try {
      await db.db.execute(sql`create table pipe_t (id int primary key, v text not null)`);
      await pipelinedTransaction(db.db, async (tx) => {
        await Promise.all([rowsOf(tx, sql`insert into pipe_t (id, v) values (${1}, ${'a'})`), commitPipelined(tx)]);
      });
      await expect(
        pipelinedTransaction(db.db, async (tx) => {
          await Promise.all([rowsOf(tx, sql`insert into pipe_t (id, v) values (${2}, ${'b'})`), rowsOf(tx, sql`insert into pipe_t (id, v) values (${3}, ${null})`), commitPipelined(tx)]);
        }),
      ).rejects.toThrow();
      expect(await rowsOf(db.db, sql`select id from pipe_t order by id`)).toEqual([{ id: 1 }]);
    } finally {
      await db.close();
    }
  }, 60_000);
});
