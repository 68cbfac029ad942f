import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, conversations } from '../../db/schema';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';
import { asPerson, signUp, type Person } from '../support/people';

/** The holes the OWASP-style probe found between collectors, and in loading debts. */
describe('thread isolation and loading debts', () => {
  let h: Harness;
  let a: Person;
  let b: Person;
  let n = 0;

  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false });
    a = await signUp(h, 'collector', 'alice');
    b = await signUp(h, 'collector', 'bob');
  });
  afterAll(async () => h?.close());

  async function thread(o: { heldBy?: string | null; reason?: string } = {}): Promise<string> {
    const phone = jpMobile(8000 + ++n);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: `iso${n}-${crypto.randomUUID().slice(0, 4)}`, phone: phone.local }));
    expect(r.status).toBe(201);
    const now = h.clock.now();
    await h.services.db
      .update(conversations)
      .set({ status: 'escalated', escalationReason: o.reason ?? 'asked_for_person', escalatedAt: now, heldBy: o.heldBy ?? null, heldAt: o.heldBy ? now : null })
      .where(eq(conversations.id, r.json.conversationId));
    return r.json.conversationId;
  }

  it('collectors and collector tokens cannot load debts; admins and loader tokens can', async () => {
    const p = debtPayload({ ref: 'load-1', phone: jpMobile(8901).local });
    const asCollector = await asPerson(h, a, 'POST', '/api/debts', { ...p, debtor: { ...p.debtor, consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'made-up' } } });
    expect(asCollector.status).toBe(403);
    const collectorToken = (await h.api('POST', '/api/tokens', { name: 'crm', role: 'collector' })).json.token;
    const csv = 'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date\n';
    const imp = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: `Bearer ${collectorToken}`, 'content-type': 'text/csv' }, body: csv });
    expect(imp.status).toBe(403);
    const loaderToken = (await h.api('POST', '/api/tokens', { name: 'loader', role: 'loader' })).json.token;
    const asLoader = await h.app.request('/api/debts', { method: 'POST', headers: { authorization: `Bearer ${loaderToken}`, 'content-type': 'application/json' }, body: JSON.stringify(p) });
    expect(asLoader.status).toBe(201);
    // A duplicate tells the loader it exists, not the ids of what is there; the admin gets the ids.
    const again = await h.app.request('/api/debts', { method: 'POST', headers: { authorization: `Bearer ${loaderToken}`, 'content-type': 'application/json' }, body: JSON.stringify(p) });
    expect(again.status).toBe(409);
    const body = (await again.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('debtId');
    expect(body).not.toHaveProperty('debtorId');
    expect(body).not.toHaveProperty('conversationId');
    const { requestId: _, ...error } = body.error as Record<string, unknown>;
    expect(JSON.stringify({ ...body, error })).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    const asAdmin = await h.api('POST', '/api/debts', p);
    expect(asAdmin.status).toBe(409);
    expect(asAdmin.json.error.details.debtId).toBeTruthy();
    // A loader reads nothing else.
    expect((await h.app.request('/api/conversations', { headers: { authorization: `Bearer ${loaderToken}` } })).status).toBe(403);
  });

  it("collectors list the unclaimed queue and their own threads, never another collector's", async () => {
    const mine = await thread({ heldBy: a.id });
    const theirs = await thread({ heldBy: b.id });
    const open = await thread();
    const ids = (r: { json: any }) => (r.json.items as Array<{ id: string }>).map((i) => i.id);
    const list = await asPerson(h, a, 'GET', '/api/conversations');
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual(expect.arrayContaining([mine, open]));
    expect(ids(list)).not.toContain(theirs);
    expect((await asPerson(h, a, 'GET', `/api/conversations?heldBy=${b.id}`)).status).toBe(403);
    expect(ids(await asPerson(h, a, 'GET', '/api/conversations?heldBy=me'))).toEqual([mine]);
    // Admins still see who holds what.
    expect(ids(await h.api('GET', `/api/conversations?heldBy=${b.id}`))).toEqual([theirs]);
  });

  it('a 409 does not name the holder', async () => {
    const theirs = await thread({ heldBy: b.id });
    const r = await asPerson(h, a, 'POST', `/api/conversations/${theirs}/claim`);
    expect(r.status).toBe(409);
    expect(r.json.error.reason).toBe('held_by_other');
    expect(r.text).not.toContain(b.id);
    const reply = await asPerson(h, a, 'POST', `/api/conversations/${theirs}/reply`, { body: 'hello' });
    expect(reply.text).not.toContain(b.id);
  });

  it('collectors cannot resolve or hand back a thread they have not claimed', async () => {
    const open = await thread();
    const resolve = await asPerson(h, a, 'POST', `/api/conversations/${open}/resolve`, { outcome: 'paid' });
    expect(resolve.status).toBe(409);
    expect(resolve.json.error.reason).toBe('not_held');
    const back = await asPerson(h, a, 'POST', `/api/conversations/${open}/handback`, { resumeAt: 'dunning' });
    expect(back.status).toBe(409);
    expect(back.json.error.reason).toBe('not_held');
    const [conv] = await h.services.db.select().from(conversations).where(eq(conversations.id, open));
    expect(conv).toMatchObject({ status: 'escalated', outcome: null });
  });

  it('a handback after a dispute or hardship needs an explicit choice to restart reminders', async () => {
    for (const reason of ['dispute', 'hardship']) {
      const mine = await thread({ heldBy: a.id, reason });
      const r = await asPerson(h, a, 'POST', `/api/conversations/${mine}/handback`);
      expect(r.status).toBe(409);
      expect(r.json.error.reason).toBe('resume_choice_required');
      const [conv] = await h.services.db.select().from(conversations).where(eq(conversations.id, mine));
      expect(conv).toMatchObject({ status: 'escalated', heldBy: a.id });
      const chosen = await asPerson(h, a, 'POST', `/api/conversations/${mine}/handback`, { resumeAt: 'dunning' });
      expect(chosen.json?.error?.reason).not.toBe('resume_choice_required');
    }
  });

  it('HEAD is judged as GET on a thread', async () => {
    const theirs = await thread({ heldBy: b.id });
    expect((await h.app.request(`/api/conversations/${theirs}`, { headers: { cookie: a.cookie } })).status).toBe(403);
    expect((await h.app.request(`/api/conversations/${theirs}`, { method: 'HEAD', headers: { cookie: a.cookie } })).status).toBe(403);
  });

  it('audit rows name people as user:<id>', async () => {
    const open = await thread();
    expect((await asPerson(h, a, 'POST', `/api/conversations/${open}/claim`)).status).toBe(200);
    const [row] = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.type, 'conversation.claimed'), eq(auditEvents.conversationId, open)));
    expect(row!.actor).toBe(`user:${a.id}`);
  });
});
