import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, conversations, messages, outbox } from '../../db/schema';
import { sweep } from '../../src/workers/sweep';
import type { ManualClock } from '../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/** Collector actions through the public API: queue, claim, reply (through the send gate), resolve, handback. */
describe('collector actions', () => {
  let h: Harness;
  let sid = 0;
  const clock = () => h.clock as ManualClock;
  const to = (e164: string) => h.fake!.received.filter((r) => r.sid && r.to === e164);
  const settle = () => new Promise((r) => setTimeout(r, 400));

  async function inbound(e164: string, body: string) {
    const id = `SM${String(++sid).padStart(32, '0')}`;
    const res = await h.twilioPost('/webhooks/twilio/inbound', { MessageSid: id, SmsSid: id, AccountSid: h.fake!.accountSid, From: e164, To: TWILIO_FROM, Body: body, NumMedia: '0' });
    expect(res.status).toBe(200);
    await h.waitFor(async () => {
      const [m] = await h.services.db.select().from(messages).where(and(eq(messages.providerMessageId, id), isNotNull(messages.processedAt)));
      return m;
    });
  }

  /** A debt whose debtor asked for a person: escalated, handoff message sent. */
  async function escalated(i: number) {
    const phone = jpMobile(i);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: `col${i}`, phone: phone.local, amount: 12000 }));
    expect(r.status).toBe(201);
    await h.waitFor(async () => to(phone.e164)[0]);
    await inbound(phone.e164, '担当者と話したいです');
    await h.waitFor(async () => to(phone.e164).find((m) => m.body?.includes('担当者が内容を確認')));
    const conv = await h.api('GET', `/api/conversations/${r.json.conversationId}`);
    expect(conv.json.status).toBe('escalated');
    return { id: r.json.conversationId as string, phone: phone.e164 };
  }

  let a: { id: string; phone: string };
  let b: { id: string; phone: string };
  let c: { id: string; phone: string };
  let actor: string;

  beforeAll(async () => {
    h = await startHarness();
    a = await escalated(401);
    clock().advance(60_000);
    b = await escalated(402);
    clock().advance(60_000);
    c = await escalated(403);
    clock().advance(60_000);
  });
  afterAll(async () => h?.close());

  it('lists the escalated queue oldest first, with reason, waiting time, amount and last inbound', async () => {
    const q = await h.api('GET', '/api/conversations?status=escalated');
    expect(q.status).toBe(200);
    expect(q.json.items.map((i: any) => i.id)).toEqual([a.id, b.id, c.id]);
    expect(q.json.items[0]).toMatchObject({ reason: 'asked_for_person', amount: 12000, balance: 12000, currency: 'JPY', locale: 'ja', heldBy: null, waitingSeconds: 180 });
    expect(q.json.items[0].lastInboundAt).toBe('2026-11-20T01:00:00.000Z');
    expect(q.json.nextCursor).toBeNull();

    const p1 = await h.api('GET', '/api/conversations?status=escalated&limit=2');
    expect(p1.json.items.map((i: any) => i.id)).toEqual([a.id, b.id]);
    const p2 = await h.api('GET', `/api/conversations?status=escalated&limit=2&cursor=${p1.json.nextCursor}`);
    expect(p2.json.items.map((i: any) => i.id)).toEqual([c.id]);
    expect(p2.json.nextCursor).toBeNull();

    expect((await h.api('GET', '/api/conversations?status=active')).json.items).toEqual([]);
    expect((await h.api('GET', '/api/conversations?status=nope')).status).toBe(422);
    expect((await h.api('GET', '/api/conversations?cursor=garbage')).status).toBe(422);
  });

  it('claims an escalated thread once; someone else’s or an active one is a 409', async () => {
    const r = await h.api('POST', `/api/conversations/${a.id}/claim`);
    expect(r.status).toBe(200);
    actor = r.json.heldBy;
    expect(actor).toBeTruthy();
    expect((await h.api('POST', `/api/conversations/${a.id}/claim`)).status).toBe(200);
    const claims = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.type, 'conversation.claimed'), eq(auditEvents.conversationId, a.id)));
    expect(claims).toHaveLength(1);
    expect(claims[0]!.actor).toBe(actor);

    await h.services.db.update(conversations).set({ heldBy: 'collector-2', heldAt: h.clock.now() }).where(eq(conversations.id, c.id));
    const taken = await h.api('POST', `/api/conversations/${c.id}/claim`);
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatchObject({ code: 'conflict', reason: 'held_by_other' });
    expect((await h.api('POST', `/api/conversations/${c.id}/reply`, { body: 'hello' })).json.error.reason).toBe('held_by_other');

    const mine = await h.api('GET', '/api/conversations?status=escalated&heldBy=me');
    expect(mine.json.items.map((i: any) => i.id)).toEqual([a.id]);
    expect((await h.api('GET', '/api/conversations?status=escalated&heldBy=none')).json.items.map((i: any) => i.id)).toEqual([b.id]);
    expect((await h.api('POST', '/api/conversations/00000000-0000-4000-8000-000000000000/claim')).status).toBe(404);
  });

  it('sends nothing automated while a person holds the thread', async () => {
    const before = to(a.phone).length;
    await inbound(a.phone, '払いました');
    await inbound(a.phone, 'よくわからない');
    await settle();
    expect(to(a.phone)).toHaveLength(before);
    const conv = await h.api('GET', `/api/conversations/${a.id}`);
    expect(conv.json.status).toBe('escalated');
  });

  it("sends the holder's reply through the gate, with the brand, and audits it", async () => {
    const unclaimed = await h.api('POST', `/api/conversations/${b.id}/reply`, { body: 'お電話します' });
    expect(unclaimed.status).toBe(409);
    expect(unclaimed.json.error.reason).toBe('not_held');

    const r = await h.api('POST', `/api/conversations/${a.id}/reply`, { body: 'ご連絡ありがとうございます。入金を確認します。' });
    expect(r.status).toBe(202);
    expect(r.json.messageId).toMatch(/^[0-9a-f-]{36}$/);
    const sent = await h.waitFor(async () => to(a.phone).find((m) => m.body?.includes('入金を確認します。')));
    expect(sent.body).toBe('【サンプル債権】ご連絡ありがとうございます。入金を確認します。');
    const [m] = await h.services.db.select().from(messages).where(eq(messages.id, r.json.messageId));
    expect(m).toMatchObject({ author: `collector:${actor}` });
    const [row] = await h.services.db.select().from(outbox).where(eq(outbox.messageId, r.json.messageId));
    expect(row!.kind).toBe('collector');
    const audit = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.type, 'collector.reply'), eq(auditEvents.conversationId, a.id)));
    expect(audit.map((e) => e.actor)).toEqual([actor]);
    expect((await h.api('POST', `/api/conversations/${a.id}/reply`, { body: '' })).status).toBe(422);
  });

  it('refuses a reply at 22:00 JST with 409 quiet_hours and queues nothing', async () => {
    const saved = h.clock.now();
    clock().set('2026-11-20T22:00:00+09:00');
    const before = await h.services.db.select().from(outbox).where(eq(outbox.conversationId, a.id));
    const r = await h.api('POST', `/api/conversations/${a.id}/reply`, { body: '夜分に失礼します' });
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({ code: 'conflict', reason: 'quiet_hours' });
    expect(r.json.error.message).toMatch(/quiet_hours/);
    expect(await h.services.db.select().from(outbox).where(eq(outbox.conversationId, a.id))).toHaveLength(before.length);
    const refused = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.type, 'collector.reply_refused'), eq(auditEvents.conversationId, a.id)));
    expect(refused.at(-1)!.data).toMatchObject({ reason: 'quiet_hours', action: 'hold' });
    clock().set(saved);
  });

  it('puts the brand first and, in the US, the STOP notice on a reply that lacks them', async () => {
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'col-us', phone: '+1 212 555 0142', amount: 300, locale: 'en' }));
    expect(r.status).toBe(201);
    const e164 = '+12125550142';
    await h.waitFor(async () => to(e164)[0]);
    await inbound(e164, 'I want to talk to a person');
    await h.waitFor(async () => (await h.api('GET', `/api/conversations/${r.json.conversationId}`)).json.status === 'escalated');
    expect((await h.api('POST', `/api/conversations/${r.json.conversationId}/claim`)).status).toBe(200);
    const reply = await h.api('POST', `/api/conversations/${r.json.conversationId}/reply`, { body: 'Hi, this is Sample Credit. I can help.' });
    expect(reply.status).toBe(202);
    const sent = await h.waitFor(async () => to(e164).find((m) => m.body?.includes('I can help.')));
    expect(sent.body).toBe('Sample Credit: Hi, this is Sample Credit. I can help. Reply STOP to opt out.');
  });

  it('refuses a reply to a debtor who opted out with 409 opted_out', async () => {
    expect((await h.api('POST', `/api/conversations/${b.id}/claim`)).status).toBe(200);
    await inbound(b.phone, 'STOP');
    await h.waitFor(async () => to(b.phone).find((m) => m.body?.includes('配信を停止しました')));
    const before = await h.services.db.select().from(outbox).where(eq(outbox.conversationId, b.id));
    const r = await h.api('POST', `/api/conversations/${b.id}/reply`, { body: 'お支払いについて' });
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({ code: 'conflict', reason: 'opted_out' });
    expect(await h.services.db.select().from(outbox).where(eq(outbox.conversationId, b.id))).toHaveLength(before.length);
  });

  it('resolves with an outcome: status resolved, timers gone, audited', async () => {
    expect((await h.api('POST', `/api/conversations/${a.id}/resolve`, { outcome: 'Bad Outcome' })).status).toBe(422);
    const r = await h.api('POST', `/api/conversations/${a.id}/resolve`, { outcome: 'settled_offline' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'resolved', state: 'resolved', outcome: 'settled_offline' });
    const conv = await h.api('GET', `/api/conversations/${a.id}`);
    expect(conv.json).toMatchObject({ status: 'resolved', outcome: 'settled_offline', timers: [] });
    expect(conv.json.escalation.heldBy).toBeNull();
    const [audit] = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.type, 'conversation.resolved'), eq(auditEvents.conversationId, a.id)));
    expect(audit).toMatchObject({ actor, data: { outcome: 'settled_offline' } });
    const again = await h.api('POST', `/api/conversations/${a.id}/resolve`, { outcome: 'settled_offline' });
    expect(again.status).toBe(409);
    expect(again.json.error.reason).toBe('not_allowed_in_state');
  });

  it('hands back to the bot: hold released, reminder re-armed, and the bot sends it when due', async () => {
    await h.services.db.update(conversations).set({ heldBy: null, heldAt: null }).where(eq(conversations.id, c.id));
    expect((await h.api('POST', `/api/conversations/${c.id}/claim`)).status).toBe(200);
    expect((await h.api('POST', `/api/conversations/${c.id}/handback`, { resumeAt: 'somewhere' })).status).toBe(422);
    const noPromise = await h.api('POST', `/api/conversations/${c.id}/handback`, { resumeAt: 'promised' });
    expect(noPromise.status).toBe(409);
    expect(noPromise.json.error.reason).toBe('no_promise');

    const r = await h.api('POST', `/api/conversations/${c.id}/handback`, {});
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'active', state: 'active.dunning' });
    const conv = await h.api('GET', `/api/conversations/${c.id}`);
    expect(conv.json.escalation.heldBy).toBeNull();
    const reminder = conv.json.timers.find((t: any) => t.name === 'reminder');
    expect(reminder).toBeTruthy();
    const [audit] = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.type, 'conversation.handback'), eq(auditEvents.conversationId, c.id)));
    expect(audit).toMatchObject({ actor, data: { resumeAt: 'dunning' } });

    const before = to(c.phone).length;
    clock().set(new Date(new Date(reminder.dueAt).getTime() + 1000));
    await sweep(h.services);
    await h.waitFor(async () => to(c.phone).length > before);
    const last = to(c.phone).at(-1)!;
    expect(last.body).toMatch(/^【サンプル債権】/);
    expect(last.body).toContain('12,000円');
  });
});
