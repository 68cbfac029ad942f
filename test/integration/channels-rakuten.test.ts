import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, conversations, messages, suppressions } from '../../db/schema';
import { routerFromEnv } from '../../src/channels/routing';
import { shippedFlowSources } from '../../src/bootstrap';
import { debtPayload, RAKUTEN_FROM, RAKUTEN_WEBHOOK_SECRET, startHarness, type Harness } from '../support/harness';

/** A JP debtor's whole conversation over the Japanese provider (issue #13), Twilio for the rest of the world. */
describe('channels: a JP debtor over Rakuten CPaaS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rakuten: true, env: { SMS_ROUTES: 'JP=rakuten,*=twilio', SMS_DOMESTIC_ROUTES: '' } });
  });
  afterAll(async () => h?.close());

  const mo = (id: string, body: string, from = '819012345678') =>
    JSON.stringify({ message_id: id, sender_address: from, destination_address: RAKUTEN_FROM, content_type: 'unicode', udh: '', message_body: body });
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    h.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const inboundPath = `/webhooks/rakuten/${RAKUTEN_WEBHOOK_SECRET}/inbound`;
  const statusPath = `/webhooks/rakuten/${RAKUTEN_WEBHOOK_SECRET}/status`;
  const sentTo = (msisdn: string) => h.rakuten!.received.filter((r) => r.messageId && r.to === msisdn);

  it('runs reminder → reply → answer → STOP over Rakuten, and keeps the route on the conversation', async () => {
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'jp1', dueDate: '2026-11-21' }));
    expect(created.status).toBe(201);
    const { conversationId } = created.json;

    const first = await h.waitFor(async () => sentTo('819012345678')[0]);
    expect(first.from).toBe(RAKUTEN_FROM);
    expect(first.messageType).toBe('unicode');
    expect(first.text).toMatch(/^【サンプル債権】/);
    expect(first.text).toContain('12,000円');
    // Nothing for this debtor went to Twilio (COMPLIANCE rule 12).
    expect(h.fake!.received.filter((r) => r.to === '+819012345678')).toHaveLength(0);

    expect((await post(inboundPath, mo('mo-1', '払いました'))).status).toBe(200);
    const answer = await h.waitFor(async () => sentTo('819012345678')[1]);
    expect(answer.text).toContain('入金を確認します');

    expect((await post(inboundPath, mo('mo-2', '停止'))).status).toBe(200);
    const confirm = await h.waitFor(async () => sentTo('819012345678')[2]);
    expect(confirm.text).toContain('配信を停止しました');
    const [sup] = await h.services.db.select().from(suppressions).where(eq(suppressions.phone, '+819012345678'));
    expect(sup?.reason).toBe('stop');

    const conv = await h.waitFor(async () => {
      const c = await h.api('GET', `/api/conversations/${conversationId}`);
      return c.json.messages.length === 5 && c.json.messages.every((m: any) => m.status !== 'sending' && m.status !== 'queued') ? c : null;
    });
    expect(conv.json.messages.map((m: any) => `${m.direction}:${m.status}`)).toEqual(['outbound:sent', 'inbound:received', 'outbound:sent', 'inbound:received', 'outbound:sent']);
    expect(conv.json.messages[1]).toMatchObject({ body: '払いました', intent: 'paid' });
    const rows = await h.services.db.select({ provider: messages.provider }).from(messages).where(eq(messages.conversationId, conversationId));
    expect(new Set(rows.map((r) => r.provider))).toEqual(new Set(['rakuten']));
    const [c] = await h.services.db.select({ route: conversations.route, status: conversations.status }).from(conversations).where(eq(conversations.id, conversationId));
    expect(c).toEqual({ route: 'rakuten', status: 'opted_out' });
  });

  it('maps delivery reports forward only, whatever order they arrive in', async () => {
    const sent = sentTo('819012345678')[0]!;
    for (const status of ['DELIVRD', 'ACCEPTD', 'ENROUTE']) {
      const r = await post(statusPath, JSON.stringify({ message_id: sent.messageId, status }));
      expect(r.status).toBe(200);
    }
    const [m] = await h.services.db.select().from(messages).where(and(eq(messages.provider, 'rakuten'), eq(messages.providerMessageId, sent.messageId!)));
    expect(m!.status).toBe('delivered');
    const bad = await post(statusPath, JSON.stringify({ message_id: sent.messageId, status: 'MAYBE' }));
    expect(bad.status).toBe(400);
  });

  it('stores an MO posted three times at once (a provider retry) once', async () => {
    await h.api('POST', '/api/debts', debtPayload({ ref: 'jp2', phone: '090-2222-3333', dueDate: '2026-11-21' }));
    await h.waitFor(async () => sentTo('819022223333')[0]);
    const rs = await Promise.all([1, 2, 3].map(() => post(inboundPath, mo('mo-dup', '払いました', '819022223333'))));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.waitFor(async () => sentTo('819022223333').length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.services.db.select().from(messages).where(eq(messages.providerMessageId, 'mo-dup'))).toHaveLength(1);
    expect(sentTo('819022223333')).toHaveLength(2);
  });

  it('accepts the secret in a header; refuses a wrong or missing one with 403 and stores nothing', async () => {
    const ok = await post('/webhooks/rakuten/inbound', mo('mo-h', 'こんにちは', '819099990000'), { 'x-rakuten-webhook-secret': RAKUTEN_WEBHOOK_SECRET });
    expect(ok.status).toBe(200);
    for (const r of [
      await post(`/webhooks/rakuten/${RAKUTEN_WEBHOOK_SECRET}x/inbound`, mo('mo-bad', 'START', '819011112222')),
      await post('/webhooks/rakuten/inbound', mo('mo-bad', 'START', '819011112222')),
      await post('/webhooks/rakuten/inbound', mo('mo-bad', 'START', '819011112222'), { 'x-rakuten-webhook-secret': 'nope' }),
    ]) {
      expect(r.status).toBe(403);
      expect((await r.json()).error.code).toBe('forbidden');
    }
    expect(await h.services.db.select().from(messages).where(eq(messages.providerMessageId, 'mo-bad'))).toHaveLength(0);
  });

  it('prices a flow per template and per 1,000 debtors on its route (POST /api/flows/cost)', async () => {
    const source = shippedFlowSources().find((x) => /key: standard-ja/.test(x))!;
    const r = await h.api('POST', '/api/flows/cost', { source, routes: ['rakuten', 'twilio'] });
    expect(r.status).toBe(200);
    const due = r.json.templates.find((t: any) => t.template === 'reminder_due');
    const [rak, tw] = due.routes;
    expect(rak).toMatchObject({ route: 'rakuten', kind: 'jp-long', parts: 1 });
    expect(tw.route).toBe('twilio');
    expect(tw.parts).toBeGreaterThan(1);
    const [sr, st] = r.json.schedule;
    expect(sr.total).toBeCloseTo(sr.perDebtor * 1000, 5);
    expect(st.partsPerDebtor).toBeGreaterThan(sr.partsPerDebtor);
    const byDefault = await h.api('POST', '/api/flows/cost', { source });
    expect(byDefault.json.routes).toEqual(['rakuten']);
    // The editor's preview prices the same text on the same route with the same function.
    const text = '【{brand}】' + 'お支払いをお願いします。'.repeat(10);
    const preview = await h.api('POST', '/api/flows/preview', { source, text });
    expect(preview.json.routes).toHaveLength(1);
    expect(preview.json.routes[0]).toMatchObject({ route: 'rakuten', kind: 'jp-long', parts: 1 });
    const bad = await h.api('POST', '/api/flows/cost', { source: 'key: x' });
    expect(bad.status).toBe(422);
  });

  it('sends a US debtor over Twilio (the "*" route)', async () => {
    await h.api('POST', '/api/debts', debtPayload({ ref: 'us1', phone: '+12133734253', locale: 'en' }));
    const t = await h.waitFor(async () => h.fake!.received.find((r) => r.sid && r.to === '+12133734253'));
    expect(t.body).toMatch(/\S/);
    expect(h.rakuten!.received.filter((r) => r.to === '12133734253')).toHaveLength(0);
  });
});

