import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { conversations, debtors, outbox, paymentLinks, timers } from '../../db/schema';
import type { ManualClock } from '../../src/shared/clock';
import { sweep } from '../../src/workers/sweep';
import { startWorkers } from '../../src/workers/workers';
import { ADMIN_TOKEN, jpMobile, startHarness, type Harness } from '../support/harness';

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
});
