import { sql } from 'drizzle-orm';
import type { RateLimits } from '../config/rate-limits';
import { rowsOf } from '../db/batch';
import type { DbOrTx } from '../db/client';

/** The budget one send draws from: its sender's key and rate (null = unlimited). */
export interface SenderBudget {
  key: string;
  perSecond: number | null;
}

/** Twilio's own queueing rates: a long code 1 message/s, a short code or messaging service 100/s. */
export function defaultRate(route: string, sender: string | undefined): number | null {
  if (route !== 'twilio') return null;
  if (!sender) return 1;
  if (/^MG/.test(sender)) return 100;
  // Short codes are 5–6 digits (US), never an E.164 number.
  if (/^\+?\d{3,8}$/.test(sender)) return 100;
  return 1;
}

/** The budget for a send over `route` from `sender`: the most specific SEND_RATE_LIMITS entry, else the default. */
export function senderBudget(limits: RateLimits | undefined, route: string, sender: string | undefined): SenderBudget {
  const key = sender ? `${route}:${sender}` : route;
  const l = limits ?? {};
  if (sender && key in l) return { key, perSecond: l[key] ?? null };
  if (route in l) return { key, perSecond: l[route] ?? null };
  return { key, perSecond: defaultRate(route, sender) };
}

/**
 * Reserves `n` consecutive slots of `key`, `1/perSecond` apart, the first at the sender's next free
 * moment (never before `now`): one statement, atomic across every worker process (the row is the
 * bucket; generic cell rate algorithm without burst). Slot i is when the i-th message may leave.
 * Called inside the claim's transaction: a rolled-back claim gives its slots back.
 */
export async function reserveSlots(tx: DbOrTx, key: string, n: number, perSecond: number, now: Date): Promise<Date[]> {
  const stepMs = 1000 / perSecond;
  const [r] = await rowsOf<{ next_at: string | Date }>(
    tx,
    sql`insert into send_rates (key, next_at) values (${key}, ${now.toISOString()}::timestamptz + (${n * stepMs}::float8 * interval '1 millisecond'))
      on conflict (key) do update set next_at = greatest(send_rates.next_at, ${now.toISOString()}::timestamptz) + (${n * stepMs}::float8 * interval '1 millisecond')
      returning next_at`,
  );
  const end = new Date(r!.next_at).getTime();
  const first = end - n * stepMs;
  return Array.from({ length: n }, (_, i) => new Date(Math.round(first + i * stepMs)));
}

/** The burst a sender's departures may bunch up by: this many seconds' worth at its rate (at least one message). */
export const BURST_SECONDS = 0.05;

/** Messages that may leave back to back above the rate (≥ 1): 5 at 100/s, 1 at 1/s. */
export const burstOf = (perSecond: number) => Math.max(1, Math.floor(perSecond * BURST_SECONDS));

/** How far ahead a departure may be planned: a row whose turn comes within this is claimed now and leaves at its turn (the sender waits for it in memory); a later one waits in Postgres. */
export const HORIZON_MS = 1000;

/**
 * The generic cell rate algorithm on departures, in one place (pure; times in ms): a sender's state
 * is its theoretical arrival time `tat`. `at`: the moment a message that may leave no earlier than
 * `earliest` leaves — never before `now`, never more than the burst ahead of the rate. `after`: the
 * sender's next `tat` once a message really left at `leftAt`. Used by the departure check (state in
 * Postgres, across processes) and by each process's own pacing of its provider calls (in memory).
 */
export function gcra(perSecond: number) {
  const stepMs = 1000 / perSecond;
  const toleranceMs = (burstOf(perSecond) - 1) * stepMs;
  return {
    stepMs,
    at: (tat: number, earliest: number, now: number) => Math.max(earliest, tat - toleranceMs, now),
    after: (tat: number, leftAt: number) => Math.max(tat, leftAt) + stepMs,
  };
}

/**
 * The departure check (generic cell rate algorithm on the moment a message really leaves, burst
 * burstOf(perSecond)): for rows whose reserved slot is at `earliest[i]` (ascending), the moment each
 * may leave — never before its slot, never faster than the rate plus the burst, whoever calls.
 * `go`: within HORIZON_MS (claimed now; the sender waits until `at`), else it waits in Postgres
 * until `at`. Slots spread the wake-ups, but rows woken late would otherwise all leave together.
 * One row per sender (`<key>#left`), locked until the claim's transaction ends.
 */
export async function departures(tx: DbOrTx, key: string, earliest: readonly Date[], perSecond: number, now: Date): Promise<Array<{ at: Date; go: boolean }>> {
  const g = gcra(perSecond);
  const leftKey = `${key}#left`;
  const [r] = await rowsOf<{ next_at: string | Date }>(
    tx,
    sql`insert into send_rates (key, next_at) values (${leftKey}, ${now.toISOString()}::timestamptz)
      on conflict (key) do update set next_at = send_rates.next_at returning next_at`,
  );
  const stored = new Date(r!.next_at).getTime();
  let tat = stored;
  const out = earliest.map((e) => {
    const at = g.at(tat, e.getTime(), now.getTime());
    const go = at <= now.getTime() + HORIZON_MS;
    if (go) tat = g.after(tat, at);
    return { at: new Date(Math.ceil(at)), go };
  });
  if (tat !== stored) await rowsOf(tx, sql`update send_rates set next_at = ${new Date(tat).toISOString()}::timestamptz where key = ${leftKey} returning key`);
  return out;
}
