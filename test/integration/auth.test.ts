import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, sessions } from '../../db/schema';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, signUp } from '../support/people';

describe('people and access', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false });
  });
  afterAll(async () => h?.close());

  it('creates a user with the bootstrap admin token, never returning the password hash', async () => {
    const r = await h.api('POST', '/api/users', { email: 'Ana@Example.test', name: 'Ana', role: 'collector', password: 'long enough pw' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ email: 'ana@example.test', name: 'Ana', role: 'collector' });
    expect(JSON.stringify(r.json)).not.toMatch(/scrypt|password/i);
    const list = await h.api('GET', '/api/users');
    expect(JSON.stringify(list.json)).not.toMatch(/scrypt|passwordHash/);
    const again = await h.api('POST', '/api/users', { email: 'ana@example.test', name: 'Ana', role: 'collector', password: 'long enough pw' });
    expect(again.status).toBe(409);
    const short = await h.api('POST', '/api/users', { email: 'b@example.test', name: 'B', role: 'admin', password: 'short' });
    expect(short.status).toBe(422);
  });

  it('signs in with a password: a session cookie (hashed at rest) and a CSRF token', async () => {
    const res = await h.app.request('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ana@example.test', password: 'long enough pw' }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^saisoku_session=ss_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/); // PUBLIC_BASE_URL is https in the harness
    expect(cookie).toMatch(/SameSite=Lax/);
    const token = /saisoku_session=([^;]+)/.exec(cookie)![1]!;
    const rows = await h.services.db.select().from(sessions);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
    const bad = await h.app.request('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ana@example.test', password: 'wrong password' }) });
    expect(bad.status).toBe(401);
    const audit = await h.services.db.select().from(auditEvents).where(eq(auditEvents.type, 'auth.login_failed'));
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses a cross-origin sign-in form (login CSRF)', async () => {
    const res = await h.app.request('http://saisoku.test/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', host: 'saisoku.test' },
      body: 'email=ana%40example.test&password=long+enough+pw',
    });
    expect(res.status).toBe(403);
  });

  it('sets actor for sessions, API tokens and the bootstrap token; collectors get 403 on admin routes', async () => {
    const admin = await signUp(h, 'admin');
    const collector = await signUp(h, 'collector');
    expect((await asPerson(h, admin, 'GET', '/api/me')).json).toMatchObject({ id: admin.id, role: 'admin', via: 'session' });
    expect((await asPerson(h, collector, 'GET', '/api/users')).status).toBe(403);
    const tok = await asPerson(h, admin, 'POST', '/api/tokens', { name: 'crm', role: 'collector' });
    expect(tok.status).toBe(201);
    expect(tok.json.token).toMatch(/^sk_/);
    const me = await h.app.request('/api/me', { headers: { authorization: `Bearer ${tok.json.token}` } });
    expect(await me.json()).toMatchObject({ role: 'collector', name: 'crm', via: 'token' });
    const users = await h.app.request('/api/users', { headers: { authorization: `Bearer ${tok.json.token}` } });
    expect(users.status).toBe(403);
    expect((await h.api('GET', '/api/me')).json).toMatchObject({ role: 'admin', via: 'bootstrap' });
    const wrong = await h.app.request('/api/me', { headers: { authorization: 'Bearer sk_nope' } });
    expect(wrong.status).toBe(401);
  });

  it('needs the CSRF token for cookie-authenticated state changes, and signs out', async () => {
    const admin = await signUp(h, 'admin');
    const body = { email: 'c@example.test', name: 'C', role: 'collector', password: 'long enough pw' };
    expect((await asPerson(h, admin, 'POST', '/api/users', body, { csrf: false })).status).toBe(403);
    expect((await asPerson(h, admin, 'POST', '/api/users', body)).status).toBe(201);
    const out = await h.app.request('/logout', { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } });
    expect(out.status).toBe(303);
    expect((await asPerson(h, admin, 'GET', '/api/me')).status).toBe(401);
    const page = await h.app.request('/ui/inbox', { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fui%2Finbox');
  });
});
