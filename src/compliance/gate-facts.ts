import type { debtors } from '../../db/schema';
import type { FlowDefinition } from '../flow/schema';
import type { Jurisdiction } from './quiet-hours';
import type { GateFacts } from './send-gate';
import { contactZones } from './us-area-codes';

type DebtorRow = typeof debtors.$inferSelect;

/** What was read (or, for a preview, is known ahead) about one outbound: the gate's facts are built from it. */
export interface GateReadings {
  now: Date;
  subject: { phone: string; kind: string; author: string; body: string };
  /** The conversation's flow; null for a send with no conversation (the debtor's locale picks the rules). */
  flow: Pick<FlowDefinition, 'brand' | 'jurisdiction' | 'policy'> | null;
  /** The debtor row (or what it will be once loaded, for a preview). */
  debtor: { [K in 'timezone' | 'locale' | 'consentObtainedAt' | 'contactWindows' | 'erasedAt']?: DebtorRow[K] | null } | null;
  /** The live suppression of the phone, if any (stop | wrong_number | manual). */
  suppression: string | null;
  conversation: { heldBy: string | null; status: string } | null;
  /** Automated reminders to the debtor on its local day, and to the debt in the last 7 days (COMPLIANCE rule 10). */
  automatedToday: number;
  debtLast7Days: number;
  campaignStatus?: string | null;
}

/** The debtor's timezone when the row has none. */
export const DEFAULT_DEBTOR_TIMEZONE = 'Asia/Tokyo';

/**
 * The send gate's facts from what was read: one pure function for every caller (the sender's
 * gatherFacts, the campaign preview), so the defaults (jurisdiction, caps, zones) cannot drift apart.
 */
export function gateFacts(r: GateReadings): GateFacts {
  const { flow, debtor } = r;
  const tz = debtor?.timezone ?? DEFAULT_DEBTOR_TIMEZONE;
  const jurisdiction = (flow?.jurisdiction ?? (debtor?.locale === 'ja' ? 'jp' : 'us')) as Jurisdiction;
  return {
    now: r.now,
    kind: r.subject.kind,
    author: r.subject.author,
    body: r.subject.body,
    brand: flow?.brand ?? null,
    jurisdiction,
    // US: the address zone and the phone's area-code zone must both allow it (COMPLIANCE rule 14).
    timezones: contactZones(jurisdiction, tz, r.subject.phone),
    consent: Boolean(debtor?.consentObtainedAt),
    suppression: (r.suppression as GateFacts['suppression']) ?? null,
    heldByHuman: Boolean(r.conversation?.heldBy),
    conversationStatus: r.conversation?.status ?? null,
    debtorWindows: debtor?.contactWindows ?? null,
    flowHours: flow?.policy.contactHours ?? null,
    automatedToday: r.automatedToday,
    dailyCap: flow?.policy.dailyCap ?? 2,
    debtLast7Days: r.debtLast7Days,
    weeklyCapPerDebt: flow?.policy.weeklyCapPerDebt ?? 7,
    erased: Boolean(debtor?.erasedAt),
    campaign: r.campaignStatus === 'paused' || r.campaignStatus === 'cancelled' ? r.campaignStatus : null,
  };
}
