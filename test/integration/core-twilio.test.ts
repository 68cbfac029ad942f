import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, suppressions } from '../../db/schema';
import { debtPayload, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/** The path of one reply, end to end: debt → first reminder at the fake Twilio → signed reply → bot answer. */
describe('core: debt to bot reply through Twilio', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const inbound = (sid: string, body: string, from = '+819012345678') => ({
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: h.fake!.accountSid,
    From: from,
    To: TWILIO_FROM,
    Body: body,
    NumMedia: '0',
  });

  it('sends the first reminder of a debt due tomorrow, then answers a signed reply', async () => {
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'e2e', dueDate: '2026-11-21' }));
    expect(created.status).toBe(201);
    const { conversationId } = created.json;

    const first = await h.waitFor(async () => h.fake!.received.find((r) => r.sid && r.to === '+819012345678'));
    expect(first.from).toBe(TWILIO_FROM);
    expect(first.body).toMatch(/^【サンプル債権】/);
    expect(first.body).toContain('12,000円');
    expect(first.body).toMatch(/https:\/\/saisoku\.test\/p\/[A-Za-z0-9]{22}/);
    expect(first.body).toContain('停止');
    expect(first.statusCallback).toBe('https://saisoku.test/webhooks/twilio/status');

    const res = await h.twilioPost('/webhooks/twilio/inbound', inbound('SM' + 'a'.repeat(32), '払いました'));
    expect(res.status).toBe(200);
    const reply = await h.waitFor(async () => h.fake!.received.filter((r) => r.sid && r.to === '+819012345678')[1]);
    expect(reply.body).toContain('入金を確認します');

    const conv = await h.waitFor(async () => {
      const c = await h.api('GET', `/api/conversations/${conversationId}`);
      return c.json.messages.every((m: any) => m.status !== 'sending' && m.status !== 'queued') ? c : null;
    });
    expect(conv.status).toBe(200);
    expect(conv.json.state).toBe('active.paid_claimed');
    expect(conv.json.flow).toEqual({ key: 'standard-ja', version: 1 });
    const dirs = conv.json.messages.map((m: any) => `${m.direction}:${m.status}`);
    expect(dirs).toEqual(['outbound:sent', 'inbound:received', 'outbound:sent']);
    const inMsg = conv.json.messages[1];
    expect(inMsg).toMatchObject({ body: '払いました', intent: 'paid', classifiedBy: 'rules' });
    expect(inMsg.confidence).toBeGreaterThan(0.5);
    expect(conv.json.timers.map((t: any) => t.name)).toEqual(['paid_check']);
  });

  it('moves delivery status forward only from signed status callbacks', async () => {
    const sent = h.fake!.received.find((r) => r.sid)!;
    for (const status of ['delivered', 'sent', 'queued']) {
      const r = await h.twilioPost('/webhooks/twilio/status', { MessageSid: sent.sid!, MessageStatus: status, AccountSid: h.fake!.accountSid });
      expect(r.status).toBe(204);
    }
    const [m] = await h.services.db.select().from(messages).where(eq(messages.providerMessageId, sent.sid!));
    expect(m!.status).toBe('delivered');
  });

  it('stores a MessageSid sent three times at once once, and answers once', async () => {
    await h.api('POST', '/api/debts', debtPayload({ ref: 'dup', phone: '090-2222-3333', dueDate: '2026-11-21' }));
    await h.waitFor(async () => h.fake!.received.find((r) => r.sid && r.to === '+819022223333'));
    const sid = 'SM' + 'b'.repeat(32);
    const rs = await Promise.all([1, 2, 3].map(() => h.twilioPost('/webhooks/twilio/inbound', inbound(sid, '払いました', '+819022223333'))));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.waitFor(async () => h.fake!.received.filter((r) => r.sid && r.to === '+819022223333').length >= 2);
    await new Promise((r) => setTimeout(r, 500));
    const rows = await h.services.db.select().from(messages).where(eq(messages.providerMessageId, sid));
    expect(rows).toHaveLength(1);
    expect(h.fake!.received.filter((r) => r.sid && r.to === '+819022223333')).toHaveLength(2);
  });

  it('refuses a bad signature with 403 and stores nothing', async () => {
    const sid = 'SM' + 'c'.repeat(32);
    const params = inbound(sid, 'STOP');
    const good = await import('twilio').then((t) => t.default.getExpectedTwilioSignature(h.fake!.authToken, 'https://saisoku.test/webhooks/twilio/inbound', params));
    const tampered = await h.twilioPost('/webhooks/twilio/inbound', { ...params, Body: 'START' }, { signature: good });
    expect(tampered.status).toBe(403);
    expect((await tampered.json()).error.code).toBe('forbidden');
    const none = await h.twilioPost('/webhooks/twilio/inbound', params, { signature: 'bm90IGEgc2lnbmF0dXJl' });
    expect(none.status).toBe(403);
    expect(await h.services.db.select().from(messages).where(eq(messages.providerMessageId, sid))).toHaveLength(0);
    expect(await h.services.db.select().from(suppressions).where(eq(suppressions.phone, '+819012345678'))).toHaveLength(0);
  });

  it('answers a malformed (but signed) body with 422 and stores nothing', async () => {
    const r = await h.twilioPost('/webhooks/twilio/inbound', { AccountSid: h.fake!.accountSid, Body: 'hello' });
    expect(r.status).toBe(422);
    const body = await r.json();
    expect(body.error.code).toBe('unprocessable');
    expect(body.error.message).toMatch(/MessageSid|From/);
    const all = await h.services.db.select().from(messages).where(and(eq(messages.direction, 'inbound'), eq(messages.body, 'hello')));
    expect(all).toHaveLength(0);
  });
});
