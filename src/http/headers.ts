import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app';

/**
 * Content-Security-Policy for every response. Inline <script>/<style> blocks of the UI are fixed
 * strings (no user data goes into them; user text is escaped by JSX), so 'unsafe-inline' is kept for
 * them; everything else is same-origin only, no plugins, no <base>, forms post to this origin, and no
 * other site may frame a page (clickjacking of the reply and resolve forms).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A caller's x-request-id is echoed only when it is short and plain; otherwise a fresh one is made. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
export const requestIdFrom = (sent: string | undefined): string => (sent && REQUEST_ID.test(sent) ? sent : crypto.randomUUID());

/** Security headers on every answer; `no-store` on the UI, sign-in and anything answered to a signed-in caller. */
export function securityHeaders(opts: { https: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('x-content-type-options', 'nosniff');
    h.set('x-frame-options', 'DENY');
    h.set('referrer-policy', h.get('referrer-policy') ?? 'same-origin');
    if (!h.has('content-security-policy')) h.set('content-security-policy', CSP);
    if (opts.https) h.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const path = c.req.path;
    const personal = path === '/ui' || path.startsWith('/ui/') || path === '/login' || path.startsWith('/simulator') || (c.get('actor') !== undefined && path.startsWith('/api/'));
    if (personal) h.set('cache-control', 'no-store');
  };
}
