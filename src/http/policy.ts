import type { MiddlewareHandler } from 'hono';
import type { Role } from '../auth/actor';
import { AppError } from '../shared/errors';
import type { AppEnv } from './app';
import { authenticate } from './auth';

/**
 * Who may call each route, declared once, here. `createApp` mounts `accessPolicy()` in front of
 * every route; the authorisation-matrix test walks `app.routes` and fails for any route this table
 * does not name, so a new route cannot ship without a decision.
 *
 * - `public`: anyone (sign-in, health, payment links; each checks its own credential if any).
 * - `signed`: anyone may call; the request's HMAC signature is the credential (webhooks).
 * - `roles`: a signed-in person or an API token whose role is listed. `thread: true` adds the
 *   per-thread rules (collectors: the queue and the threads they hold) enforced by
 *   conversation-policy.ts and the collector actions.
 *
 * HEAD is judged as GET. A route missing here is refused to everyone but admins (fail closed).
 */
export type Access = { kind: 'public' } | { kind: 'signed' } | { kind: 'roles'; roles: readonly Role[]; thread?: true };

const PUBLIC: Access = { kind: 'public' };
const SIGNED: Access = { kind: 'signed' };
const ADMIN: Access = { kind: 'roles', roles: ['admin'] };
const LOAD: Access = { kind: 'roles', roles: ['admin', 'loader'] };
const PEOPLE: Access = { kind: 'roles', roles: ['admin', 'collector'] };
const THREAD: Access = { kind: 'roles', roles: ['admin', 'collector'], thread: true };
const ANYONE_SIGNED_IN: Access = { kind: 'roles', roles: ['admin', 'collector', 'loader'] };

