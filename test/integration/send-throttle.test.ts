import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, debtors, messages, outbox } from '../../db/schema';
import { parseEnv } from '../../src/config/env';
import { queueOutbound } from '../../src/outbox/queue';
import { burstOf, senderBudget } from '../../src/outbox/throttle';
import { ManualClock, systemClock } from '../../src/shared/clock';
import { deliverAllDue, deliverDue, deliverOutbox } from '../../src/workers/sender';
import { sweep } from '../../src/workers/sweep';
import { settle } from './behaviours/support';
import { debtPayload, jpMobile, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/**
 * The per-sender throttle (issue #12 part 3) and quiet-hours holds that sleep in Postgres.
 */
describe('send throttle', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('50 sends on a 10/s sender leave at least 100 ms apart at the provider, none lost, none doubled, a worker waiting at most a second', async () => {
    h = await startHarness({ clock: systemClock, env: { SEND_RATE_LIMITS: 'twilio=10' } });
    const db = h.services.db;
    const now = new Date();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const phone = jpMobile(7000 + i).e164;
      const [d] = await db
        .insert(debtors)
        .values({ externalRef: `thr-${i}`, name: 'Test Debtor', phone, locale: 'ja', timezone: 'Asia/Tokyo', region: 'JP', consentObtainedAt: new Date('2026-04-01T00:00:00Z'), consentSource: 'contract' })
        .returning({ id: debtors.id });
      // An opt-out confirmation goes at any hour (rule 2): the test does not depend on the time of day.
      const row = await queueOutbound(db, { conversationId: null, debtorId: d!.id, phone, body: `配信を停止しました ${i}`, kind: 'optout_confirmation', author: 'system', idempotencyKey: `thr-${i}`, provider: 'twilio', notBefore: now });
      ids.push(row!.id);
    }
    const start = Date.now();
    // Two callers at once, as two worker processes would: the budget is one row in Postgres.
    const [a, b] = await Promise.all([deliverOutbox(h.services, ids.slice(0, 25)), deliverOutbox(h.services, ids.slice(25))]);
    const outcomes = [...a, ...b];
    // The slots within the next second were claimed and left at their turn; the others were given
    // later slots and left to their wake-ups (in Postgres, not in a worker).
    const sent = outcomes.filter((o) => o === 'sent').length;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(11);
    expect(outcomes.filter((o) => o === 'throttled')).toHaveLength(50 - sent);
    // Each waits for its own slot (audited with it), 100 ms apart.
    // The reservations (a wake-up that comes late may also be held back at departure: audited with `departure`).
    const throttled = (await db.select({ data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.type, 'send.throttled'))).filter((t) => !t.data['departure']);
    const slots = throttled.map((t) => new Date(String(t.data['until'])).getTime()).sort((x, y) => x - y);
    expect(new Set(slots).size).toBe(50 - sent);
    slots.slice(1).forEach((s, i) => expect(s - slots[i]!).toBe(100));

    const received = () => h.fake!.received.filter((r) => r.sid && r.from === TWILIO_FROM);
    await h.waitFor(async () => received().length >= 50, 30_000);
    // Nothing else is due: a late duplicate would show here.
    await new Promise((r) => setTimeout(r, 300));
    const got = received();
    expect(got).toHaveLength(50);
    expect(new Set(got.map((r) => r.body)).size).toBe(50);
    // The k-th message leaves no earlier than k × 100 ms after the first slot (≥ start).
    const times = got.map((r) => r.at.getTime()).sort((x, y) => x - y);
    times.forEach((t, k) => expect(t - start).toBeGreaterThanOrEqual(k * 100 - 2));
    const rows = await db.select({ status: outbox.status, attempts: outbox.attempts }).from(outbox).where(inArray(outbox.id, ids));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    const sentAudits = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.type, 'send.sent'));
    expect(sentAudits).toHaveLength(50);
  });
});

