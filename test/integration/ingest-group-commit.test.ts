import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, messages, suppressions } from '../../db/schema';
import { applyStatus } from '../../src/channels/status';
import { ingestInbound } from '../../src/conversation/ingress';
import { startWorkers } from '../../src/workers/workers';
import { debtPayload, jpMobile, RAKUTEN_FROM, RAKUTEN_WEBHOOK_SECRET, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/**
 * Concurrent webhooks are stored in groups (issue #12): each answer still means "stored once",
 * a STOP's suppression is committed before its 200, a duplicate is reported as one, a bad row
 * fails only its own webhook, and every stored reply wakes its conversation.
 */
describe('ingest: many webhooks at once', () => {
  let h: Harness;
  const DEBTORS = 100;
  beforeAll(async () => {
    // No workers until the test starts them: what the webhooks queued is what wakes the conversations.
    h = await startHarness({ rakuten: true, workers: false });
    for (let i = 0; i < DEBTORS; i += 10) {
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, k) => h.api('POST', '/api/debts', debtPayload({ ref: `gc${i + k}`, phone: jpMobile(i + k).local, dueDate: '2026-12-20' }))),
      );
      expect(created.map((c) => c.status)).toEqual(Array(10).fill(201));
    }
  }, 60_000);
  let workers: ReturnType<typeof startWorkers> | null = null;
  afterAll(async () => {
    workers?.stop();
    await h?.close();
  });

  const sid = (i: number) => `SM${String(i).padStart(32, '0')}`;
  const twilio = (i: number, body: string) => ({ MessageSid: sid(i), SmsSid: sid(i), AccountSid: h.fake!.accountSid, From: jpMobile(i).e164, To: TWILIO_FROM, Body: body, NumMedia: '0' });
  const rakuten = async (i: number, body: string): Promise<Response> =>
    h.app.request(`/webhooks/rakuten/${RAKUTEN_WEBHOOK_SECRET}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message_id: `mo-gc-${i}`, sender_address: jpMobile(i).e164.slice(1), destination_address: RAKUTEN_FROM, content_type: 'unicode', udh: '', message_body: body }),
    });
  const isStop = (i: number) => i % 10 === 3;

  it('stores 200 concurrent signed webhooks (duplicates and STOPs among them) once each, and wakes every conversation', async () => {
    const stopsSeen: Array<{ phone: string; suppressed: number }> = [];
    const afterStop = async (phone: string, res: Response) => {
      // Read the moment the 200 is seen: the suppression must already be committed.
      const rows = await h.services.db.select().from(suppressions).where(and(eq(suppressions.phone, phone), isNull(suppressions.liftedAt)));
      stopsSeen.push({ phone, suppressed: rows.length });
      return res;
    };
    const calls: Array<Promise<{ kind: string; i: number; res: Response }>> = [];
    // 100 Twilio replies, one per debtor (every tenth a STOP), and 50 resends of the first 50.
    for (let i = 0; i < DEBTORS; i++) {
      const body = isStop(i) ? 'STOP' : '来週払います';
      calls.push(h.twilioPost('/webhooks/twilio/inbound', twilio(i, body)).then((res) => (isStop(i) ? afterStop(jpMobile(i).e164, res) : res)).then((res) => ({ kind: 'twilio', i, res })));
    }
    for (let i = 0; i < 50; i++) calls.push(h.twilioPost('/webhooks/twilio/inbound', twilio(i, isStop(i) ? 'STOP' : '来週払います')).then((res) => ({ kind: 'twilio-dup', i, res })));
    // 30 Rakuten replies from the same debtors, 20 of them posted twice.
    for (let i = 0; i < 30; i++) calls.push(rakuten(i, '明日払います').then((res) => ({ kind: 'rakuten', i, res })));
    for (let i = 0; i < 20; i++) calls.push(rakuten(i, '明日払います').then((res) => ({ kind: 'rakuten', i, res })));
    expect(calls).toHaveLength(200);
    const answers = await Promise.all(calls);

    expect(answers.map((a) => a.res.status)).toEqual(Array(200).fill(200));
    // Rakuten says which copy was the duplicate: exactly one of each pair.
    const rak = await Promise.all(answers.filter((a) => a.kind === 'rakuten').map(async (a) => ({ i: a.i, body: (await a.res.json()) as { ok: boolean; duplicate: boolean } })));
    for (let i = 0; i < 30; i++) {
      const copies = rak.filter((r) => r.i === i).map((r) => r.body.duplicate).sort();
      expect(copies).toEqual(i < 20 ? [false, true] : [false]);
    }
    // Every STOP's suppression was there when its 200 arrived.
    expect(stopsSeen).toHaveLength(10);
    for (const s of stopsSeen) expect(s.suppressed).toBe(1);

    // Stored once each: 100 Twilio + 30 Rakuten, each on its debtor's conversation.
    const inbound = await h.services.db.select().from(messages).where(eq(messages.direction, 'inbound'));
    expect(inbound).toHaveLength(130);
    expect(new Set(inbound.map((m) => `${m.provider}:${m.providerMessageId}`)).size).toBe(130);
    expect(inbound.every((m) => m.conversationId !== null)).toBe(true);
    const audits = await h.services.db
      .select({ type: auditEvents.type, n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(inArray(auditEvents.type, ['inbound.received', 'inbound.opt_out']))
      .groupBy(auditEvents.type);
    expect(Object.fromEntries(audits.map((a) => [a.type, a.n]))).toEqual({ 'inbound.received': 120, 'inbound.opt_out': 10 });

    // The wake-ups the webhooks queued drive every stored reply through its conversation.
    workers = startWorkers(h.services, { sweep: false, concurrency: 2 });
    await h.waitFor(async () => {
      const [left] = await h.services.db
        .select({ n: sql<number>`count(*)::int` })
        .from(messages)
        .where(and(eq(messages.direction, 'inbound'), isNull(messages.processedAt)));
      return left!.n === 0;
    }, 90_000);
  }, 120_000);

  it('fails only the bad row of a group, and keeps the others', async () => {
    const phone = jpMobile(5).e164;
    // A NUL in the provider id cannot be stored: that one webhook fails, the rest of its group does not.
    const ids = Array.from({ length: 12 }, (_, k) => (k === 4 ? `bad\u0000id` : `sim-gc-bad-${k}`));
    const rs = await Promise.allSettled(ids.map((id) => ingestInbound(h.services, { provider: 'simulator', providerMessageId: id, from: phone, to: 'saisoku', body: 'はい', channel: 'sms' })));
    expect(rs.map((r) => r.status)).toEqual(ids.map((_, k) => (k === 4 ? 'rejected' : 'fulfilled')));
    const stored = await h.services.db.select().from(messages).where(and(eq(messages.provider, 'simulator'), eq(messages.phone, phone)));
    expect(stored.map((m) => m.providerMessageId).sort()).toEqual(ids.filter((_, k) => k !== 4).sort());
    // Sent again together, all are duplicates.
    const again = await Promise.all(ids.filter((_, k) => k !== 4).map((id) => ingestInbound(h.services, { provider: 'simulator', providerMessageId: id, from: phone, to: 'saisoku', body: 'はい', channel: 'sms' })));
    expect(again.map((r) => r.status)).toEqual(Array(11).fill('duplicate'));
  }, 60_000);

  it('moves a status forward only, in one statement per callback, and says whether the id was known', async () => {
    const db = h.services.db;
    const [a] = await db.insert(messages).values({ direction: 'outbound', phone: jpMobile(7).e164, body: 'x', provider: 'rakuten', providerMessageId: 'st-a', status: 'sending' }).returning();
    expect(await applyStatus(h.services, 'rakuten', 'st-a', 'sent')).toBe('updated');
    expect(await applyStatus(h.services, 'rakuten', 'st-a', 'sending')).toBe('ignored');
    expect(await applyStatus(h.services, 'rakuten', 'st-a', 'failed', '30003')).toBe('updated');
    // Terminal: nothing moves it again, and the error code stays.
    expect(await applyStatus(h.services, 'rakuten', 'st-a', 'delivered', '')).toBe('ignored');
    const [after] = await db.select().from(messages).where(eq(messages.id, a!.id));
    expect([after!.status, after!.errorCode]).toEqual(['failed', '30003']);
    expect(await applyStatus(h.services, 'rakuten', 'st-none', 'delivered')).toBe('unknown');
    // Callbacks racing each other end on the furthest status, whatever their order.
    await db.insert(messages).values({ direction: 'outbound', phone: jpMobile(8).e164, body: 'x', provider: 'rakuten', providerMessageId: 'st-b', status: 'sending' });
    // Each answer is what one-by-one in arrival order would have said.
    const raced = await Promise.all((['delivered', 'sent', 'queued', 'sent'] as const).map((st) => applyStatus(h.services, 'rakuten', 'st-b', st)));
    expect(raced).toEqual(['updated', 'ignored', 'ignored', 'ignored']);
    const [b] = await db.select().from(messages).where(eq(messages.providerMessageId, 'st-b'));
    expect(b!.status).toBe('delivered');
    await db.insert(messages).values({ direction: 'outbound', phone: jpMobile(9).e164, body: 'x', provider: 'rakuten', providerMessageId: 'st-c', status: 'sending' });
    const mixed = await Promise.all([
      applyStatus(h.services, 'rakuten', 'st-c', 'sent'),
      applyStatus(h.services, 'rakuten', 'st-nope', 'sent'),
      applyStatus(h.services, 'rakuten', 'st-c', 'undelivered', '30005'),
      applyStatus(h.services, 'rakuten', 'st-a', 'sent'),
    ]);
    expect(mixed).toEqual(['updated', 'unknown', 'updated', 'ignored']);
    const [c] = await db.select().from(messages).where(eq(messages.providerMessageId, 'st-c'));
    expect([c!.status, c!.errorCode]).toEqual(['undelivered', '30005']);
  });
});
