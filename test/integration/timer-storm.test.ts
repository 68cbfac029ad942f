import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { conversations, debtors, outbox, paymentLinks, timers } from '../../db/schema';
import type { ManualClock } from '../../src/shared/clock';
import { sweep } from '../../src/workers/sweep';
import { startWorkers } from '../../src/workers/workers';
import { ADMIN_TOKEN, jpMobile, startHarness, type Harness } from '../support/harness';
import { text } from './behaviours/support';

/**
 * Issue #12 part 4: a storm of timers due at one instant. The drain takes them in batches; every
 * one fires (none before its due time), each conversation's reminder is queued and sent once, and
 * each debt's reminder carries that debt's own payment link.
 */
const HEADER = 'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date,flow';
const N = 2000;

describe('timer storm', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it(`${N} reminders due at one instant: all fire, none early, one reminder SMS each with its own debt's link`, async () => {
    // No workers while the import runs: every first reminder waits, all due at the same instant.
    h = await startHarness({ workers: false });
    const clock = h.clock as ManualClock;
    const phones = Array.from({ length: N }, (_, i) => jpMobile(20_000 + i));
    // Due the day before the clock's day: each first reminder is due at the import's instant.
    const csv = [HEADER, ...phones.map((p, i) => `C-st${i},山田 太郎,${p.local},ja,Asia/Tokyo,2026-04-01T00:00:00Z,contract,INV-st${i},12000,JPY,2026-11-19,standard-ja`)].join('\n');
    const res = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBeLessThan(300);
    // The answer streams from the first batch on: the import has ended when the answer has.
    expect(((await res.json()) as { summary: { created: number } }).summary.created).toBe(N);
    const db = h.services.db;
    const armed = await db.select({ id: timers.id, dueAt: timers.dueAt }).from(timers).where(and(eq(timers.name, 'reminder'), eq(timers.status, 'pending')));
    expect(armed).toHaveLength(N);
    const due = Math.max(...armed.map((t) => t.dueAt.getTime()));
    expect(Math.min(...armed.map((t) => t.dueAt.getTime()))).toBe(due);

    // A moment before the instant, the workers start and a sweep wakes the drain: nothing is due yet.
    clock.set(new Date(due - 1));
    const workers = startWorkers(h.services, { sweep: false, concurrency: 2 });
    try {
      await sweep(h.services);
      await workers.drained();
      expect(await db.select({ id: timers.id }).from(timers).where(eq(timers.status, 'fired'))).toHaveLength(0);
      expect(h.fake!.received.filter((r) => r.sid)).toHaveLength(0);

      // The instant comes: one wake-up, and the drain keeps taking rounds until every timer has fired.
      clock.set(new Date(due));
      await sweep(h.services);
      await h.waitFor(async () => (await db.select({ id: timers.id }).from(timers).where(eq(timers.status, 'fired'))).length >= N, 120_000);
      await h.waitFor(async () => new Set(h.fake!.received.filter((r) => r.sid).map((r) => r.to)).size >= N, 120_000);
      await workers.drained();
    } finally {
      await workers.stop();
    }

    const rows = await db.select().from(timers).where(inArray(timers.id, armed.map((t) => t.id)));
    expect(rows.every((t) => t.status === 'fired' && t.firedAt !== null && t.firedAt.getTime() >= t.dueAt.getTime())).toBe(true);
    // One reminder per conversation, sent once, each with the link of its own debt (one link per debt).
    const box = await db
      .select({ conv: outbox.conversationId, status: outbox.status, debtId: conversations.debtId, phone: debtors.phone })
      .from(outbox)
      .innerJoin(conversations, eq(conversations.id, outbox.conversationId))
      .innerJoin(debtors, eq(debtors.id, conversations.debtorId))
      .where(eq(outbox.kind, 'reminder'));
    expect(box).toHaveLength(N);
    expect(new Set(box.map((b) => b.conv)).size).toBe(N);
    expect(box.every((b) => b.status === 'sent')).toBe(true);
    const links = await db.select({ debtId: paymentLinks.debtId, token: paymentLinks.token }).from(paymentLinks);
    expect(links).toHaveLength(N);
    const tokenOf = new Map(links.map((l) => [l.debtId, l.token]));
    const sent = h.fake!.received.filter((r) => r.sid);
    expect(sent).toHaveLength(N);
    for (const b of box) {
      const mine = sent.filter((r) => r.to === b.phone);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.body).toContain(`/p/${tokenOf.get(b.debtId)}`);
    }
  }, 240_000);

  // The bench's second storm (scenario 4, "all at one instant") arms a reminder for every conversation,
  // the first storm's repliers included: those are in paid_claimed, where the flow has no `reminder`
  // transition. Their timers fire (consumed, audited) and send nothing — the 1,000 of 9,000 fired
  // reminders that never reached the fake (decision 0133). Every conversation still in dunning gets its SMS.
  it('a second storm over the same conversations: the paid_claimed ones fire and send nothing, every other one sends its reminder', async () => {
    const n = 300;
    const k = 30;
    h = await startHarness({ workers: false });
    const clock = h.clock as ManualClock;
    const phones = Array.from({ length: n }, (_, i) => jpMobile(30_000 + i));
    const csv = [HEADER, ...phones.map((p, i) => `C-sb${i},山田 太郎,${p.local},ja,Asia/Tokyo,2026-04-01T00:00:00Z,contract,INV-sb${i},12000,JPY,2026-11-19,standard-ja`)].join('\n');
    const res = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBeLessThan(300);
    const db = h.services.db;
    const fired = async () => (await db.select({ id: timers.id }).from(timers).where(and(eq(timers.name, 'reminder'), eq(timers.status, 'fired')))).length;
    const workers = startWorkers(h.services, { sweep: false, concurrency: 2 });
    try {
      // The first storm (the import's first reminders), then k debtors say they paid.
      await sweep(h.services);
      await h.waitFor(async () => (await fired()) >= n, 60_000);
      await h.waitFor(async () => h.fake!.received.filter((r) => r.sid).length >= n, 60_000);
      const repliers = phones.slice(0, k).map((p) => p.e164);
      for (const p of repliers) await text(h, p, '払いました');
      const claimed = async () => (await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.state, 'active.paid_claimed'))).length;
      await h.waitFor(async () => (await claimed()) >= k, 60_000);
      await workers.drained();

      // The second storm: one new reminder per conversation, due at one instant, written as the bench writes it.
      const mark = h.fake!.received.length;
      const due = new Date(clock.now().getTime() + 60_000);
      await db.execute(sql`insert into timers (conversation_id, name, event, due_at)
        select c.id, 'reminder', '{"type":"reminder","step":0}'::jsonb, ${due.toISOString()}::timestamptz from conversations c`);
      clock.set(due);
      await sweep(h.services);
      await h.waitFor(async () => (await db.select({ id: timers.id }).from(timers).where(and(eq(timers.status, 'fired'), eq(timers.dueAt, due)))).length >= n, 60_000);
      await h.waitFor(async () => h.fake!.received.slice(mark).filter((r) => r.sid).length >= n - k, 60_000);
      await workers.drained();
      await sweep(h.services);
      await workers.drained();

      const stray = await db.select({ status: timers.status }).from(timers).where(eq(timers.dueAt, due));
      expect(stray).toHaveLength(n);
      expect(stray.every((t) => t.status === 'fired')).toBe(true);
      const after = h.fake!.received.slice(mark).filter((r) => r.sid);
      const got = new Set(after.map((r) => r.to));
      expect(after).toHaveLength(n - k);
      expect(got.size).toBe(n - k);
      for (const p of phones.slice(k)) expect(got.has(p.e164)).toBe(true);
      for (const p of repliers) expect(got.has(p)).toBe(false);
      expect(await claimed()).toBe(k);
      // Nothing waits to be sent: no reminder is stuck in the outbox either.
      const unsent = await db.select({ id: outbox.id }).from(outbox).where(inArray(outbox.status, ['pending', 'held', 'sending']));
      expect(unsent).toHaveLength(0);
    } finally {
      await workers.stop();
    }
  }, 240_000);
});