describe('send throttle, wake-ups that come late', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('40 sends on a 20/s sender whose wake-ups all come late still leave at most 20 + the burst in any second, each once', async () => {
    h = await startHarness({ clock: systemClock, workers: false, env: { SEND_RATE_LIMITS: 'twilio=20' } });
    const db = h.services.db;
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const phone = jpMobile(7300 + i).e164;
      const [d] = await db
        .insert(debtors)
        .values({ externalRef: `late-${i}`, name: 'Test Debtor', phone, locale: 'ja', timezone: 'Asia/Tokyo', region: 'JP', consentObtainedAt: new Date('2026-04-01T00:00:00Z'), consentSource: 'contract' })
        .returning({ id: debtors.id });
      const row = await queueOutbound(db, { conversationId: null, debtorId: d!.id, phone, body: `配信を停止しました ${i}`, kind: 'optout_confirmation', author: 'system', idempotencyKey: `late-${i}`, provider: 'twilio', notBefore: new Date() });
      ids.push(row!.id);
    }
    const first = await deliverOutbox(h.services, ids);
    // The first second's slots leave at their turn; the rest wait in Postgres for wake-ups.
    expect(first.filter((o) => o === 'throttled').length).toBeGreaterThanOrEqual(15);
    // No worker: every slot (50 ms apart, ~2 s) passes before anything wakes the rows, as on a machine that fell behind.
    await new Promise((r) => setTimeout(r, 2_200));
    const received = () => h.fake!.received.filter((r) => r.sid && r.from === TWILIO_FROM);
    const end = Date.now() + 20_000;
    while (received().length < 40 && Date.now() < end) {
      await deliverDue(h.services);
      await new Promise((r) => setTimeout(r, 20));
    }
    const got = received();
    expect(got).toHaveLength(40);
    expect(new Set(got.map((r) => r.to)).size).toBe(40);
    const times = got.map((r) => r.at.getTime()).sort((x, y) => x - y);
    let peak = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    // 20/s plus burstOf(20) = 1, plus one provider call in flight across a window's edge.
    expect(peak).toBeLessThanOrEqual(20 + burstOf(20) + 1);
    const rows = await db.select({ status: outbox.status, attempts: outbox.attempts }).from(outbox).where(inArray(outbox.id, ids));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});

describe('deliverDue', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('takes every due row in one batched call and leaves the ones not yet due', async () => {
    h = await startHarness({ workers: false });
    const db = h.services.db;
    const now = h.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const phone = jpMobile(7600 + i).e164;
      const [d] = await db
        .insert(debtors)
        .values({ externalRef: `due-${i}`, name: 'Test Debtor', phone, locale: 'ja', timezone: 'Asia/Tokyo', region: 'JP', consentObtainedAt: new Date('2026-04-01T00:00:00Z'), consentSource: 'contract' })
        .returning({ id: debtors.id });
      const notBefore = i === 3 ? new Date(now.getTime() + 60_000) : now;
      const row = await queueOutbound(db, { conversationId: null, debtorId: d!.id, phone, body: `配信を停止しました ${i}`, kind: 'optout_confirmation', author: 'system', idempotencyKey: `due-${i}`, provider: 'twilio', notBefore });
      ids.push(row!.id);
    }
    expect(await deliverDue(h.services)).toBe(3);
    const rows = await db.select({ id: outbox.id, status: outbox.status }).from(outbox).where(inArray(outbox.id, ids));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [ids[0]!]: 'sent', [ids[1]!]: 'sent', [ids[2]!]: 'sent', [ids[3]!]: 'pending' });
    expect(h.fake!.received.filter((r) => r.sid)).toHaveLength(3);
  });
});

describe('the sweep and due sends', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('30 due rows: one sweep wakes one batched deliver, not a send job per row, and it sends each once', async () => {
    h = await startHarness({ workers: false });
    const db = h.services.db;
    const now = h.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const phone = jpMobile(7700 + i).e164;
      const [d] = await db
        .insert(debtors)
        .values({ externalRef: `swp-${i}`, name: 'Test Debtor', phone, locale: 'ja', timezone: 'Asia/Tokyo', region: 'JP', consentObtainedAt: new Date('2026-04-01T00:00:00Z'), consentSource: 'contract' })
        .returning({ id: debtors.id });
      const row = await queueOutbound(db, { conversationId: null, debtorId: d!.id, phone, body: `配信を停止しました ${i}`, kind: 'optout_confirmation', author: 'system', idempotencyKey: `swp-${i}`, provider: 'twilio', notBefore: now });
      ids.push(row!.id);
    }
    // What the sweep wakes, counted where the jobs arrive.
    const woken = { send: 0, deliver: 0 };
    h.services.queue.work('send', async () => void woken.send++, 4);
    h.services.queue.work('deliver', async () => void woken.deliver++, 1);
    expect((await sweep(h.services)).sends).toBe(30);
    await h.waitFor(async () => woken.deliver > 0, 5_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(woken).toEqual({ send: 0, deliver: 1 });
    // What the deliver job runs: every due row in batches, each sent once.
    expect(await deliverAllDue(h.services)).toBe(30);
    expect(await deliverAllDue(h.services)).toBe(0);
    const rows = await db.select({ status: outbox.status, attempts: outbox.attempts }).from(outbox).where(inArray(outbox.id, ids));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(h.fake!.received.filter((r) => r.sid)).toHaveLength(30);
    expect((await sweep(h.services)).sends).toBe(0);
  });
});

