import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { login, logout, sessionActor, SESSION_TTL_MS } from '../../auth/service';
import { sameSecret } from '../../auth/tokens';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { SESSION_COOKIE } from '../auth';
import { refuseNul } from '../validate';
import { pageCtx } from '../ui/context';
import { LoginPage } from '../ui/login';

export const LoginBody = z.object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).max(200), next: z.string().optional() });

/** Only local paths, so /login?next= cannot bounce a signed-in user to another site. */
export const safeNext = (n: string | undefined): string => (n && /^\/(?!\/)[\w\-./?=&%]*$/.test(n) ? n : '/ui/inbox');

/**
 * The caller's address for sign-in back-off: the socket's peer on Node (@hono/node-server passes
 * `incoming`), CF-Connecting-IP on Cloudflare. X-Forwarded-For is not trusted (anyone can send it).
 */
export function clientIp(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? c.req.header('cf-connecting-ip') ?? undefined;
}

/** A cross-site form cannot sign someone in as the attacker (login CSRF): same origin only. */
function sameOrigin(c: Context<AppEnv>): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return !origin;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

export function cookieOptions(c: Context<AppEnv>, expires?: Date) {
  const secure = c.get('services').config.publicBaseUrl.startsWith('https:');
  return { path: '/', httpOnly: true, secure, sameSite: 'Lax' as const, ...(expires ? { expires, maxAge: Math.floor(SESSION_TTL_MS / 1000) } : {}) };
}

/** /login (page and form post, or JSON), /logout. Public: they make and end sessions. */
export function authRoutes() {
  return new Hono<AppEnv>()
    .get('/login', (c) => c.html(<LoginPage ctx={pageCtx(c)} next={safeNext(c.req.query('next'))} failed={c.req.query('failed') === '1'} lockedSeconds={Math.min(3600, Number(c.req.query('locked')) || 0)} />))
    .post('/login', async (c) => {
      if (!sameOrigin(c)) throw new AppError('forbidden', 'cross-origin sign-in refused');
      const isJson = (c.req.header('content-type') ?? '').startsWith('application/json');
      const raw = isJson ? await c.req.json().catch(() => null) : await c.req.parseBody();
      refuseNul(raw);
      const parsed = LoginBody.safeParse(raw);
      const next = safeNext(parsed.success ? parsed.data.next : undefined);
      const s = c.get('services');
      const r = parsed.success ? await login(s, parsed.data.email, parsed.data.password, { ip: clientIp(c) }) : ({ status: 'failed' } as const);
      if (r.status === 'locked') {
        const wait = Math.max(1, Math.ceil((r.until.getTime() - s.clock.now().getTime()) / 1000));
        c.header('retry-after', String(wait));
        const message = `too many failed sign-ins for this account or address: try again in ${wait} s (after ${r.until.toISOString()})`;
        if (isJson) throw new AppError('too_many_requests', message, { retryAfterSeconds: wait });
        return c.redirect(`/login?locked=${wait}&next=${encodeURIComponent(next)}`, 303);
      }
      if (r.status !== 'ok') {
        if (isJson) throw new AppError('unauthorized', 'wrong email or password');
        return c.redirect(`/login?failed=1&next=${encodeURIComponent(next)}`, 303);
      }
      setCookie(c, SESSION_COOKIE, r.token, cookieOptions(c, r.expiresAt));
      if (isJson) return c.json({ actor: { id: r.actor.id, role: r.actor.role, name: r.actor.name }, csrfToken: r.csrfToken, expiresAt: r.expiresAt });
      return c.redirect(next, 303);
    })
    .post('/logout', async (c) => {
      const s = c.get('services');
      const token = getCookie(c, SESSION_COOKIE);
      const found = token ? await sessionActor(s, token) : null;
      if (found) {
        const type = c.req.header('content-type') ?? '';
        const sent = c.req.header('x-csrf-token') ?? (type.includes('form') ? String((await c.req.parseBody())._csrf ?? '') : '');
        if (!sameSecret(sent, found.csrfToken)) throw new AppError('forbidden', 'missing or wrong CSRF token');
        await logout(s, found.sessionId, found.actor);
      }
      deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
      return c.redirect('/login', 303);
    });
}
