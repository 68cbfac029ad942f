import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations } from '../../db/schema';
import { ingestInbound } from '../../src/conversation/ingress';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';
import { asPerson, signUp, type Person } from '../support/people';

/** Issue #14: after a handback or a resolve the page reloaded into a false 403 ("held by another collector"). */
describe('a thread a collector handled', () => {
  let h: Harness;
  let a: Person;
  let b: Person;
  let n = 0;

  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
    a = await signUp(h, 'collector', 'alice');
    b = await signUp(h, 'collector', 'bob');
  });
  afterAll(async () => h?.close());

  /** A real escalation: the debtor asks for a person through the ingress. */
  async function escalated(): Promise<string> {
    const phone = jpMobile(8500 + ++n);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: `hand${n}-${crypto.randomUUID().slice(0, 4)}`, phone: phone.local }));
    expect(r.status).toBe(201);
    await ingestInbound(h.services, { provider: 'simulator', providerMessageId: `sim-in-${crypto.randomUUID()}`, from: phone.e164, to: 'saisoku', body: '担当者と話したいです', channel: 'sms' });
    await h.waitFor(async () => (await h.services.db.select().from(conversations).where(eq(conversations.id, r.json.conversationId)))[0]?.status === 'escalated');
    return r.json.conversationId;
  }

  it.each(['handback', 'resolve'] as const)('after %s the collector who handled it still reads it (read-only); others do not', { timeout: 30_000 }, async (action) => {
    const id = await escalated();
    expect((await asPerson(h, a, 'POST', `/api/conversations/${id}/claim`)).status).toBe(200);
    const done = await asPerson(h, a, 'POST', `/api/conversations/${id}/${action}`, action === 'handback' ? { resumeAt: 'dunning' } : { outcome: 'settled_offline' });
    expect(done.status).toBe(200);
    expect(done.json.status).toBe(action === 'handback' ? 'active' : 'resolved');
    expect((await asPerson(h, a, 'GET', `/api/conversations/${id}`)).status).toBe(200);
    const page = await asPerson(h, a, 'GET', `/ui/conversations/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="read-only"');
    expect(page.text).not.toContain('id="reply-form"');
    expect((await asPerson(h, a, 'GET', `/ui/conversations/${id}/fragment`)).status).toBe(200);
    // Bob never touched it: still denied.
    expect((await asPerson(h, b, 'GET', `/api/conversations/${id}`)).status).toBe(403);
    expect((await asPerson(h, b, 'GET', `/ui/conversations/${id}`)).status).toBe(403);
    // Read-only: the record does not let Alice act on it again.
    expect((await asPerson(h, a, 'POST', `/api/conversations/${id}/reply`, { body: 'hello' })).status).toBe(409);
  });

  it('the queue says what the last action did, in the page language', async () => {
    expect((await asPerson(h, a, 'GET', '/ui/inbox?done=handback&ref=D-1&lang=ja')).text).toContain('ボットに戻しました');
    expect((await asPerson(h, a, 'GET', '/ui/inbox?done=resolved&ref=D-1&lang=en')).text).toContain('Resolved');
  });
});
