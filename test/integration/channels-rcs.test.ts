import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, conversations, messages, outbox } from '../../db/schema';
import { shippedFlowSources } from '../../src/bootstrap';
import { validateFlow } from '../../src/conversation/validate';
import { processSend } from '../../src/workers/sender';
import type { ManualClock } from '../../src/shared/clock';
import { debtPayload, startHarness, type Harness } from '../support/harness';

/** RCS over RBM in front of SMS (issue #13): card and chips, postbacks as intents, capability, fallback. */
describe('channels: RCS with SMS fallback', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rbm: true, env: { RCS_FALLBACK_AFTER_MS: '60000' } });
  });
  afterAll(async () => h?.close());

  const push = (event: Record<string, unknown>) => {
    const { body, signature } = h.rbm!.push(event);
    return h.app.request('/webhooks/rbm', { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-signature': signature }, body });
  };
  const rcsTo = (phone: string) => h.rbm!.messages.filter((m) => m.phone === phone);
  const smsTo = (phone: string) => h.fake!.received.filter((r) => r.sid && r.to === phone);
  const fallbackRow = async (conversationId: string) =>
    h.waitFor(async () => (await h.services.db.select().from(outbox).where(and(eq(outbox.conversationId, conversationId), eq(outbox.kind, 'rcs_fallback'))))[0]);

  it('answers the console clientToken check with the secret, and nobody else', async () => {
    const ok = await h.app.request('/webhooks/rbm', { method: 'POST', body: JSON.stringify({ clientToken: h.rbm!.clientToken, secret: '1234567890' }) });
    expect(await ok.text()).toBe('1234567890');
    const bad = await h.app.request('/webhooks/rbm', { method: 'POST', body: JSON.stringify({ clientToken: 'nope', secret: '1234567890' }) });
    expect(bad.status).toBe(403);
  });

  it('sends an RCS-capable debtor the card with chips and the pay action; tapping 分割の相談 yields the instalment offer', async () => {
    h.rbm!.capable.add('+819012345678');
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'rcs1', dueDate: '2026-11-21' }));
    const { conversationId } = created.json;
    const [card] = await h.waitFor(async () => (rcsTo('+819012345678').length ? rcsTo('+819012345678') : null));
    expect(h.rbm!.capabilityChecks).toEqual(['+819012345678']);
    const content = card!.contentMessage.richCard.standaloneCard.cardContent;
    expect(content.title).toContain('12,000円');
    expect(content.title).toContain('11月21日');
    expect(content.description).toMatch(/^【サンプル債権】/);
    const replies = content.suggestions.filter((s: any) => s.reply).map((s: any) => s.reply.text);
    expect(replies).toEqual(['支払う', '分割の相談', '担当者と話す', '配信停止']);
    const pay = content.suggestions.find((s: any) => s.action)?.action;
    expect(pay.openUrlAction.url).toMatch(/^https:\/\/saisoku\.test\/p\/[A-Za-z0-9_-]+$/);
    expect(smsTo('+819012345678')).toHaveLength(0);

    const postback = content.suggestions.find((s: any) => s.reply?.text === '分割の相談').reply.postbackData;
    const tap = await push({ messageId: 'u-tap-1', senderPhoneNumber: '+819012345678', suggestionResponse: { postbackData: postback, text: '分割の相談', type: 'REPLY' } });
    expect(tap.status).toBe(200);
    const offer = await h.waitFor(async () => rcsTo('+819012345678')[1]);
    expect(offer.contentMessage.text).toContain('分割のご提案です');
    const [inbound] = await h.services.db.select().from(messages).where(eq(messages.providerMessageId, 'u-tap-1'));
    expect(inbound).toMatchObject({ intent: 'installment', confidence: 1, channel: 'rcs' });
    const [conv] = await h.services.db.select({ route: conversations.route, state: conversations.state }).from(conversations).where(eq(conversations.id, conversationId));
    expect(conv!.route).toBe('rbm');

    // The card was answered: its fallback, when due, sends nothing.
    const fb = await fallbackRow(conversationId);
    (h.clock as ManualClock).advance(61_000);
    expect(await processSend(h.services, fb.id)).toBe('refuse');
    expect(smsTo('+819012345678')).toHaveLength(0);
  });

  it('sends a non-capable debtor SMS, after one capability check', async () => {
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'rcs2', phone: '090-2222-3333', dueDate: '2026-11-21' }));
    const sms = await h.waitFor(async () => smsTo('+819022223333')[0]);
    expect(sms.body).toMatch(/^【サンプル債権】/);
    expect(rcsTo('+819022223333')).toHaveLength(0);
    expect(h.rbm!.capabilityChecks.filter((p) => p === '+819022223333')).toHaveLength(1);
    const [conv] = await h.services.db.select({ route: conversations.route }).from(conversations).where(eq(conversations.id, created.json.conversationId));
    expect(conv!.route).toBe('twilio');
  });

  it('falls back to SMS exactly once when the RCS message is not delivered in time (revoked first)', async () => {
    h.rbm!.capable.add('+819033334444');
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'rcs3', phone: '090-3333-4444', dueDate: '2026-11-21' }));
    const [rcs] = await h.waitFor(async () => (rcsTo('+819033334444').length ? rcsTo('+819033334444') : null));
    const fb = await fallbackRow(created.json.conversationId);
    // Not yet due: nothing happens.
    expect(await processSend(h.services, fb.id)).toBe('noop');
    (h.clock as ManualClock).advance(61_000);
    const results = await Promise.all([processSend(h.services, fb.id), processSend(h.services, fb.id)]);
    expect(results.filter((r) => r === 'sent')).toHaveLength(1);
    expect(await processSend(h.services, fb.id)).toBe('noop');
    const sms = smsTo('+819033334444');
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toBe(rcs!.contentMessage.richCard.standaloneCard.cardContent.description);
    expect(rcs!.revoked).toBe(true);
    const types = (await h.services.db.select().from(auditEvents).where(eq(auditEvents.conversationId, created.json.conversationId))).map((e) => e.type);
    expect(types.filter((t) => t === 'rcs.revoked')).toHaveLength(1);
  });

  it('records DELIVERED and READ; a delivered RCS message needs no fallback', async () => {
    h.rbm!.capable.add('+819044445555');
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'rcs4', phone: '090-4444-5555', dueDate: '2026-11-21' }));
    const [rcs] = await h.waitFor(async () => (rcsTo('+819044445555').length ? rcsTo('+819044445555') : null));
    // Events for a message whose send is not recorded yet are ignored (unknown id): wait for the record.
    await h.waitFor(async () => (await h.services.db.select().from(messages).where(and(eq(messages.provider, 'rbm'), eq(messages.providerMessageId, rcs!.messageId))))[0]);
    h.rbm!.deliver(rcs!.messageId);
    for (const eventType of ['READ', 'DELIVERED', 'IS_TYPING']) {
      const r = await push({ eventType, eventId: `e-${eventType}`, messageId: rcs!.messageId, senderPhoneNumber: '+819044445555' });
      expect(r.status).toBe(200);
    }
    const [m] = await h.services.db.select().from(messages).where(and(eq(messages.provider, 'rbm'), eq(messages.providerMessageId, rcs!.messageId)));
    expect(m!.status).toBe('delivered');
    expect(m!.readAt).not.toBeNull();
    // The flow hears it once (a "read but no reply" timer can start on it).
    const transitions = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.conversationId, created.json.conversationId), eq(auditEvents.type, 'conversation.transition')));
    expect(transitions.filter((t) => (t.data as { event?: string }).event === 'message_read')).toHaveLength(1);
    const fb = await fallbackRow(created.json.conversationId);
    (h.clock as ManualClock).advance(61_000);
    expect(await processSend(h.services, fb.id)).toBe('refuse');
    expect(smsTo('+819044445555')).toHaveLength(0);
  });

  it('refuses a push with a bad X-Goog-Signature and stores nothing', async () => {
    const { body } = h.rbm!.push({ messageId: 'u-forged', senderPhoneNumber: '+819012345678', text: '停止' });
    const r = await h.app.request('/webhooks/rbm', { method: 'POST', headers: { 'x-goog-signature': 'AAAA' }, body });
    expect(r.status).toBe(403);
    expect(await h.services.db.select().from(messages).where(eq(messages.providerMessageId, 'u-forged'))).toHaveLength(0);
  });
  it("prices the editor's preview on the flow's route and RCS exactly as POST /api/flows/cost does", async () => {
    const source = shippedFlowSources().find((x) => /key: standard-ja/.test(x))!;
    const cost = await h.api('POST', '/api/flows/cost', { source });
    expect(cost.json.routes).toEqual(['twilio', 'rbm']);
    const v = validateFlow(source);
    if (!v.ok) throw new Error('standard-ja does not validate');
    const due = v.flow.templates.reminder_due!.ja!;
    const text = typeof due === 'string' ? due : due[0]!;
    const preview = await h.api('POST', '/api/flows/preview', { source, text });
    expect(preview.status).toBe(200);
    expect(preview.json.routes.map((r: { route: string }) => r.route)).toEqual(['twilio', 'rbm']);
    expect(preview.json.routes).toEqual(cost.json.templates.find((t: { template: string }) => t.template === 'reminder_due').routes);
    const [sms, rcs] = preview.json.routes;
    expect(sms.parts).toBeGreaterThan(1);
    expect(rcs).toMatchObject({ kind: 'rcs', parts: 1 });
    expect(sms.per1000).toBeCloseTo(sms.cost * 1000, 5);
  });
});
