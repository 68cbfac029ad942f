import { addDays, localParts, zonedTime } from '../shared/time';
import { JURISDICTION_HOURS, nextAllowedAll, type Jurisdiction, type Window } from './quiet-hours';

/** Everything the gate looks at, gathered at send time. The decision itself is pure. */
export interface GateFacts {
  now: Date;
  /** reminder | reply | collector | optout_confirmation | help | handoff | system */
  kind: string;
  /** bot | collector:<id> | system */
  author: string;
  body: string;
  brand: string | null;
  jurisdiction: Jurisdiction;
  /** The debtor's timezone, plus the phone's zone where it differs (US area codes). */
  timezones: string[];
  consent: boolean;
  suppression: 'stop' | 'wrong_number' | 'manual' | null;
  /** The thread is held by a person: automated messages wait for the handback (invariant 7). */
  heldByHuman: boolean;
  conversationStatus: string | null;
  debtorWindows: Window[] | null;
  flowHours: { from: string; to: string } | null;
  automatedToday: number;
  dailyCap: number;
  debtLast7Days: number;
  weeklyCapPerDebt: number;
  erased: boolean;
  /** The status of the campaign that loaded this debt, when it stops reminders (paused | cancelled). */
  campaign?: 'paused' | 'cancelled' | null;
}

/** How long a paused campaign's reminder is held before the gate looks again (resume re-queues at once). */
export const CAMPAIGN_PAUSE_RECHECK_MS = 15 * 60_000;

export type GateDecision =
  | { action: 'send'; reason: string }
  | { action: 'hold'; until: Date; reason: string }
  | { action: 'refuse'; reason: string };

const AUTOMATED_COUNTED = new Set(['reminder']);

/** Intersection of the jurisdiction window with the flow's narrower hours. */
function baseWindow(f: GateFacts): Window {
  const j = JURISDICTION_HOURS[f.jurisdiction];
  if (!f.flowHours) return j;
  return { from: f.flowHours.from > j.from ? f.flowHours.from : j.from, to: f.flowHours.to < j.to ? f.flowHours.to : j.to };
}

/** Start of the debtor's next local day window (for caps). */
function nextDayStart(f: GateFacts, w: Window): Date {
  const tz = f.timezones[0]!;
  return zonedTime(addDays(localParts(f.now, tz).date, 1), w.from, tz);
}

/** Rule 3: the brand comes first ("【ブランド】…", "Brand: …"), not somewhere in the text. */
export function startsWithBrand(body: string, brand: string): boolean {
  const i = body.indexOf(brand);
  return i >= 0 && i <= 2 && /^[^\p{L}\p{N}]*$/u.test(body.slice(0, i));
}

/**
 * Why a suppression stops this kind of send, or null. The opt-out confirmation always goes (rule 2);
 * HELP is answered even after STOP (CTIA: HELP always works); its template carries no debt content.
 */
export function suppressionRefusal(kind: string, suppression: GateFacts['suppression']): string | null {
  if (!suppression || kind === 'optout_confirmation') return null;
  if (suppression === 'stop' && kind === 'help') return null;
  return suppression === 'stop' ? 'opted_out' : `suppressed_${suppression}`;
}

/**
 * The one send gate every outbound passes at send time (invariant 2), in order: suppression,
 * consent, human hold, escalation, sender identity (brand first; US: STOP notice in every text),
 * quiet hours in every zone of the debtor (US: address and area-code zone), debtor-requested
 * windows, the daily cap per debtor and the rolling 7-day cap per debt. Dedupe is the outbox's
 * idempotency key. Never drops: a message is sent, held until an allowed moment, or refused with a reason.
 */
export function decide(f: GateFacts): GateDecision {
  if (f.erased) return { action: 'refuse', reason: 'debtor_erased' };
  if (f.kind === 'optout_confirmation') {
    // Exactly one confirmation, at once, even at night (COMPLIANCE rule 2); dedupe is the outbox key.
    return { action: 'send', reason: 'optout_confirmation' };
  }
  const suppressed = suppressionRefusal(f.kind, f.suppression);
  if (suppressed) return { action: 'refuse', reason: suppressed };
  if (!f.consent) return { action: 'refuse', reason: 'no_consent' };
  const automated = !f.author.startsWith('collector');
  if (automated && f.heldByHuman) return { action: 'refuse', reason: 'held_by_human' };
  if (automated && f.kind === 'reminder' && (f.conversationStatus === 'resolved' || f.conversationStatus === 'closed'))
    return { action: 'refuse', reason: 'conversation_closed' };
  // Once a person has the thread, the bot has said its one handoff line and stays silent.
  if (automated && f.kind === 'reminder' && f.conversationStatus === 'escalated') return { action: 'refuse', reason: 'escalated' };
  // A cancelled campaign sends no more reminders; a paused one holds them until it is resumed.
  if (automated && f.kind === 'reminder' && f.campaign === 'cancelled') return { action: 'refuse', reason: 'campaign_cancelled' };
  if (automated && f.kind === 'reminder' && f.campaign === 'paused')
    return { action: 'hold', until: new Date(f.now.getTime() + CAMPAIGN_PAUSE_RECHECK_MS), reason: 'campaign_paused' };
  if (f.brand && !startsWithBrand(f.body, f.brand)) return { action: 'refuse', reason: 'missing_brand' };
  if (f.jurisdiction === 'us' && !/\bSTOP\b/.test(f.body)) return { action: 'refuse', reason: 'missing_stop_notice' };

  const base = baseWindow(f);
  // Debtor-requested windows are alternatives among themselves ("weekdays after 19:00 OR Saturdays"),
  // each narrowed by the jurisdiction's window.
  // The jurisdiction's hours hold in every zone; the debtor's own request in the debtor's zone.
  const everyZone = f.timezones.map((timezone) => ({ timezone, windows: [base] }));
  const options = f.debtorWindows?.length ? f.debtorWindows.map((w) => [...everyZone, { timezone: f.timezones[0]!, windows: [w] }]) : [everyZone];
  const withDebtor =
    options
      .map((cs) => nextAllowedAll(f.now, cs))
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  if (!withDebtor) return { action: 'refuse', reason: 'no_allowed_contact_time' };
  if (withDebtor.getTime() !== f.now.getTime()) {
    return { action: 'hold', until: withDebtor, reason: f.debtorWindows?.length ? 'debtor_requested_hours' : 'quiet_hours' };
  }
  if (automated && AUTOMATED_COUNTED.has(f.kind)) {
    if (f.automatedToday >= f.dailyCap) return { action: 'hold', until: nextDayStart(f, base), reason: 'daily_cap' };
    if (f.debtLast7Days >= f.weeklyCapPerDebt) return { action: 'hold', until: nextDayStart(f, base), reason: 'weekly_cap' };
  }
  return { action: 'send', reason: 'allowed' };
}
