import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, sessions } from '../../db/schema';
import { buildServices } from '../../src/bootstrap';
import { THROTTLE } from '../../src/auth/throttle';
import { parseEnv } from '../../src/config/env';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/log';
import type { ManualClock } from '../../src/shared/clock';
import { ADMIN_TOKEN, PUBLIC_BASE_URL, startHarness, type Harness } from '../support/harness';
import { asPerson, signUp } from '../support/people';

const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

describe('sign-in: back-off, lockout, password strength, revocation', () => {
  let h: Harness;
  const clock = () => h.clock as ManualClock;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false });
  });
  afterAll(async () => h?.close());

  const attempt = (app: { request: Harness['app']['request'] }, email: string, password: string, ip = '198.51.100.7') =>
    app.request('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }, fromIp(ip));

  it('locks an account after repeated wrong passwords, even against the right one, with a clear message, across processes', async () => {
    const p = await signUp(h, 'collector', 'locky');
    for (let i = 0; i < THROTTLE.account.free; i++) expect((await attempt(h.app, p.email, `wrong guess ${i}`)).status).toBe(401);
    const right = await attempt(h.app, p.email, p.password);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await right.json()) as any;
    expect(body.error.code).toBe('too_many_requests');
    expect(body.error.message).toMatch(/too many failed sign-ins.*try again in \d+ s/);
    // A second API process on the same database refuses too: the lock is in the database.
    const env = parseEnv({ PUBLIC_BASE_URL, ADMIN_API_TOKEN: ADMIN_TOKEN, DATA_DIR: '/tmp/saisoku-test-unused' });
    const other = createApp(await buildServices(env, { database: h.services.database, queue: h.services.queue, provider: h.services.provider, clock: h.clock, log: createLogger('silent') }));
    expect((await attempt(other, p.email, p.password, '192.0.2.55')).status).toBe(429);
    // Each further failure doubles the wait; once it passes, the right password works and clears the count.
    clock().advance(THROTTLE.firstLockMs + 1000);
    expect((await attempt(h.app, p.email, 'still wrong')).status).toBe(401);
    const again = await attempt(h.app, p.email, p.password);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(THROTTLE.firstLockMs / 1000);
    clock().advance(2 * THROTTLE.firstLockMs + 1000);
    expect((await attempt(h.app, p.email, p.password)).status).toBe(200);
    expect((await attempt(h.app, p.email, 'one slip')).status).toBe(401);
    expect((await attempt(h.app, p.email, p.password)).status).toBe(200);
  });

  it('the HTML form says the account is locked', async () => {
    const p = await signUp(h, 'collector', 'formy');
    for (let i = 0; i < THROTTLE.account.free; i++) await attempt(h.app, p.email, `nope ${i}`);
    const res = await h.app.request('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: p.email, password: p.password }).toString() }, fromIp('198.51.100.8'));
    expect(res.status).toBe(303);
    const page = await h.app.request(res.headers.get('location')!);
    expect(await page.text()).toMatch(/Too many failed sign-ins|ログインの失敗が多すぎる/);
  });

  it('backs off per address across many accounts (password spraying)', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < THROTTLE.ip.free; i++) expect((await attempt(h.app, `nobody${i}@example.test`, 'Spring2026!', ip)).status).toBe(401);
    const p = await signUp(h, 'collector', 'sprayed');
    expect((await attempt(h.app, p.email, p.password, ip)).status).toBe(429);
    expect((await attempt(h.app, p.email, p.password, '203.0.113.10')).status).toBe(200);
  });

  it('refuses weak, common and breached passwords with a reason', async () => {
    for (const password of ['aaaaaaaaaa', 'password123', 'Password2026!', 'qwertyuiop', '1234567890', 'iloveyou123', 'abababababab']) {
      const r = await h.api('POST', '/api/users', { email: `weak-${crypto.randomUUID().slice(0, 6)}@example.test`, name: 'Weak', role: 'collector', password });
      expect(r.status, password).toBe(422);
      expect(r.json.error.details.field).toBe('password');
    }
    const own = await h.api('POST', '/api/users', { email: 'hanako.sato@example.test', name: 'Hanako', role: 'collector', password: 'hanako.sato-rules' });
    expect(own.status).toBe(422);
    expect((await h.api('POST', '/api/users', { email: 'ok@example.test', name: 'Ok', role: 'collector', password: 'violet tram under snow' })).status).toBe(201);
  });

  it('cleans up expired sessions at sign-in', async () => {
    const p = await signUp(h, 'collector', 'expiry');
    const [old] = await h.services.db.select().from(sessions).where(eq(sessions.userId, p.id));
    clock().advance(13 * 3600_000);
    expect((await attempt(h.app, p.email, p.password, '198.51.100.20')).status).toBe(200);
    expect(await h.services.db.select().from(sessions).where(eq(sessions.id, old!.id))).toEqual([]);
  });

  it('revokes an API token and disables a user, ending their sessions and tokens; audit names people user:<id>', async () => {
    const admin = await signUp(h, 'admin', 'boss');
    const tok = await asPerson(h, admin, 'POST', '/api/tokens', { name: 'crm', role: 'loader' });
    expect((await h.app.request('/api/me', { headers: { authorization: `Bearer ${tok.json.token}` } })).status).toBe(200);
    const listed = await asPerson(h, admin, 'GET', '/api/tokens');
    expect(listed.json.tokens.map((t: any) => t.id)).toContain(tok.json.id);
    expect(listed.text).not.toMatch(/sk_|tokenHash/);
    const revoked = await asPerson(h, admin, 'DELETE', `/api/tokens/${tok.json.id}`);
    expect(revoked.status).toBe(200);
    expect((await h.app.request('/api/me', { headers: { authorization: `Bearer ${tok.json.token}` } })).status).toBe(401);
    expect((await asPerson(h, admin, 'DELETE', `/api/tokens/${crypto.randomUUID()}`)).status).toBe(404);

    const c = await signUp(h, 'collector', 'leaver');
    const [row] = await h.services.db.insert(apiTokens).values({ name: 'theirs', role: 'collector', tokenHash: 'f'.repeat(64), userId: c.id, createdBy: 'test' }).returning();
    expect((await asPerson(h, c, 'GET', '/api/me')).status).toBe(200);
    const gone = await asPerson(h, admin, 'DELETE', `/api/users/${c.id}`);
    expect(gone.status).toBe(200);
    expect(gone.json).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1 });
    expect((await asPerson(h, c, 'GET', '/api/me')).status).toBe(401);
    expect((await attempt(h.app, c.email, c.password, '198.51.100.30')).status).toBe(401);
    expect((await h.services.db.select().from(apiTokens).where(eq(apiTokens.id, row!.id)))[0]!.revokedAt).not.toBeNull();
    expect((await asPerson(h, admin, 'DELETE', `/api/users/${admin.id}`)).status).toBe(409);

    const audit = await h.services.db.select().from(auditEvents);
    const mine = audit.filter((e) => ['api_token.created', 'api_token.revoked', 'user.disabled'].includes(e.type) && e.actor !== 'bootstrap');
    expect(mine.length).toBeGreaterThanOrEqual(3);
    for (const e of mine) expect(e.actor).toBe(`user:${admin.id}`);
    for (const e of audit) expect(e.actor).toMatch(/^(user:[0-9a-f-]{36}|token:[0-9a-f-]{36}|bootstrap|system|anonymous)$/);
  });
});
