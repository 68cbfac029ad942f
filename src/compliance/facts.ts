import { and, count, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import { campaigns, conversations, debtors, outbox, suppressions } from '../../db/schema';
import type { DbOrTx } from '../db/client';
import type { Services } from '../services';
import { localDate, zonedTime } from '../shared/time';
import type { Jurisdiction } from './quiet-hours';
import { decide, type GateDecision, type GateFacts } from './send-gate';
import { contactZones } from './us-area-codes';

type DebtorRow = typeof debtors.$inferSelect;

/** Statuses of a send that may have gone out: they count against the caps like 'sending'. */
export const MAYBE_SENT = ['sending', 'unknown', 'uncertain'] as const;
export const maybeSent = () => inArray(outbox.status, [...MAYBE_SENT]);

/** What the gate needs to know about one outbound, queued or only proposed (a collector's reply). */
export interface GateSubject {
  debtorId: string | null;
  conversationId: string | null;
  phone: string;
  kind: string;
  author: string;
  body: string;
}

/**
 * The facts the send gate decides on, read inside the caller's transaction. Shared by the sender
 * (at send time) and by anything that must know the gate's answer before queueing. `lockedDebtor`:
 * the subject's debtor row, already read under its lock in this transaction (not read again).
 */
export async function gatherFacts(tx: DbOrTx, deps: Pick<Services, 'flows'>, row: GateSubject, now: Date, lockedDebtor?: DebtorRow): Promise<GateFacts> {
  const [debtor] = lockedDebtor ? [lockedDebtor] : row.debtorId ? await tx.select().from(debtors).where(eq(debtors.id, row.debtorId)) : [];
  const [conv] = row.conversationId ? await tx.select().from(conversations).where(eq(conversations.id, row.conversationId)) : [];
  const loaded = conv ? await deps.flows.get(conv.flowKey, conv.flowVersion, tx) : null;
  const [sup] = await tx
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(and(eq(suppressions.phone, row.phone), isNull(suppressions.liftedAt)))
    .limit(1);
  const tz = debtor?.timezone ?? 'Asia/Tokyo';
  const dayStart = zonedTime(localDate(now, tz), '00:00', tz);
  // Counted across every debt of the debtor (COMPLIANCE rule 10).
  const [today] = debtor
    ? await tx
        .select({ n: count() })
        .from(outbox)
        // 'sending' counts too: a send claimed a moment ago has not got its sentAt yet.
        // A 'sending' row's notBefore is its claim time: one a crash left behind counts for its own day only.
        .where(and(eq(outbox.debtorId, debtor.id), eq(outbox.kind, 'reminder'), or(and(eq(outbox.status, 'sent'), gte(outbox.sentAt, dayStart)), and(maybeSent(), gte(outbox.notBefore, dayStart)))))
    : [{ n: 0 }];
  const weekStart = new Date(now.getTime() - 7 * 86_400_000);
  const [week] = conv
    ? await tx
        .select({ n: count() })
        .from(outbox)
        .innerJoin(conversations, eq(conversations.id, outbox.conversationId))
        .where(
          and(
            eq(conversations.debtId, conv.debtId),
            eq(outbox.kind, 'reminder'),
            or(and(eq(outbox.status, 'sent'), gte(outbox.sentAt, weekStart)), and(maybeSent(), gte(outbox.notBefore, weekStart))),
          ),
        )
    : [{ n: 0 }];
  // Only debts a campaign loaded pay for this read.
  const [camp] = conv?.campaignId ? await tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, conv.campaignId)) : [];
  const flow = loaded?.flow;
  const jurisdiction = (flow?.jurisdiction ?? (debtor?.locale === 'ja' ? 'jp' : 'us')) as Jurisdiction;
  return {
    now,
    kind: row.kind,
    author: row.author,
    body: row.body,
    brand: flow?.brand ?? null,
    jurisdiction,
    // US: the address zone and the phone's area-code zone must both allow it (COMPLIANCE rule 14).
    timezones: contactZones(jurisdiction, tz, row.phone),
    consent: Boolean(debtor?.consentObtainedAt),
    suppression: (sup?.reason as GateFacts['suppression']) ?? null,
    heldByHuman: Boolean(conv?.heldBy),
    conversationStatus: conv?.status ?? null,
    debtorWindows: debtor?.contactWindows ?? null,
    flowHours: flow?.policy.contactHours ?? null,
    automatedToday: today?.n ?? 0,
    dailyCap: flow?.policy.dailyCap ?? 2,
    debtLast7Days: week?.n ?? 0,
    weeklyCapPerDebt: flow?.policy.weeklyCapPerDebt ?? 7,
    erased: Boolean(debtor?.erasedAt),
    campaign: camp?.status === 'paused' || camp?.status === 'cancelled' ? camp.status : null,
  };
}

/** The one send gate's answer for `subject` now (invariant 2): facts read in `tx`, decision pure. */
export async function gateDecision(tx: DbOrTx, deps: Pick<Services, 'flows'>, subject: GateSubject, now: Date, lockedDebtor?: DebtorRow): Promise<GateDecision> {
  return decide(await gatherFacts(tx, deps, subject, now, lockedDebtor));
}

