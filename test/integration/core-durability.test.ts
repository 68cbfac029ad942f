import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, conversations, messages, outbox, timers } from '../../db/schema';
import { processInbound } from '../../src/conversation/engine';
import { ingestInbound } from '../../src/conversation/ingress';
import { sweep } from '../../src/workers/sweep';
import { ManualClock } from '../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';

const sent = (h: Harness, to: string) => h.fake!.received.filter((r) => r.sid && r.to === to);

/** Moves the simulated clock and lets the sweep wake what is due (no test sleeps for days). */
async function advanceTo(h: Harness, at: string) {
  (h.clock as ManualClock).set(at);
  await sweep(h.services);
}

describe('core: durable schedule, restarts and Redis loss', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('fires the follow-ups at the schedule times, then escalates', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T09:00:00+09:00') });
    const to = '+819012340001';
    const { json } = await h.api('POST', '/api/debts', debtPayload({ ref: 'sched', phone: '090-1234-0001', dueDate: '2026-11-25' }));
    // 3 days before the due date, 10:00 JST: nothing yet at 09:00 on the 20th.
    const conv0 = await h.api('GET', `/api/conversations/${json.conversationId}`);
    expect(conv0.json.timers).toEqual([{ name: 'reminder', dueAt: '2026-11-22T01:00:00.000Z' }]);
    expect(sent(h, to)).toHaveLength(0);

    const steps: Array<[string, RegExp]> = [
      ['2026-11-22T10:00:05+09:00', /お支払期限/],
      ['2026-11-25T10:00:05+09:00', /本日11月25日がお支払期限/],
      ['2026-11-28T10:00:05+09:00', /確認できていません/],
      ['2026-12-02T10:00:05+09:00', /担当者からご連絡/],
    ];
    for (const [i, [at, re]] of steps.entries()) {
      await advanceTo(h, at);
      await h.waitFor(async () => sent(h, to).length === i + 1);
      expect(sent(h, to)[i]!.body).toMatch(re);
    }
    await advanceTo(h, '2026-12-05T10:00:05+09:00');
    const conv = await h.waitFor(async () => {
      const c = await h.api('GET', `/api/conversations/${json.conversationId}`);
      return c.json.status === 'escalated' ? c.json : null;
    });
    expect(conv.escalation.reason).toBe('no_response');
    await h.waitFor(async () => sent(h, to).length === 5);
    expect(sent(h, to)[4]!.body).toContain('担当者が内容を確認');
    expect(conv.timers).toEqual([]);
  });

  it('loses nothing when the worker restarts mid-burst: every reply once, no double sends, timers still fire', async () => {
    h = await startHarness();
    const n = 12;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await h.api('POST', '/api/debts', debtPayload({ ref: `burst${i}`, phone: jpMobile(100 + i).local, dueDate: '2026-11-21' }));
      ids.push(r.json.conversationId);
    }
    await h.waitFor(async () => h.fake!.received.filter((r) => r.sid).length === n);
    const burst = Array.from({ length: n }, (_, i) =>
      h.twilioPost('/webhooks/twilio/inbound', {
        MessageSid: `SM${String(i).padStart(32, 'f')}`,
        AccountSid: h.fake!.accountSid,
        From: jpMobile(100 + i).e164,
        To: '+15005550006',
        Body: '25日に払います',
      }),
    );
    // Stop the workers while the burst is landing.
    const [responses] = await Promise.all([Promise.all(burst), new Promise((r) => setTimeout(r, 15)).then(() => h.stopWorkers())]);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await h.restartWorkers();
    await sweep(h.services, { inboundGraceMs: 0 });
    await h.waitFor(async () => h.fake!.received.filter((r) => r.sid).length >= 2 * n, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    await sweep(h.services, { inboundGraceMs: 0 });
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < n; i++) expect(sent(h, jpMobile(100 + i).e164)).toHaveLength(2);
    const unprocessed = await h.services.db.select().from(messages).where(and(eq(messages.direction, 'inbound'), isNull(messages.processedAt)));
    expect(unprocessed).toHaveLength(0);
    // The promise timers armed during the burst fire on the promised day.
    await advanceTo(h, '2026-11-25T10:00:05+09:00');
    await h.waitFor(async () => h.fake!.received.filter((r) => r.sid).length === 3 * n, 20_000);
    expect(sent(h, jpMobile(100).e164)[2]!.body).toContain('お約束のお支払日');
  });

  it('still fires pending timers after Redis loses every job (sweep rebuilds from Postgres)', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T09:00:00+09:00') });
    const to = '+819012340002';
    await h.api('POST', '/api/debts', debtPayload({ ref: 'flush', phone: '090-1234-0002', dueDate: '2026-11-25' }));
    const pending = await h.services.db.select().from(timers).where(eq(timers.status, 'pending'));
    expect(pending).toHaveLength(1);
    await h.loseQueue();
    await advanceTo(h, '2026-11-22T10:00:01+09:00');
    await h.waitFor(async () => sent(h, to).length === 1);
    const [t] = await h.services.db.select().from(timers).where(eq(timers.id, pending[0]!.id));
    expect(t!.status).toBe('fired');
  });

  it('applies two replies handled by two workers at once in order, without a lost update', async () => {
    h = await startHarness();
    const to = jpMobile(900);
    const { json } = await h.api('POST', '/api/debts', debtPayload({ ref: 'race', phone: to.local, dueDate: '2026-11-21' }));
    await h.waitFor(async () => sent(h, to.e164).length === 1);
    await h.stopWorkers(); // drive the processors by hand, two at once
    for (const [i, body] of ['えっと', 'うーん'].entries()) {
      await ingestInbound(h.services, { provider: 'twilio', providerMessageId: `SMrace${i}`, from: to.e164, to: '+15005550006', body, channel: 'sms' });
      (h.clock as ManualClock).advance(1000);
    }
    const classify = async () => ({ intent: 'other', confidence: 0.3, classifiedBy: 'rules', entities: {}, explanation: 'test' });
    const [a, b] = await Promise.all([processInbound(h.services, json.conversationId, classify), processInbound(h.services, json.conversationId, classify)]);
    expect(a + b).toBe(2);
    const [conv] = await h.services.db.select().from(conversations).where(eq(conversations.id, json.conversationId));
    // First "other" → unclear reply (count 1); second reaches the limit (2) → escalated.
    expect(conv!.status).toBe('escalated');
    // 1 start, 2 first reminder, 3 and 4 the two replies.
    expect(conv!.rowVersion).toBe(4);
    const trans = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.conversationId, json.conversationId), eq(auditEvents.type, 'conversation.transition')));
    expect(trans.map((t) => [(t.data as any).event, (t.data as any).to])).toEqual([
      ['reminder', 'active.dunning'],
      ['other', 'active.dunning'],
      ['other', 'escalated'],
    ]);
    const out = await h.services.db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.conversationId, json.conversationId));
    expect(out.map((o) => o.kind).sort()).toEqual(['handoff', 'reminder', 'reply']);
    await h.restartWorkers();
  });
});