describe('SEND_RATE_LIMITS', () => {
  it('defaults: a Twilio long code 1/s, a short code or messaging service 100/s, the simulator unlimited; SEND_RATE_LIMITS overrides per sender', () => {
    expect(senderBudget(undefined, 'twilio', '+15005550006')).toEqual({ key: 'twilio:+15005550006', perSecond: 1 });
    expect(senderBudget(undefined, 'twilio', '12345')).toEqual({ key: 'twilio:12345', perSecond: 100 });
    expect(senderBudget(undefined, 'twilio', 'MG0123456789abcdef0123456789abcdef')).toMatchObject({ perSecond: 100 });
    expect(senderBudget(undefined, 'simulator', undefined)).toEqual({ key: 'simulator', perSecond: null });
    const env = parseEnv({ SEND_RATE_LIMITS: 'twilio=2, twilio:+15005550006=0.5, rakuten=off' });
    const limits = { 'twilio': 2, 'twilio:+15005550006': 0.5, 'rakuten': null };
    expect(env.SEND_RATE_LIMITS).toBeDefined();
    expect(senderBudget(limits, 'twilio', '+15005550006').perSecond).toBe(0.5);
    expect(senderBudget(limits, 'twilio', '+15005550007').perSecond).toBe(2);
    expect(senderBudget(limits, 'rakuten', 'SAISOKU').perSecond).toBeNull();
  });

  it('refuses to start on a bad SEND_RATE_LIMITS, naming the part', () => {
    expect(() => parseEnv({ SEND_RATE_LIMITS: 'twilio=fast' })).toThrow(/SEND_RATE_LIMITS: "twilio=fast"/);
    expect(() => parseEnv({ SEND_RATE_LIMITS: 'twilio=0' })).toThrow(/SEND_RATE_LIMITS: "twilio=0": must be > 0/);
    expect(() => parseEnv({ SEND_RATE_LIMITS: 'Twilio=1' })).toThrow(/must be <route> or <route>:<sender>/);
    expect(() => parseEnv({ SEND_RATE_LIMITS: 'twilio' })).toThrow(/must look like twilio=1/);
  });
});

describe('quiet-hours holds', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('a reminder held overnight is not woken nor re-gated by the night sweeps, and goes once at 08:00 local', async () => {
    const clock = new ManualClock('2026-11-19T22:00:00+09:00');
    h = await startHarness({ clock });
    const to = jpMobile(8181);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'night', phone: to.local, dueDate: '2026-11-20' }));
    expect(r.status).toBe(201);
    await settle(h);
    const [row] = await h.services.db.select().from(outbox).where(eq(outbox.conversationId, r.json.conversationId));
    expect(row).toMatchObject({ status: 'held', reason: 'quiet_hours', notBefore: new Date('2026-11-20T08:00:00+09:00') });
    const gateAudits = async () =>
      (await h.services.db.select().from(auditEvents).where(eq(auditEvents.conversationId, r.json.conversationId))).filter((a) => a.type.startsWith('send.'));
    expect((await gateAudits()).map((a) => a.type)).toEqual(['send.held']);

    // Sweeps all night: nothing is due, so nothing is woken, gated or audited.
    for (const t of ['23:00', '01:00', '03:30', '05:00', '07:59']) {
      const day = t < '12:00' ? '2026-11-20' : '2026-11-19';
      clock.set(`${day}T${t}:00+09:00`);
      // The held row is not due: the sweep counts no due send and wakes nothing.
      expect((await sweep(h.services)).sends).toBe(0);
      await settle(h);
      expect((await gateAudits()).map((a) => a.type)).toEqual(['send.held']);
    }
    expect(h.fake!.received.filter((m) => m.to === to.e164)).toHaveLength(0);

    clock.set('2026-11-20T08:00:00+09:00');
    await settle(h);
    await h.waitFor(async () => h.fake!.received.filter((m) => m.sid && m.to === to.e164).length === 1);
    expect((await gateAudits()).map((a) => a.type)).toEqual(['send.held', 'send.allowed', 'send.sent']);
    const [msg] = await h.services.db.select({ status: messages.status }).from(messages).where(eq(messages.id, row!.messageId));
    expect(msg!.status).toBe('sent');
  });
});
