import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/batch';
import { readOutboxFacts } from '../../src/compliance/facts';
import { createDebt } from '../../src/dunning/debts';
import { queueOutbound } from '../../src/outbox/queue';
import { claimRows, deliverOutbox, suppressionsOf } from '../../src/workers/sender';
import { freshDatabase } from '../support/db';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';

/**
 * The send stage's reads reach each row by its key, whatever plan the connection cached (decision 0159). The bench's
 * Postgres has no statistics (autovacuum off), and a generic plan made while the tables were nearly empty is kept as
 * they grow: the claim walked `outbox_due_idx` over every due row and filtered its ids (39–49 ms a claim in a
 * 20,000-timer storm), the gate's facts read scanned every message, debtor and conversation, and the suppression
 * reads every active suppression. Checked here with the generic plan forced on the harness's only connection, made
 * on a one-debt database, then used with 40 due reminders: no sequential scan of those tables, and the claim reads
 * no more of `outbox_due_idx` than the rows it claims.
 */
describe('the send stage under a generic plan made on empty tables', () => {
  let h: Harness | undefined;
  afterAll(async () => h?.close());

  it.skipIf(!process.env.DATABASE_URL)('claims, reads the facts and the suppressions by key; delivery is unchanged', async () => {
    const database = await freshDatabase({ max: 1 });
    await database.db.execute(sql`set plan_cache_mode = force_generic_plan`);
    h = await startHarness({ database, workers: false });
    const db = h.services.db;
    const now = h.clock.now();
    const reminder = async (i: number) => {
      const phone = jpMobile(7300 + i);
      const r = await createDebt(h!.services, debtPayload({ ref: `plan-${i}-${crypto.randomUUID().slice(0, 6)}`, phone: phone.local }) as never);
      if (r.status !== 'created') throw new Error(`debt not created: ${r.status}`);
      const row = await queueOutbound(db, { conversationId: r.conversationId, debtorId: r.debtorId, phone: phone.e164, body: `【サンプル債権】plan ${i}`, kind: 'reminder', author: 'system', idempotencyKey: `plan-${i}-${crypto.randomUUID()}`, provider: 'twilio', notBefore: now });
      return { id: row!.id, phone: phone.e164 };
    };
    const stats = async () => {
      await db.execute(sql`select pg_stat_force_next_flush()`);
      const seq = await rowsOf<{ relname: string; seq: number }>(db, sql`select relname, coalesce(seq_scan, 0)::int as seq from pg_stat_user_tables
        where relname in ('outbox', 'messages', 'debtors', 'conversations', 'suppressions') order by relname`);
      const [due] = await rowsOf<{ n: number }>(db, sql`select idx_tup_read::int as n from pg_stat_user_indexes where indexrelname = 'outbox_due_idx'`);
      return { seq: Object.fromEntries(seq.map((r) => [r.relname, r.seq])), dueRead: due!.n };
    };
    // The claim, the facts read and the suppression read in one transaction, rolled back (nothing claimed stays claimed).
    const reads = async (ids: string[], phones: string[]) => {
      let out: { claimed: Awaited<ReturnType<typeof claimRows>>; facts: Map<string, unknown>; sups: Map<string, string> } | undefined;
      await db
        .transaction(async (tx) => {
          out = { claimed: await claimRows(tx, ids, now), facts: await readOutboxFacts(tx, ids, now), sups: await suppressionsOf(tx, phones) };
          tx.rollback();
        })
        .catch((e: Error) => (e.message === 'Rollback' ? null : Promise.reject(e)));
      return out!;
    };

    // Nearly empty tables: the connection's plans are made here (and more than five times, past auto's custom plans).
    const first = await reminder(0);
    for (let i = 0; i < 6; i++) await reads([first.id], [first.phone]);
    expect(await deliverOutbox(h.services, [first.id])).toEqual(['sent']);

    // Forty due reminders, one STOPped number; the same plans claim and read ten of them.
    const rows = [];
    for (let i = 1; i <= 40; i++) rows.push(await reminder(i));
    await db.execute(sql`insert into suppressions (phone, reason) values (${rows[3]!.phone}, 'stop')`);
    const ten = rows.slice(0, 10);
    const before = await stats();
    const { claimed: seen, facts: factsSeen, sups: supsSeen } = await reads(ten.map((r) => r.id), ten.map((r) => r.phone));
    const after = await stats();
    expect(seen.map((c) => c.row.id).sort()).toEqual(ten.map((r) => r.id).sort());
    expect(seen.every((c) => c.debtor && c.debtor.id === c.row.debtorId && c.msg.id === c.row.messageId)).toBe(true);
    expect([...factsSeen.keys()].sort()).toEqual(ten.map((r) => r.id).sort());
    expect([...supsSeen]).toEqual([[rows[3]!.phone, 'stop']]);
    expect(after.seq).toEqual(before.seq);
    // The old claim read every due row of the index (41 here) to find its ten.
    expect(after.dueRead - before.dueRead).toBeLessThan(10);

    // The whole stage with those plans: nine sent, the STOPped one refused.
    const out = await deliverOutbox(h.services, ten.map((r) => r.id));
    expect(out.filter((o) => o === 'sent')).toHaveLength(9);
    expect(out[3]).toBe('refuse');
  });
});
