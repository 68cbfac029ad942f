import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Actor, Role } from '../auth/actor';
import { sessionActor, tokenActor } from '../auth/service';
import { sameSecret } from '../auth/tokens';
import { AppError } from '../shared/errors';
import type { AppEnv } from './app';

export const SESSION_COOKIE = 'saisoku_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

async function csrfFrom(c: Context<AppEnv>): Promise<string> {
  const h = c.req.header(CSRF_HEADER);
  if (h) return h;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const v = (await c.req.parseBody())[CSRF_FIELD];
    return typeof v === 'string' ? v : '';
  }
  return '';
}

/**
 * Who is asking, for /api/* and /ui/*: a bearer token (ADMIN_API_TOKEN, or an API token stored
 * hashed) or a session cookie. Cookie-authenticated state changes must carry the session's CSRF
 * token (header `x-csrf-token` or form field `_csrf`): a synchroniser token, not SameSite alone.
 * Sets `actor` (and `session` for cookies); `unauthenticated: 'redirect'` sends browsers to /login.
 */
export function authenticate(opts: { unauthenticated: 'json' | 'redirect' } = { unauthenticated: 'json' }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Already decided by accessPolicy() (or an outer authenticate): once per request.
    if (c.get('actor')) return next();
    const s = c.get('services');
    const h = c.req.header('authorization') ?? '';
    if (h) {
      const token = h.startsWith('Bearer ') ? h.slice(7).trim() : '';
      let actor: Actor | null = null;
      if (token && sameSecret(token, s.config.adminToken)) actor = { id: 'bootstrap', role: 'admin', name: 'admin token', via: 'bootstrap' };
      else if (token) actor = await tokenActor(s, token);
      if (!actor) throw new AppError('unauthorized', 'a valid bearer token is required');
      c.set('actor', actor);
      c.set('session', null);
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    const found = cookie ? await sessionActor(s, cookie) : null;
    if (!found) {
      if (opts.unauthenticated === 'redirect' && SAFE.has(c.req.method)) {
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      }
      throw new AppError('unauthorized', 'sign in, or send a valid bearer token');
    }
    if (!SAFE.has(c.req.method)) {
      const sent = await csrfFrom(c);
      if (!sent || !sameSecret(sent, found.csrfToken)) throw new AppError('forbidden', 'missing or wrong CSRF token');
    }
    c.set('actor', found.actor);
    c.set('session', { id: found.sessionId, csrfToken: found.csrfToken });
    return next();
  };
}

/** 403 unless the actor has one of `roles`. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('actor').role)) throw new AppError('forbidden', `needs role ${roles.join(' or ')}`);
    return next();
  };
}

/** Kept for callers of the first API: the bootstrap bearer check is now part of authenticate(). */
export const bearerAuth = () => authenticate({ unauthenticated: 'json' });
