import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, deadLetters, messages } from '../../db/schema';
import { sweep } from '../../src/jobs/sweep';
import { debtPayload, jpMobile, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

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

  it('is for admins only, and a bad id is a 422', async () => {
    expect((await h.api('POST', '/api/admin/dead-letters/not-a-uuid/retry')).status).toBe(422);
    expect((await h.api('POST', `/api/admin/dead-letters/${crypto.randomUUID()}/discard`)).status).toBe(404);
    const anon = await h.app.request('/api/admin/dead-letters');
    expect(anon.status).toBe(401);
  });
});
