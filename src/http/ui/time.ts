import type { Lang } from './i18n';

/** The collector's timezone travels in this cookie (set by the page script from the browser). */
export const TZ_COOKIE = 'saisoku_tz';

/** A zone name Intl accepts, else null. */
export function validZone(tz: string | undefined | null): string | null {
  if (!tz || tz.length > 64) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return null;
  }
}

/** Until the browser has told us its zone: Tokyo for the Japanese UI, UTC otherwise. */
export const defaultZone = (lang: Lang) => (lang === 'ja' ? 'Asia/Tokyo' : 'UTC');

const tag = (lang: Lang) => (lang === 'ja' ? 'ja-JP' : 'en-GB');

/** "12月1日 14:05" / "1 Dec, 14:05" in `tz`. */
export function dateTime(d: Date | string, lang: Lang, tz: string): string {
  return new Intl.DateTimeFormat(tag(lang), { timeZone: tz, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(d));
}

/** The short zone name: JST, EST, GMT… ("GMT+9" from one locale is retried in the zone's own). */
export function zoneAbbr(d: Date | string, tz: string): string {
  const name = (locale: string) => new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: 'short' }).formatToParts(new Date(d)).find((p) => p.type === 'timeZoneName')?.value ?? tz;
  const en = name('en-US');
  if (!/^GMT[+-]/.test(en)) return en;
  const ja = name('ja-JP');
  return /^[A-Z]{2,5}$/.test(ja) ? ja : en;
}

/** "14:05 JST": a time in the debtor's zone, for beside the collector's own. */
export function localClock(d: Date | string, tz: string): string {
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(d));
  return `${hm} ${zoneAbbr(d, tz)}`;
}

/** "3 分前" / "3 minutes ago" (Intl.RelativeTimeFormat), from `then` to `now`. */
export function relative(then: Date | string, now: Date, lang: Lang): string {
  const s = Math.round((new Date(then).getTime() - now.getTime()) / 1000);
  const a = Math.abs(s);
  const f = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  if (a < 60) return f.format(0, 'minute');
  if (a < 3600) return f.format(Math.trunc(s / 60), 'minute');
  if (a < 86400) return f.format(Math.trunc(s / 3600), 'hour');
  return f.format(Math.trunc(s / 86400), 'day');
}

/** "+81 ••••••5678": the country code and the last four digits. */
export function maskPhone(e164: string): string {
  const cc = /^\+(1|44|81|\d{2})/.exec(e164)?.[0] ?? '';
  const rest = e164.slice(cc.length);
  return `${cc} ${'•'.repeat(Math.max(0, rest.length - 4))}${rest.slice(-4)}`.trim();
}