describe('channels: COMPLIANCE rule 12 (domestic routes for +81)', () => {
  let h: Harness;
  beforeAll(async () => {
    // Only Twilio, and Twilio not declared domestic for JP: a JP debtor has no lawful route.
    h = await startHarness({ env: { SMS_DOMESTIC_ROUTES: '' } });
  });
  afterAll(async () => h?.close());

  it('refuses and audits a JP debtor instead of sending through Twilio', async () => {
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'r12', phone: '090-5555-6666' }));
    expect(created.status).toBe(201);
    const ev = await h.waitFor(async () => {
      const rows = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.conversationId, created.json.conversationId), eq(auditEvents.type, 'send.refused')));
      return rows[0];
    });
    expect(ev.data).toMatchObject({ reason: 'no_domestic_route', rule: 12 });
    expect(h.fake!.received.filter((r) => r.to === '+819055556666')).toHaveLength(0);
  });

  it('will not boot with a JP entry over a foreign route', () => {
    const providers = { twilio: h.services.provider };
    expect(() => routerFromEnv({ SMS_ROUTES: 'JP=twilio,*=twilio' }, providers, h.services.provider)).toThrow(/rule 12/);
    expect(() => routerFromEnv({ SMS_ROUTES: 'JP=rakuten,*=twilio' }, providers, h.services.provider)).toThrow(/rakuten, which is not configured/);
    expect(routerFromEnv({ SMS_ROUTES: 'JP=twilio', SMS_DOMESTIC_ROUTES: 'twilio=JP' }, providers, h.services.provider).table.routes).toEqual({ JP: ['twilio'] });
  });
});

describe('channels: failover to the secondary route', () => {
  let h: Harness;
  beforeAll(async () => {
    // A domestic Twilio-compatible endpoint declared as JP's secondary.
    h = await startHarness({ rakuten: true, env: { SMS_ROUTES: 'JP=rakuten>twilio,*=twilio', SMS_DOMESTIC_ROUTES: 'twilio=JP' } });
  });
  afterAll(async () => h?.close());

  it('sends one outbox row once, over the secondary, when the primary answers 503; the conversation keeps its route', async () => {
    h.rakuten!.failNext(503);
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'fo1', phone: '090-7777-8888' }));
    const t = await h.waitFor(async () => h.fake!.received.find((r) => r.sid && r.to === '+819077778888'));
    expect(t.body).toMatch(/^【サンプル債権】/);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.rakuten!.received.filter((r) => r.to === '819077778888').map((r) => r.status)).toEqual([503]);
    expect(h.fake!.received.filter((r) => r.to === '+819077778888')).toHaveLength(1);
    const [m] = await h.services.db.select().from(messages).where(eq(messages.conversationId, created.json.conversationId));
    expect(m).toMatchObject({ provider: 'twilio', providerMessageId: t.sid, status: 'sent' });
    const types = (await h.services.db.select().from(auditEvents).where(eq(auditEvents.conversationId, created.json.conversationId))).map((e) => e.type);
    expect(types).toContain('send.failover');
    const [c] = await h.services.db.select({ route: conversations.route }).from(conversations).where(eq(conversations.id, created.json.conversationId));
    expect(c!.route).toBe('rakuten');
  });
});
