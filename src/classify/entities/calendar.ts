/**
 * Civil-date arithmetic in the debtor's timezone with nothing but Intl: the instant is turned into
 * a calendar day once, and everything after that is day arithmetic in UTC (no DST to trip on).
 */

export interface CivilDate {
  y: number;
  /** 1–12 */
  m: number;
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timezone, f);
  }
  return f;
}

/**
 * The last day computed per zone, by minute: every zone's day starts on a whole minute (offsets in
 * use are whole minutes), so two instants of one minute are on the same day. formatToParts was ~2 %
 * of the reply path's CPU (#12), asked for the same `now` by every reply of a round.
 */
const lastDay = new Map<string, { minute: number; day: CivilDate }>();

/** The calendar day of `instant` in `timezone` (an unknown zone falls back to UTC). */
export function civilDateIn(instant: Date, timezone: string): CivilDate {
  const minute = Math.floor(instant.getTime() / 60_000);
  const hit = lastDay.get(timezone);
  if (hit && hit.minute === minute) return { ...hit.day };
  const day = civilDateUncached(instant, timezone);
  if (Number.isFinite(minute) && (hit || lastDay.size < 1000)) lastDay.set(timezone, { minute, day: { ...day } });
  return day;
}

function civilDateUncached(instant: Date, timezone: string): CivilDate {
  let f: Intl.DateTimeFormat;
  try {
    f = formatterFor(timezone);
  } catch {
    f = formatterFor('UTC');
  }
  let y = 0;
  let m = 0;
  let d = 0;
  for (const p of f.formatToParts(instant)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') m = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
  }
  return { y, m, d };
}

const toUtc = (c: CivilDate): Date => new Date(Date.UTC(c.y, c.m - 1, c.d));
const fromUtc = (t: Date): CivilDate => ({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });

export function addDays(c: CivilDate, days: number): CivilDate {
  const t = toUtc(c);
  t.setUTCDate(t.getUTCDate() + days);
  return fromUtc(t);
}

/** Adds months, clamping the day to the target month's length (Jan 31 + 1 month → Feb 28). */
export function addMonths(c: CivilDate, months: number): CivilDate {
  const idx = c.y * 12 + (c.m - 1) + months;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  return { y, m, d: Math.min(c.d, daysInMonth(y, m)) };
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(c: CivilDate): number {
  return toUtc(c).getUTCDay();
}

export function compare(a: CivilDate, b: CivilDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

export function isValid(c: CivilDate): boolean {
  return c.m >= 1 && c.m <= 12 && c.d >= 1 && c.d <= daysInMonth(c.y, c.m);
}

export function format(c: CivilDate): string {
  return `${c.y}-${String(c.m).padStart(2, '0')}-${String(c.d).padStart(2, '0')}`;
}

/** The next `dow` strictly after `today` ("Friday" said on a Friday means the next one). */
export function nextWeekday(today: CivilDate, dow: number): CivilDate {
  const diff = (dow - weekday(today) + 7) % 7 || 7;
  return addDays(today, diff);
}

/** `dow` in the Monday-based week of `today`, offset by `weeks` (0 = this week, 1 = next week). */
export function weekdayInWeek(today: CivilDate, dow: number, weeks: number): CivilDate {
  const mondayOffset = (weekday(today) + 6) % 7; // days since Monday
  const monday = addDays(today, -mondayOffset + 7 * weeks);
  return addDays(monday, (dow + 6) % 7);
}

/**
 * Day `d` of this month if it is after today, else of next month (clamped to valid days). Round 11 (decision 0138): the
 * conventions' date rules say a bare day of the month "must be strictly after today" — on the 26th, "the 26th" is next
 * month's (today is said as today / 今日).
 */
export function nextDayOfMonth(today: CivilDate, d: number): CivilDate | undefined {
  if (d < 1 || d > 31) return undefined;
  for (let i = 0; i < 3; i++) {
    const base = addMonths({ y: today.y, m: today.m, d: 1 }, i);
    const c = { ...base, d };
    if (isValid(c) && compare(c, today) > 0) return c;
  }
  return undefined;
}

/** Month/day with the year chosen so the date is today or later. */
export function nextMonthDay(today: CivilDate, m: number, d: number): CivilDate | undefined {
  for (const y of [today.y, today.y + 1]) {
    const c = { y, m, d };
    if (isValid(c) && compare(c, today) >= 0) return c;
  }
  return undefined;
}

export function endOfMonth(c: CivilDate, monthsAhead = 0): CivilDate {
  const first = addMonths({ y: c.y, m: c.m, d: 1 }, monthsAhead);
  return { ...first, d: daysInMonth(first.y, first.m) };
}

/** The `n`th `dow` of month `m` of year `y` (n = -1: the last one); undefined when the month has no such day. */
export function nthWeekdayOfMonth(y: number, m: number, dow: number, n: number): CivilDate | undefined {
  if (n < 0) {
    const last = { y, m, d: daysInMonth(y, m) };
    return addDays(last, -((weekday(last) - dow + 7) % 7));
  }
  const first = { y, m, d: 1 };
  const c = addDays(first, (dow - weekday(first) + 7) % 7 + 7 * (n - 1));
  return c.m === m ? c : undefined;
}

/** The next `n`th `dow` of a month on or after today ("the second Wednesday"): this month's, else next month's. */
export function nextNthWeekday(today: CivilDate, dow: number, n: number): CivilDate | undefined {
  for (let i = 0; i < 2; i++) {
    const base = addMonths({ y: today.y, m: today.m, d: 1 }, i);
    const c = nthWeekdayOfMonth(base.y, base.m, dow, n);
    if (c && compare(c, today) >= 0) return c;
  }
  return undefined;
}

/** A holiday given as its date in a year, on or after today (this year's, else next year's). */
export function nextHoliday(today: CivilDate, inYear: (y: number) => CivilDate | undefined): CivilDate | undefined {
  for (const y of [today.y, today.y + 1]) {
    const c = inYear(y);
    if (c && compare(c, today) >= 0) return c;
  }
  return undefined;
}
