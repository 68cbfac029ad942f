import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/client';
import { rowsOf } from '../../src/db/batch';
import { paymentLinksFor } from '../../src/ledger/payment-links';

/**
 * A storm's round reads its debts' live payment links (paymentLinksPlanned). Joined to the recordset, that read was
 * planned as a hash join over a sequential scan of every link, and a connection's generic plan, made while the table
 * was nearly empty, kept scanning it as it grew by one link per fired reminder (storm13, decision 0158). Checked here
 * with the generic plan forced on the only connection, from an empty table to a few thousand links: the links are
 * still reused as before (one live whole-debt link per debt), and no read of them scans the table.
 */
describe('a debt live payment link is found by its index, whatever the plan', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of closers.reverse()) await c();
  });

  it.skipIf(!process.env.DATABASE_URL)('reuses each debt its live link; no sequential scan of payment_links under a generic plan made on an empty table', async () => {
    const url = process.env.DATABASE_URL!;
    const name = `saisoku_t_links_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    closers.push(() => admin.end());
    await admin.unsafe(`create database ${name}`);
    closers.push(() => admin.unsafe(`drop database if exists ${name} with (force)`));
    const u = new URL(url);
    u.pathname = `/${name}`;
    const pool = await openPostgres(u.toString(), { max: 1 });
    closers.push(() => pool.close());
    const db = pool.db;
    await db.execute(sql`set plan_cache_mode = force_generic_plan`);
    const debtIds = (
      await rowsOf<{ id: string }>(
        db,
        sql`with d as (insert into debtors (external_ref, name, phone, locale, timezone, region, consent_obtained_at, consent_source)
              select 'C-' || i, 'n', '+8190' || lpad(i::text, 8, '0'), 'ja', 'Asia/Tokyo', 'JP', now(), 'contract' from generate_series(1, 40) i returning id, external_ref)
            insert into debts (debtor_id, external_ref, amount, currency, due_date) select id, 'I-' || external_ref, 1000, 'JPY', '2026-12-31' from d returning id`,
      )
    ).map((r) => r.id);
    const now = new Date('2026-12-01T01:00:00Z');
    const inputs = (ids: string[]) => ids.map((debtId) => ({ debtId, now, expiryDays: 14 }));
    const stat = async () => {
      await db.execute(sql`select pg_stat_force_next_flush()`);
      return (await rowsOf<{ seq: number }>(db, sql`select coalesce(seq_scan, 0)::int as seq from pg_stat_user_tables where relname = 'payment_links'`))[0]!.seq;
    };
    const seq0 = await stat();
    // Six reads on the empty table (past the five custom plans; the generic one is forced anyway), each making links.
    const first = new Map<string, string>();
    for (let i = 0; i < 6; i++) for (const [d, t] of await paymentLinksFor(db, inputs(debtIds.slice(i * 5, i * 5 + 5)))) first.set(d, t);
    expect(first.size).toBe(30);
    // The table grows (other debts' links, expired and installment links of these debts), then the same debts again.
    await db.execute(sql`insert into payment_links (token, debt_id, installment_id, expires_at)
      select md5(g::text || d.id::text), d.id, case when g % 2 = 0 then gen_random_uuid() end, case when g % 2 = 1 then ${now.toISOString()}::timestamptz else ${now.toISOString()}::timestamptz + interval '30 days' end
      from debts d, generate_series(1, 100) g`);
    const again = await paymentLinksFor(db, inputs(debtIds));
    for (const [d, t] of first) expect(again.get(d)).toBe(t);
    expect(again.size).toBe(40);
    // The ten debts without a live link got one each, new.
    const fresh = debtIds.filter((d) => !first.has(d));
    expect(new Set(fresh.map((d) => again.get(d))).size).toBe(10);
    expect(await stat()).toBe(seq0);
  });
});
