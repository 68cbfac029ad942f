import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations } from '../../db/schema';
import { accessFor, ROUTE_POLICY, type Access } from '../../src/http/policy';
import { ADMIN_TOKEN, debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';
import { signUp, type Person } from '../support/people';

/**
 * The authorisation matrix, generated from the app's own route table: every route × every kind of
 * caller, HEAD judged as GET. A route with no entry in ROUTE_POLICY (src/http/policy.ts) fails here.
 */

type Caller = { name: string; role: 'anonymous' | 'admin' | 'collector' | 'loader'; holder?: boolean; headers: (method: string) => Record<string, string> };

/** What each route is sent: a body that passes validation, so a refusal can only come from access rules. */
const BODIES: Record<string, unknown> = {
  'POST /api/conversations/:id/reply': { body: 'お電話します' },
  'POST /api/conversations/:id/resolve': { outcome: 'settled_offline' },
  'POST /api/conversations/:id/handback': { resumeAt: 'dunning' },
  'POST /api/conversations/:id/drafts': { kind: 'payment_link' },
  'POST /api/classify': { text: '払いました', locale: 'ja', timezone: 'Asia/Tokyo' },
  'POST /simulator/reply': { phone: '+819099999999', body: 'hello' },
  'POST /api/users': { email: 'new@example.test', name: 'N', role: 'collector', password: 'a long passphrase of words' },
  'POST /api/tokens': { name: 'matrix', role: 'collector' },
  'POST /api/flows/validate': { source: 'key: x' },
  'POST /api/flows/diff': { source: 'key: x' },
  'POST /api/flows/simulate': { source: 'key: x', script: '' },
  'POST /api/flows': { source: 'key: x' },
};

/** `access`: refused for who the caller is; `hold`: a thread action refused because someone else holds it. */
function denial(res: Response, json: any): 'access' | 'hold' | null {
  if (res.status === 401 || res.status === 403) return 'access';
  if (res.status === 303 && (res.headers.get('location') ?? '').startsWith('/login')) return 'access';
  if (res.status === 409 && ['held_by_other', 'not_held'].includes(json?.error?.reason)) return 'hold';
  return null;
}

/** Signing out would end the callers' sessions mid-matrix: only the anonymous caller posts it. */
const ANONYMOUS_ONLY = new Set(['POST /logout']);

describe('authorisation matrix (generated from the route table)', () => {
  let h: Harness;
  let a: Person;
  let b: Person;
  let admin: Person;
  const tokens: Record<string, string> = {};
  let n = 0;

  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false, env: { PAYMENT_WEBHOOK_SECRET: 'matrix-secret-0123456789' } });
    a = await signUp(h, 'collector', 'alice');
    b = await signUp(h, 'collector', 'bob');
    admin = await signUp(h, 'admin', 'root');
    for (const role of ['admin', 'collector', 'loader'] as const) {
      const r = await h.api('POST', '/api/tokens', { name: `${role} token`, role });
      expect(r.status).toBe(201);
      tokens[role] = r.json.token;
    }
  });
  afterAll(async () => h?.close());

  /** A fresh escalated thread held by collector A. */
  async function heldThread(): Promise<string> {
    const phone = jpMobile(7000 + ++n);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: `mx${n}-${crypto.randomUUID().slice(0, 4)}`, phone: phone.local }));
    expect(r.status).toBe(201);
    await h.services.db
      .update(conversations)
      .set({ status: 'escalated', escalationReason: 'asked_for_person', escalatedAt: h.clock.now(), heldBy: a.id, heldAt: h.clock.now() })
      .where(eq(conversations.id, r.json.conversationId));
    return r.json.conversationId;
  }

  const cookie = (p: Person) => (method: string) => ({ cookie: p.cookie, ...(method === 'GET' || method === 'HEAD' ? {} : { 'x-csrf-token': p.csrfToken }) });
  const bearer = (t: () => string) => () => ({ authorization: `Bearer ${t()}` });
  const callers = (): Caller[] => [
    { name: 'anonymous', role: 'anonymous', headers: () => ({}) },
    { name: 'collector A (holder)', role: 'collector', holder: true, headers: cookie(a) },
    { name: 'collector B', role: 'collector', headers: cookie(b) },
    { name: 'admin (session)', role: 'admin', headers: cookie(admin) },
    { name: 'bootstrap admin token', role: 'admin', headers: bearer(() => ADMIN_TOKEN) },
    { name: 'admin API token', role: 'admin', headers: bearer(() => tokens.admin!) },
    { name: 'collector API token', role: 'collector', headers: bearer(() => tokens.collector!) },
    { name: 'loader API token', role: 'loader', headers: bearer(() => tokens.loader!) },
  ];

  /** Every (method, path) the app routes, from Hono's own table (middleware entries are `ALL`). */
  function routeTable(): Array<{ method: string; path: string }> {
    const seen = new Map<string, { method: string; path: string }>();
    for (const r of h.app.routes) if (r.method !== 'ALL') seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
    return [...seen.values()];
  }

  it('every route declares its access policy', () => {
    const missing = routeTable().filter((r) => !ROUTE_POLICY[`${r.method} ${r.path}`]);
    expect(missing, 'declare these routes in src/http/policy.ts').toEqual([]);
    const routed = new Set(routeTable().map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(ROUTE_POLICY).filter((k) => !routed.has(k)), 'policies for routes that no longer exist').toEqual([]);
    expect(routeTable().length).toBeGreaterThan(40);
  });

  it('an undeclared route under /api, /ui or /simulator is admin-only, and HEAD is judged as GET', () => {
    expect(accessFor('GET', '/api/something-new')).toBeUndefined();
    expect(accessFor('HEAD', '/api/conversations/0f0f0f0f-0000-4000-8000-000000000000')).toEqual(accessFor('GET', '/api/conversations/0f0f0f0f-0000-4000-8000-000000000000'));
  });

  /** Expected outcome of one caller on one route: allowed (anything but a denial and a 5xx) or denied. */
  function expected(access: Access, caller: Caller, path: string): 'allow' | 'deny' | 'signed' | 'public' {
    if (access.kind === 'public') return 'public';
    if (access.kind === 'signed') return 'signed';
    if (caller.role === 'anonymous' || !access.roles.includes(caller.role)) return 'deny';
    // Collectors: another collector's thread is closed to them, for reading and acting alike.
    if (access.thread && path.includes(':id') && caller.role === 'collector' && !caller.holder) return 'deny';
    return 'allow';
  }

  it('answers every route × caller × method as its policy says', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routeTable()) {
      const key = `${route.method} ${route.path}`;
      const access = ROUTE_POLICY[key];
      if (!access) continue;
      const methods = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
      // The holder goes last: its allowed action may change the thread.
      const order = callers().sort((x, y) => Number(!!x.holder) - Number(!!y.holder));
      for (const method of methods) {
        const thread = route.path.includes('/conversations/:id') ? await heldThread() : null;
        for (const caller of order) {
          if (ANONYMOUS_ONLY.has(key) && caller.role !== 'anonymous') continue;
          const path = route.path
            .replace(':id', thread ?? crypto.randomUUID())
            .replace(':token', 'AAAAAAAAAAAAAAAAAAAAAAAA')
            .replace(':key', 'standard-ja')
            .replace(':version', '1');
          const body = BODIES[key] ?? (route.method === 'GET' ? undefined : {});
          const headers: Record<string, string> = { ...caller.headers(method), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
          const res = await h.app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
          const streaming = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
          let json: any = null;
          if (streaming) await res.body?.cancel();
          else {
            const text = await res.text();
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              /* HTML */
            }
          }
          checked++;
          const want = expected(access, caller, route.path);
          const d = denial(res, json);
          const where = `${method} ${route.path} as ${caller.name}: ${res.status} ${JSON.stringify(json?.error ?? '')}`;
          if (res.status >= 500 && !(want === 'signed' && res.status === 503)) failures.push(`5xx: ${where}`);
          // Admins are not barred from threads, but a collector's hold still stops their actions.
          else if (want === 'allow' && (d === 'access' || (d === 'hold' && caller.role !== 'admin'))) failures.push(`denied, should be allowed: ${where}`);
          else if (want === 'deny' && !d) failures.push(`allowed, should be denied: ${where}`);
          else if (want === 'signed' && ![403, 404].includes(res.status)) failures.push(`unsigned webhook not refused: ${where}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(400);
  });
});
