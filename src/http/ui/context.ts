import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app';
import { dictionaries, LANG_COOKIE, pickLang } from './i18n';
import type { PageCtx } from './layout';
import { defaultZone, TZ_COOKIE, validZone } from './time';

/** Language, dictionary, actor and CSRF token for a page; remembers a `?lang=` toggle. */
export function pageCtx(c: Context<AppEnv>): PageCtx {
  const lang = pickLang(c);
  const q = c.req.query('lang');
  if (q === 'ja' || q === 'en') setCookie(c, LANG_COOKIE, q, { path: '/', sameSite: 'Lax', maxAge: 365 * 86400 });
  const s = c.get('services');
  return {
    lang,
    t: dictionaries[lang],
    actor: c.get('actor') ?? null,
    csrfToken: c.get('session')?.csrfToken ?? null,
    path: c.req.path,
    // The web phone is admin-only (policy.ts): collectors get no link to a 403.
    simulator: s.provider.name === 'simulator' && c.get('actor')?.role === 'admin',
    tz: validZone(getCookie(c, TZ_COOKIE)) ?? defaultZone(lang),
    now: s.clock.now(),
  };
}
