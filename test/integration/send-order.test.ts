import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, outbox } from '../../db/schema';
import { queueOutbound } from '../../src/outbox/queue';
import { ManualClock } from '../../src/shared/clock';
import { deliverDue, deliverOutbox } from '../../src/workers/sender';
import { debtPayload, jpMobile, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/**
 * One debtor's messages reach the provider in the order they were written (issue #12): two outbox
 * rows of one conversation due together go one after the other, never in one concurrent burst, and
 * no two deliveries (in this process or another) call the provider for one conversation at once.
 */
describe('send order within a conversation', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** `n` conversations (debts loaded through the API; no workers, so nothing fires by itself), each with two rows queued in this order. */
  async function pairs(n: number, base: number) {
    const now = h.clock.now();
    const out: Array<{ phone: string; first: string; second: string; conversationId: string }> = [];
    for (let i = 0; i < n; i++) {
      const to = jpMobile(base + i);
      const created = await h.api('POST', '/api/debts', debtPayload({ ref: `ord${base + i}`, phone: to.local }));
      expect(created.status).toBe(201);
      const { conversationId, debtorId } = created.json as { conversationId: string; debtorId: string };
      // Written one after the other with the same moment (the flow's brand first, as the gate asks) (two held rows released together, an answer and a confirmation).
      const row = (body: string, key: string) =>
        queueOutbound(h.services.db, { conversationId, debtorId, phone: to.e164, body, kind: 'reply', author: 'bot', idempotencyKey: key, provider: 'twilio', notBefore: now });
      const first = await row(`【サンプル債権】first ${i}`, `ord-${base + i}-1`);
      const second = await row(`【サンプル債権】second ${i}`, `ord-${base + i}-2`);
      out.push({ phone: to.e164, first: first!.id, second: second!.id, conversationId });
    }
    return out;
  }
  const bodiesTo = (phone: string) => h.fake!.received.filter((r) => r.sid && r.from === TWILIO_FROM && r.to === phone).map((r) => r.body?.replace('【サンプル債権】', ''));

  it('two rows of one conversation in one batch reach the provider in the order they were written; other conversations still go together', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00'), workers: false });
    const ps = await pairs(8, 8100);
    // The sweep's path: every due row in one batch.
    expect(await deliverDue(h.services)).toBe(16);
    for (const [i, p] of ps.entries()) expect(bodiesTo(p.phone)).toEqual([`first ${i}`, `second ${i}`]);
    const states = await h.services.db.select({ status: outbox.status, attempts: outbox.attempts }).from(outbox).where(inArray(outbox.id, ps.flatMap((p) => [p.first, p.second])));
    expect(states.map((s) => `${s.status}/${s.attempts}`)).toEqual(Array(16).fill('sent/1'));
  });

  it('a second delivery of a conversation waits for the first one’s provider call (one process)', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00'), workers: false });
    const [p, warm] = await pairs(2, 8200);
    // A delivery first, so the timing below is not a cold process's first statements.
    expect(await deliverOutbox(h.services, [warm!.first, warm!.second])).toEqual(['sent', 'sent']);
    // Every provider call is answered 800 ms after the provider took the message (a slow provider).
    h.fake!.chaos({ hangAccepted: 1, hangMs: 800, random: () => 0 });
    const first = deliverOutbox(h.services, [p!.first]);
    // The provider has the first message and has not answered yet: the second row is handed to another delivery now.
    await h.fake!.waitFor((r) => r.to === p!.phone && !!r.sid);
    const second = deliverOutbox(h.services, [p!.second]);
    expect(await first).toEqual(['sent']);
    expect(await second).toEqual(['sent']);
    expect(bodiesTo(p!.phone)).toEqual(['first 0', 'second 0']);
    // Not at once: the second call started only after the provider answered the first.
    const [r1, r2] = h.fake!.received.filter((r) => r.sid && r.to === p!.phone);
    expect(r2!.at.getTime() - r1!.at.getTime()).toBeGreaterThanOrEqual(790);
  });

  it('a row whose conversation another process is sending waits (no provider call, no gate decision) and goes once that send is over; a stale claim does not block', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00'), workers: false });
    const [p, q] = await pairs(2, 8300);
    const now = h.clock.now();
    // Another process has claimed the first row and is waiting for the provider (its claim committed: 'sending' since now).
    await h.services.db.update(outbox).set({ status: 'sending', attempts: 1, notBefore: now }).where(eq(outbox.id, p!.first));
    expect(await deliverOutbox(h.services, [p!.second])).toEqual(['noop']);
    expect(bodiesTo(p!.phone)).toEqual([]);
    const [left] = await h.services.db.select().from(outbox).where(eq(outbox.id, p!.second));
    expect(left).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.conversationId, p!.conversationId), eq(auditEvents.actor, 'gate')))).toEqual([]);
    // That process records its answer; and the other conversation's first row is a claim older than the
    // reconciler's bound: a dead worker's, not a call in flight, so it does not hold its conversation.
    await h.services.db.update(outbox).set({ status: 'sent', sentAt: now }).where(eq(outbox.id, p!.first));
    await h.services.db.update(outbox).set({ status: 'sending', attempts: 1, notBefore: new Date(now.getTime() - 10 * 60_000) }).where(eq(outbox.id, q!.first));
    // Both second rows go at their next wake-up (the sweep's deliverDue here), once each.
    expect(await deliverDue(h.services)).toBe(2);
    expect(bodiesTo(p!.phone)).toEqual(['second 0']);
    expect(bodiesTo(q!.phone)).toEqual(['second 1']);
  });
});
