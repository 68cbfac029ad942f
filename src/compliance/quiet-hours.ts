import { hmToMinutes, localParts, zonedTime, addDays } from '../shared/time';

export type Jurisdiction = 'jp' | 'us' | 'uk';

/** Contact window per jurisdiction, debtor-local (COMPLIANCE rules 9, 14, 18). */
export const JURISDICTION_HOURS: Record<Jurisdiction, { from: string; to: string }> = {
  jp: { from: '08:00', to: '21:00' },
  us: { from: '08:00', to: '21:00' },
  uk: { from: '08:00', to: '21:00' },
};

/** A window on some weekdays (0 = Sunday); no `days` means every day. */
export interface Window {
  from: string;
  to: string;
  days?: number[];
}

/** Is `at` inside every window, in every timezone given? */
export function isAllowed(at: Date, timezones: string[], windows: Window[]): boolean {
  return timezones.every((tz) => {
    const p = localParts(at, tz);
    const m = p.hour * 60 + p.minute;
    return windows.every((w) => (!w.days || w.days.includes(p.weekday)) && m >= hmToMinutes(w.from) && m < hmToMinutes(w.to));
  });
}

/**
 * The earliest instant ≥ `at` allowed by all windows in all timezones. Candidates are the window
 * openings of the next 8 days in each zone; nothing is dropped, only moved.
 */
export function nextAllowed(at: Date, timezones: string[], windows: Window[]): Date | null {
  if (isAllowed(at, timezones, windows)) return at;
  const candidates: Date[] = [];
  for (const tz of timezones) {
    const today = localParts(at, tz).date;
    for (let d = 0; d <= 8; d++) {
      for (const w of windows) {
        const c = zonedTime(addDays(today, d), w.from, tz);
        if (c > at) candidates.push(c);
      }
    }
  }
  candidates.sort((a, b) => a.getTime() - b.getTime());
  return candidates.find((c) => isAllowed(c, timezones, windows)) ?? null;
}

/** Windows that must all hold in one timezone. */
export interface ZonedWindows {
  timezone: string;
  windows: Window[];
}

/**
 * Like nextAllowed, but each set of windows is read in its own zone: the jurisdiction's hours in
 * every zone of the debtor (US: address and area code), the debtor's own requests in the debtor's
 * own zone only ("after 6pm" means the debtor's 6pm, not the area code's).
 */
export function nextAllowedAll(at: Date, constraints: ZonedWindows[]): Date | null {
  const ok = (t: Date) => constraints.every((c) => isAllowed(t, [c.timezone], c.windows));
  if (ok(at)) return at;
  const candidates: Date[] = [];
  for (const c of constraints) {
    const today = localParts(at, c.timezone).date;
    for (let d = 0; d <= 8; d++) for (const w of c.windows) {
      const t = zonedTime(addDays(today, d), w.from, c.timezone);
      if (t > at) candidates.push(t);
    }
  }
  candidates.sort((a, b) => a.getTime() - b.getTime());
  return candidates.find(ok) ?? null;
}