export const ROUTE_POLICY: Readonly<Record<string, Access>> = {
  'GET /healthz': PUBLIC,
  'POST /webhooks/twilio/inbound': SIGNED,
  'POST /webhooks/twilio/status': SIGNED,
  // Rakuten CPaaS: the shared secret is in the path (as registered in its portal) or a header.
  'POST /webhooks/rakuten/inbound': SIGNED,
  'POST /webhooks/rakuten/status': SIGNED,
  'POST /webhooks/rakuten/:secret/inbound': SIGNED,
  'POST /webhooks/rakuten/:secret/status': SIGNED,
  // Google RBM: X-Goog-Signature (HMAC-SHA512 with the clientToken), and the console's clientToken check.
  'POST /webhooks/rbm': SIGNED,
  'POST /webhooks/payments': SIGNED,
  'GET /p/:token': PUBLIC,
  'GET /p/:token/checkout': PUBLIC,
  'POST /p/:token/checkout': PUBLIC,
  'GET /login': PUBLIC,
  'POST /login': PUBLIC,
  'POST /logout': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /': PUBLIC,
  // Loading debts starts SMS to the numbers in them: admins and the `loader` role only.
  'POST /api/debts': LOAD,
  'POST /api/debts/import': LOAD,
  'GET /api/conversations': THREAD,
  'GET /api/conversations/:id': THREAD,
  'POST /api/conversations/:id/claim': THREAD,
  'POST /api/conversations/:id/reply': THREAD,
  'POST /api/conversations/:id/resolve': THREAD,
  'POST /api/conversations/:id/handback': THREAD,
  'POST /api/conversations/:id/drafts': THREAD,
  'POST /api/classify': PEOPLE,
  // The web phone lists every debtor's thread and speaks as any number: admins only (decision 0111).
  'GET /simulator': ADMIN,
  'GET /simulator/threads': ADMIN,
  'POST /simulator/reply': ADMIN,
  'GET /api/me': ANYONE_SIGNED_IN,
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'DELETE /api/users/:id': ADMIN,
  'POST /api/tokens': ADMIN,
  'GET /api/tokens': ADMIN,
  'DELETE /api/tokens/:id': ADMIN,
  'GET /api/flows': ADMIN,
  'GET /api/flows/:key/versions/:version': ADMIN,
  'POST /api/flows/validate': ADMIN,
  'POST /api/flows/simulate': ADMIN,
  'POST /api/flows/diff': ADMIN,
  // The flow editor's form view and template preview (issue #14): same document, same validation.
  'POST /api/flows/form': ADMIN,
  'POST /api/flows/preview': ADMIN,
  // Segments and cost per template and route, and per 1,000 debtors (issue #13).
  'POST /api/flows/cost': ADMIN,
  'POST /api/flows': ADMIN,
  'GET /ui': PEOPLE,
  'GET /ui/inbox': PEOPLE,
  'GET /ui/inbox/fragment': PEOPLE,
  'GET /ui/inbox/events': PEOPLE,
  'GET /ui/conversations/:id': THREAD,
  'GET /ui/conversations/:id/fragment': THREAD,
  'GET /ui/conversations/:id/events': THREAD,
  'GET /ui/flows': ADMIN,
  'GET /ui/flows/:key': ADMIN,
  // Dead letters hold jobs that could not succeed (docs/reliability.md): admins list, retry, discard.
  'GET /api/admin/dead-letters': ADMIN,
  'POST /api/admin/dead-letters/:id/retry': ADMIN,
  'POST /api/admin/dead-letters/:id/discard': ADMIN,
  'GET /ui/dead-letters': ADMIN,
  // Campaigns: admins create, preview, approve (never their own), pause, resume, cancel, read results.
  'POST /api/campaigns': ADMIN,
  'GET /api/campaigns': ADMIN,
  'GET /api/campaigns/:id': ADMIN,
  'GET /api/campaigns/:id/progress': ADMIN,
  'GET /api/campaigns/:id/results': ADMIN,
  'GET /api/campaigns/:id/results.csv': ADMIN,
  'POST /api/campaigns/:id/approve': ADMIN,
  'POST /api/campaigns/:id/reject': ADMIN,
  'POST /api/campaigns/:id/pause': ADMIN,
  'POST /api/campaigns/:id/resume': ADMIN,
  'POST /api/campaigns/:id/cancel': ADMIN,
  'GET /ui/campaigns': ADMIN,
  'GET /ui/campaigns/:id': ADMIN,
  'GET /ui/campaigns/:id/results': ADMIN,
  'GET /ui/assets/uplot.js': ADMIN,
  'GET /ui/assets/uplot.css': ADMIN,
  // Prometheus scrape: 404 until METRICS_TOKEN is set, then that bearer token (checked by the handler).
  'GET /metrics': PUBLIC,
};

interface Compiled {
  method: string;
  re: RegExp;
  access: Access;
}

const compiled: Compiled[] = Object.entries(ROUTE_POLICY).map(([key, access]) => {
  const [method, path] = key.split(' ') as [string, string];
  const re = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);
  return { method, re, access };
});

/** The declared access for a request; HEAD is GET. `undefined` when the table names no such route. */
export function accessFor(method: string, path: string): Access | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return compiled.find((r) => r.method === m && r.re.test(path))?.access;
}

/** Paths that only signed-in people and tokens use; an undeclared route under them is admin-only. */
const PRIVATE_PREFIXES = ['/api/', '/ui/', '/ui', '/simulator'];

/** Browser pages answer an anonymous GET with a redirect to /login; APIs answer 401 JSON. */
const isPage = (path: string) => path === '/ui' || path.startsWith('/ui/') || path === '/simulator';

/** Enforces ROUTE_POLICY: authenticates and checks the role before any handler runs. */
export function accessPolicy(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    let access = accessFor(c.req.method, path);
    if (!access) {
      if (!PRIVATE_PREFIXES.some((p) => path === p || path.startsWith(p))) return next();
      access = ADMIN;
    }
    if (access.kind !== 'roles') return next();
    const roles = access.roles;
    return authenticate({ unauthenticated: isPage(path) ? 'redirect' : 'json' })(c, async () => {
      if (!roles.includes(c.get('actor').role)) throw new AppError('forbidden', `needs role ${roles.join(' or ')}`);
      await next();
    });
  };
}
