import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, deadLetters, messages } from '../../db/schema';
import { sweep } from '../../src/workers/sweep';
import { debtPayload, jpMobile, startHarness, TWILIO_FROM, type Harness } from '../support/harness';
import { asPerson, signUp } from '../support/people';

/**
 * A job that cannot succeed (here: its conversation names a flow version that is not published,
 * so every transition throws) ends as a dead letter in Postgres with its reason; the sweep does
 * not wake it again; an admin lists it, retries it (once fixed) or discards it.
 */
describe('dead letters', () => {
  let h: Harness;
  let sid = 0;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const poison = async (i: number) => {
    const phone = jpMobile(900 + i);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: `dead${i}`, phone: phone.local, dueDate: '2026-12-30' }));
    const conversationId = r.json.conversationId as string;
    await h.services.db.update(conversations).set({ flowVersion: 999 }).where(eq(conversations.id, conversationId));
    const id = `SM${String(++sid).padStart(32, '0')}`;
    const res = await h.twilioPost('/webhooks/twilio/inbound', { MessageSid: id, AccountSid: h.fake!.accountSid, From: phone.e164, To: TWILIO_FROM, Body: 'HELP', NumMedia: '0' });
    expect(res.status).toBe(200);
    const dead = await h.waitFor(async () => (await h.services.db.select().from(deadLetters).where(eq(deadLetters.subjectId, conversationId)))[0], 30_000);
    return { conversationId, dead, phone };
  };

  it('records the reason, is not re-queued by the sweep, and can be retried once the cause is fixed', async () => {
    const { conversationId, dead } = await poison(1);
    expect(dead).toMatchObject({ queue: 'conversation', status: 'dead', attempts: 8 });
    expect(dead.reason).toMatch(/not published/);
    // The sweep skips it: no second dead letter, nothing processed.
    const swept = await sweep(h.services, { inboundGraceMs: 0 });
    expect(swept.conversations).toBe(0);
    const list = await h.api('GET', '/api/admin/dead-letters');
    expect(list.status).toBe(200);
    expect(list.json.items.map((d: { id: string }) => d.id)).toContain(dead.id);

    // Fixed (the flow version exists again), then retried by an admin: processed and answered.
    const [conv] = await h.services.db.select().from(conversations).where(eq(conversations.id, conversationId));
    await h.services.db.update(conversations).set({ flowVersion: 1 }).where(eq(conversations.id, conv!.id));
    const retry = await h.api('POST', `/api/admin/dead-letters/${dead.id}/retry`);
    expect(retry).toMatchObject({ status: 200, json: { status: 'retried' } });
    await h.waitFor(async () => !(await h.services.db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'inbound'), isNull(messages.processedAt)))).length);
    expect((await h.api('POST', `/api/admin/dead-letters/${dead.id}/retry`)).status).toBe(409);
  });

  it('discard closes the poison message so nothing wakes it again', async () => {
    const { conversationId, dead } = await poison(2);
    const r = await h.api('POST', `/api/admin/dead-letters/${dead.id}/discard`);
    expect(r).toMatchObject({ status: 200, json: { status: 'discarded' } });
    const waiting = await h.services.db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'inbound'), isNull(messages.processedAt)));
    expect(waiting).toHaveLength(0);
    expect((await sweep(h.services, { inboundGraceMs: 0 })).conversations).toBe(0);
    expect((await h.api('GET', '/api/admin/dead-letters?status=discarded')).json.items).toHaveLength(1);
  });

  it('has an admin page: each dead letter with its job, reason and age, Retry and Discard calling the API, in Japanese and English', async () => {
    const { conversationId, dead } = await poison(3);
    const [admin, collector] = await Promise.all([signUp(h, 'admin', 'dl-admin'), signUp(h, 'collector', 'dl-col')]);
    // Linked from the admin navigation, not from a collector's.
    expect((await asPerson(h, admin, 'GET', '/ui/inbox?lang=en')).text).toContain('href="/ui/dead-letters"');
    expect((await asPerson(h, collector, 'GET', '/ui/inbox')).text).not.toContain('href="/ui/dead-letters"');
    expect((await asPerson(h, collector, 'GET', '/ui/dead-letters')).status).toBe(403);
    expect((await h.app.request('/ui/dead-letters')).headers.get('location')).toMatch(/^\/login/);

    // Failed two hours ago (by the app's clock).
    await h.services.db.update(deadLetters).set({ createdAt: new Date(h.clock.now().getTime() - 2 * 3_600_000 - 5_000) }).where(eq(deadLetters.id, dead.id));
    const en = await asPerson(h, admin, 'GET', '/ui/dead-letters?lang=en');
    expect(en.status).toBe(200);
    const row = en.text.slice(en.text.indexOf(`<tr data-id="${dead.id}"`));
    expect(row).toContain('Apply a reply');
    expect(row).toContain('not published');
    expect(row).toMatch(/<time datetime="[^"]+"[^>]*>2 hours ago<\/time>/);
    expect(row).toContain(`href="/ui/conversations/${conversationId}"`);
    expect(row).toContain(`data-action="retry" data-id="${dead.id}"`);
    expect(row).toContain(`data-action="discard" data-id="${dead.id}"`);
    // The buttons post to the existing endpoints with the session's CSRF token.
    expect(en.text).toContain("window.saisoku.api('POST', '/api/admin/dead-letters/' + id + '/' + action)");

    // In Japanese.
    const ja = await asPerson(h, admin, 'GET', '/ui/dead-letters?lang=ja');
    const jaRow = ja.text.slice(ja.text.indexOf(`<tr data-id="${dead.id}"`));
    expect(ja.text).toContain('デッドレター（失敗したジョブ）');
    expect(jaRow).toContain('返信の処理');
    expect(jaRow).toContain('再試行');
    expect(jaRow).toContain('破棄');
    expect(jaRow).toMatch(/>2時間前</);

    // What the Discard button does, as that admin's session: then listed under "discarded", by whom.
    const r = await asPerson(h, admin, 'POST', `/api/admin/dead-letters/${dead.id}/discard`);
    expect(r.status).toBe(200);
    expect((await asPerson(h, admin, 'GET', '/ui/dead-letters?lang=en')).text).not.toContain(`data-id="${dead.id}"`);
    const done = await asPerson(h, admin, 'GET', '/ui/dead-letters?status=discarded&lang=en');
    expect(done.text.slice(done.text.indexOf(`<tr data-id="${dead.id}"`))).toMatch(/Discarded \(/);
    expect((await asPerson(h, admin, 'GET', '/ui/dead-letters?status=bogus')).status).toBe(422);
  });

  it('is for admins only, and a bad id is a 422', async () => {
    expect((await h.api('POST', '/api/admin/dead-letters/not-a-uuid/retry')).status).toBe(422);
    expect((await h.api('POST', `/api/admin/dead-letters/${crypto.randomUUID()}/discard`)).status).toBe(404);
    const anon = await h.app.request('/api/admin/dead-letters');
    expect(anon.status).toBe(401);
  });
});
