import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debtPayload, startHarness, TWILIO_FROM, type Harness } from '../support/harness';
import { asPerson, signUp, type Person } from '../support/people';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>担当者と話したい';

/** Who may do what in the browser UI and its API; and nothing a debtor writes runs in a collector's page. */
describe('UI security', () => {
  let h: Harness;
  let a: Person;
  let b: Person;
  let admin: Person;
  let convId: string;
  beforeAll(async () => {
    h = await startHarness();
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'sec', dueDate: '2026-11-21' }));
    convId = created.json.conversationId;
    await h.waitFor(async () => h.fake!.received.find((r) => r.to === '+819012345678'));
    await h.twilioPost('/webhooks/twilio/inbound', { MessageSid: 'SM' + 'e'.repeat(32), AccountSid: h.fake!.accountSid, From: '+819012345678', To: TWILIO_FROM, Body: HOSTILE, NumMedia: '0' });
    await h.waitFor(async () => (await h.api('GET', `/api/conversations/${convId}`)).json.status === 'escalated');
    [a, b, admin] = await Promise.all([signUp(h, 'collector', 'a'), signUp(h, 'collector', 'b'), signUp(h, 'admin')]);
  });
  afterAll(async () => h?.close());

  it('a collector cannot read, validate, simulate or publish flows (403)', async () => {
    const source = (await asPerson(h, admin, 'GET', '/api/flows/standard-ja/versions/1')).json.source;
    expect(source).toContain('key: standard-ja');
    for (const [m, p, body] of [
      ['GET', '/api/flows', undefined],
      ['POST', '/api/flows', { source }],
      ['POST', '/api/flows/validate', { source }],
      ['POST', '/api/flows/simulate', { source, script: 'day 0: wait' }],
      ['GET', '/ui/flows', undefined],
      ['GET', '/ui/flows/standard-ja', undefined],
    ] as const) {
      expect((await asPerson(h, a, m, p, body)).status, `${m} ${p}`).toBe(403);
    }
    expect((await asPerson(h, admin, 'POST', '/api/flows/validate', { source })).status).toBe(200);
  });

  it('cannot act without the CSRF token (403), and can with it', async () => {
    const no = await asPerson(h, a, 'POST', `/api/conversations/${convId}/claim`, undefined, { csrf: false });
    expect(no.status).toBe(403);
    expect(no.json.error.code).toBe('forbidden');
    const wrong = await h.app.request(`/api/conversations/${convId}/claim`, { method: 'POST', headers: { cookie: a.cookie, 'x-csrf-token': b.csrfToken } });
    expect(wrong.status).toBe(403);
    const yes = await asPerson(h, a, 'POST', `/api/conversations/${convId}/claim`);
    expect(yes.status).toBe(200);
  });

  it('a collector cannot read a thread another collector holds (deny), nor reply on it', async () => {
    expect((await asPerson(h, b, 'GET', `/api/conversations/${convId}`)).status).toBe(403);
    expect((await asPerson(h, b, 'GET', `/ui/conversations/${convId}`)).status).toBe(403);
    expect((await asPerson(h, b, 'GET', `/ui/conversations/${convId}/events`)).status).toBe(403);
    const reply = await asPerson(h, b, 'POST', `/api/conversations/${convId}/reply`, { body: 'hi' });
    expect(reply.status).toBe(409);
    expect(reply.json.error.reason).toBe('held_by_other');
    const inbox = await asPerson(h, b, 'GET', '/ui/inbox');
    expect(inbox.text).not.toContain(convId);
    expect((await asPerson(h, a, 'GET', `/api/conversations/${convId}`)).status).toBe(200);
    expect((await asPerson(h, admin, 'GET', `/api/conversations/${convId}`)).status).toBe(200);
    expect((await asPerson(h, b, 'GET', '/api/conversations?status=active')).status).toBe(403);
  });

  it('shows HTML in message bodies as text in the inbox thread page', async () => {
    const page = await asPerson(h, a, 'GET', `/ui/conversations/${convId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).not.toContain('<img src=x');
    const fragment = await asPerson(h, a, 'GET', `/ui/conversations/${convId}/fragment`);
    expect(fragment.text).toContain('&lt;script&gt;');
    expect(fragment.text).not.toContain('<script>alert');
  });

  it('sets Secure, HttpOnly, SameSite=Lax session cookies and never returns password hashes', async () => {
    const res = await h.app.request('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: a.email, password: a.password }).toString() });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/saisoku_session=/);
    for (const flag of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']) expect(cookie).toContain(flag);
    for (const p of ['/api/users', '/api/me']) {
      const r = await asPerson(h, admin, 'GET', p);
      expect(r.text).not.toMatch(/scrypt|passwordHash|password_hash/);
    }
    const created = await asPerson(h, admin, 'POST', '/api/users', { email: 'x@example.test', name: 'X', role: 'collector', password: 'long enough pw' });
    expect(created.text).not.toMatch(/scrypt|password/i);
  });

  it('publishes the OpenAPI 3.1 document with schemas from zod', async () => {
    const r = await h.app.request('/api/openapi.json');
    const doc = await r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/flows/simulate']).toBeTruthy();
    expect(doc.components.schemas.NewUser.properties.role.enum).toEqual(['admin', 'collector', 'loader']);
  });
});
