/** Timezone arithmetic with Intl only (works on Node and on Workers). Dates are 'YYYY-MM-DD'. */

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    fmtCache.set(tz, f);
  }
  return f;
}

export interface LocalParts {
  date: string;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Bounded memo of pure results (a storm of reminders asks for the same few zones, minutes and days
 * thousands of times; Intl's formatToParts costs microseconds each): dropped whole when full.
 */
function memo<V>(limit: number) {
  const m = new Map<string, V>();
  return (key: string, make: () => V): V => {
    let v = m.get(key);
    if (v === undefined) {
      v = make();
      if (m.size >= limit) m.clear();
      m.set(key, v);
    }
    return v;
  };
}

const minuteParts = memo<Omit<LocalParts, 'second'>>(4096);

/**
 * The wall clock in `tz` at `at`. Computed once per zone and UTC minute: every offset in use is a
 * whole number of minutes and changes only on a minute boundary, so the seconds carry over as they are.
 */
export function localParts(at: Date, tz: string): LocalParts {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) return formatParts(at, tz);
  const minuteMs = Math.floor(ms / 60_000) * 60_000;
  const { date, hour, minute, weekday } = minuteParts(`${tz}|${minuteMs}`, () => formatParts(new Date(minuteMs), tz));
  return { date, hour, minute, second: Math.floor((ms - minuteMs) / 1000), weekday };
}

function formatParts(at: Date, tz: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of fmt(tz).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays.indexOf(parts.weekday ?? 'Sun'),
  };
}

export const localDate = (at: Date, tz: string): string => localParts(at, tz).date;

/** Minutes since local midnight. */
export function localMinutes(at: Date, tz: string): number {
  const p = localParts(at, tz);
  return p.hour * 60 + p.minute;
}

export function hmToMinutes(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** True for a 'YYYY-MM-DD' that names a day on the calendar (2026-02-30 does not). */
export function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
}

const dayPlus = memo<string>(4096);

/** `date` (YYYY-MM-DD) plus `days` calendar days; memoised (a storm round asks the same few dates per timer, for each schedule step). */
export function addDays(date: string, days: number): string {
  return dayPlus(`${date}|${days}`, () => addDaysOnce(date, days));
}

function addDaysOnce(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const zoned = memo<number>(4096);

/** The instant at which the wall clock in `tz` shows `date` `hm` (DST gaps resolve forward). */
export function zonedTime(date: string, hm: string, tz: string): Date {
  return new Date(zoned(`${tz}|${date}|${hm}`, () => zonedTimeMs(date, hm, tz)));
}

function zonedTimeMs(date: string, hm: string, tz: string): number {
  const guess = Date.parse(`${date}T${hm}:00Z`);
  // Two passes settle the offset, including across a DST change.
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(t), tz);
    const shown = Date.parse(`${p.date}T${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}:00Z`);
    t += guess - shown;
  }
  return t;
}
