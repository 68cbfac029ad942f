import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, signUp, type Person } from '../support/people';

/** Headers the probe found missing: CSP, framing, sniffing, HSTS, no-store; and the echoed request id. */
describe('security headers', () => {
  let h: Harness;
  let plain: Harness;
  let admin: Person;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false });
    plain = await startHarness({ provider: 'simulator', workers: false, env: { PUBLIC_BASE_URL: 'http://localhost:3000' } });
    admin = await signUp(h, 'admin');
  });
  afterAll(async () => {
    await h?.close();
    await plain?.close();
  });

  it('no other site may frame the thread page, and nothing is sniffed', async () => {
    const conv = crypto.randomUUID();
    for (const path of ['/ui/inbox', `/ui/conversations/${conv}`, '/login', '/simulator']) {
      const r = await asPerson(h, admin, 'GET', path);
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      expect(r.headers.get('content-security-policy'), path).toMatch(/object-src 'none'/);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('the UI and authenticated API answers are never cached; HSTS only on https', async () => {
    for (const path of ['/ui/inbox', '/api/me', '/api/users']) {
      const r = await asPerson(h, admin, 'GET', path);
      expect(r.headers.get('cache-control'), path).toBe('no-store');
      expect(r.headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
    }
    const denied = await h.app.request('/api/users');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('x-content-type-options')).toBe('nosniff');
    const overHttp = await plain.app.request('/healthz');
    expect(overHttp.headers.get('strict-transport-security')).toBeNull();
  });

  it('echoes a plain x-request-id, and replaces a long or strange one', async () => {
    const ok = await h.app.request('/healthz', { headers: { 'x-request-id': 'abc-123.DEF:9_z' } });
    expect(ok.headers.get('x-request-id')).toBe('abc-123.DEF:9_z');
    for (const bad of ['x'.repeat(101), 'a b', '<script>', 'a\u00e9b', 'x;y']) {
      const r = await h.app.request('/healthz', { headers: { 'x-request-id': bad } });
      const id = r.headers.get('x-request-id')!;
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const err = await h.app.request('/api/users', { headers: { 'x-request-id': 'y'.repeat(5000) } });
    expect(((await err.json()) as any).error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('over the Node server too: the echoed id and the security headers on an answer it writes from its string', async () => {
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise((r) => server.once('listening', r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ['/healthz', '/webhooks/twilio/inbound']) {
        const r = await fetch(`${base}${path}`, { method: path === '/healthz' ? 'GET' : 'POST', headers: { 'x-request-id': 'node-1' } });
        await r.text();
        expect(r.headers.get('x-request-id'), path).toBe('node-1');
        expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(r.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
