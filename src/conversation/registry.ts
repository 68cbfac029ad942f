import { z } from 'zod';
import { planInstallments } from '../ledger/installments';
import { addDays, localDate } from '../shared/time';
import { Expecting, type FlowContext, type FlowEvent } from './context';
import type { FlowDefinition } from '../flow/schema';

/**
 * The actions and guards a flow may name. XState silently skips unknown action names, so every
 * name in a flow is checked against this registry before the flow can be published.
 *
 * - `assign` actions update the context inside the pure transition.
 * - `effect` actions are returned as data by transition() and turned into rows (outbox, timers,
 *   promises, escalations) by effects.ts inside the same transaction. Nothing runs in the machine.
 */

/** Policy values a timer may take its length from (`daysFrom`), so flows do not hard-code them. */
export const POLICY_DAYS = ['paidConfirmationDays', 'maxPromiseDays', 'firstInstallmentWithinDays', 'installmentIntervalDays', 'linkExpiryDays'] as const;

export const effectParams = {
  send: z.object({ template: z.string(), kind: z.enum(['reply', 'reminder', 'optout_confirmation', 'help', 'handoff']).optional() }).strict(),
  /** Sends the template of the schedule step carried by a `reminder` event. */
  sendReminder: z.object({}).strict(),
  /** Arms the timer for the next schedule step (never several catch-up messages at once). */
  scheduleReminder: z.object({}).strict(),
  startTimer: z
    .object({
      name: z.string(),
      days: z.number().int().min(0).max(90).optional(),
      /** Take the number of days from the flow's policy instead (e.g. paidConfirmationDays). */
      daysFrom: z.enum(POLICY_DAYS).optional(),
      hours: z.number().min(0).max(72).optional(),
      /** Local wall-clock time on the resulting day. */
      at: z.string().regex(/^\d{2}:\d{2}$/).optional(),
      /** Count days from the promise date instead of today. */
      from: z.enum(['now', 'promiseDate']).optional(),
      /** When the moment has already passed: fire now (default) or do not arm the timer. */
      ifPast: z.enum(['now', 'skip']).optional(),
    })
    .strict()
    .refine((p) => !(p.days !== undefined && p.daysFrom !== undefined), { message: 'give days or daysFrom, not both' }),
  cancelTimer: z.object({ name: z.string() }).strict(),
  cancelAllTimers: z.object({}).strict(),
  escalate: z.object({ reason: z.string() }).strict(),
  resolve: z.object({ outcome: z.string() }).strict(),
  /** Cancels every timer and pending outbound of the conversation (the suppression is written at ingress). */
  optOut: z.object({}).strict(),
  optIn: z.object({}).strict(),
  recordPromise: z.object({}).strict(),
  /**
   * Ends what the debtor agreed that no longer runs: pending promises and unpaid instalments become
   * `cancelled` with `reason` (their timers are cancelled by the same transition). `keep: promise`
   * leaves the promise (a handback at promised).
   */
  closeCommitments: z.object({ reason: z.enum(['opted_out', 'handed_back', 'resolved']), keep: z.enum(['promise']).optional() }).strict(),
  settlePromise: z.object({ status: z.enum(['kept', 'broken', 'superseded']) }).strict(),
  createPlan: z.object({}).strict(),
  flagWrongNumber: z.object({}).strict(),
  /** Marks the instalment of a timeout.installment_* event (missed). */
  markInstallment: z.object({ status: z.enum(['missed']) }).strict(),
  /** Stores the contact window the debtor asked for (parsed from the inbound message) on the debtor. */
  setContactWindow: z.object({}).strict(),
} as const;
export type EffectName = keyof typeof effectParams;

export const assignParams = {
  markStep: z.object({}).strict(),
  countUnknown: z.object({}).strict(),
  resetUnknown: z.object({}).strict(),
  expect: z.object({ what: Expecting }).strict(),
  rememberPromise: z.object({}).strict(),
  /** Latest allowed date, offered back when the debtor asked for too long. */
  rememberLatestDate: z.object({}).strict(),
  offerPlan: z.object({}).strict(),
  countPaidCheck: z.object({}).strict(),
  /** Forgets the promise date and plan in the context (after closeCommitments). */
  forgetCommitments: z.object({ keep: z.enum(['promise']).optional() }).strict(),
  /** A new "paid" claim starts its own count of unconfirmed checks. */
  resetPaidChecks: z.object({}).strict(),
  applyBalance: z.object({}).strict(),
  /** Computes the plan for the chosen count (pure); createPlan writes its rows and timers. */
  planInstalments: z.object({}).strict(),
  countMissedInstallment: z.object({}).strict(),
} as const;
export type AssignName = keyof typeof assignParams;

export const guardParams = {
  hasDate: z.object({}).strict(),
  dateWithinLimit: z.object({}).strict(),
  unknownLimitReached: z.object({}).strict(),
  expecting: z.object({ what: Expecting }).strict(),
  answerIs: z.object({ answer: z.enum(['yes', 'no']) }).strict(),
  hasAllowedInstallments: z.object({}).strict(),
  balanceSettled: z.object({}).strict(),
  paidChecksAtLeast: z.object({ n: z.number().int().min(1) }).strict(),
  /** The instalment of this timeout event is covered by what has been paid. */
  installmentPaid: z.object({}).strict(),
  /** This miss brings the plan's missed instalments to at least n. */
  missedInstallmentsReach: z.object({ n: z.number().int().min(1) }).strict(),
  handbackTo: z.object({ state: z.string(), default: z.boolean().optional() }).strict(),
  /** policy.unsureOptOut is "ask": a possible opt-out gets one clarifying question. */
  unsureOptOutAsks: z.object({}).strict(),
} as const;
export type GuardName = keyof typeof guardParams;

export const isEffect = (name: string): name is EffectName => name in effectParams;
export const isAssign = (name: string): name is AssignName => name in assignParams;
export const isGuard = (name: string): name is GuardName => name in guardParams;

type Args = { context: FlowContext; event: FlowEvent };
/** A guard's or an assign's params, as its zod schema in this registry parses them. */
export type GuardParams<K extends GuardName> = z.output<(typeof guardParams)[K]>;
export type AssignParams<K extends AssignName> = z.output<(typeof assignParams)[K]>;
/** Each guard with its own params type (a mapped type, so `impls[name]` stays tied to `name`). */
export type GuardImpls = { [K in GuardName]: (a: Args, p: GuardParams<K>) => boolean };
export type AssignImpls = { [K in AssignName]: (a: Args, p: AssignParams<K>) => Partial<FlowContext> };
/** The schemas seen through the same mapped types: `guardSchemas[name].parse(x)` is `GuardParams<typeof name>`. */
export const guardSchemas: { [K in GuardName]: z.ZodType<GuardParams<K>> } = guardParams;
export const assignSchemas: { [K in AssignName]: z.ZodType<AssignParams<K>> } = assignParams;

/** Latest promise date the flow allows, in the debtor's timezone. */
export function latestPromiseDate(flow: FlowDefinition, now: string, tz: string): string {
  return addDays(localDate(new Date(now), tz), flow.policy.maxPromiseDays);
}

/** Instalment counts the flow allows for this balance (each instalment ≥ the minimum). */
export function allowedInstallmentCounts(flow: FlowDefinition, balance: number): number[] {
  const min = flow.policy.minInstallmentAmount;
  return flow.policy.installmentCounts.filter((n) => n >= 2 && (min <= 0 || balance / n >= min));
}

/**
 * Is instalment `seq` paid? The plan is paid in order, so it is covered when the balance left is no
 * more than the instalments after it.
 */
export function installmentCovered(context: FlowContext, seq: unknown): boolean {
  const plan = context.plan ?? [];
  if (typeof seq !== 'number' || !plan.length) return false;
  const later = plan.filter((p) => p.seq > seq).reduce((a, p) => a + p.amount, 0);
  return context.balance <= later + 1e-9;
}

export function guardImpls(flow: FlowDefinition): GuardImpls {
  return {
    hasDate: ({ event }: Args) => Boolean(event.entities?.date),
    dateWithinLimit: ({ context, event }: Args) => {
      const d = event.entities?.date;
      return Boolean(d) && d! <= latestPromiseDate(flow, event.now, context.timezone);
    },
    unknownLimitReached: ({ context }: Args) => context.unknownCount + 1 >= flow.policy.unknownRepliesBeforeHandoff,
    unsureOptOutAsks: () => flow.policy.unsureOptOut === 'ask',
    expecting: ({ context }, p) => context.expecting === p.what,
    answerIs: ({ event }, p) => event.entities?.answer === p.answer,
    hasAllowedInstallments: ({ context, event }: Args) => {
      const n = event.entities?.installments;
      return n !== undefined && allowedInstallmentCounts(flow, context.balance).includes(n);
    },
    balanceSettled: ({ event, context }: Args) => (event.balance ?? context.balance) <= 0,
    paidChecksAtLeast: ({ context }, p) => context.paidChecks >= p.n,
    installmentPaid: ({ context, event }: Args) => installmentCovered(context, event.seq),
    missedInstallmentsReach: ({ context }, p) => (context.missedInstallments ?? 0) + 1 >= p.n,
    handbackTo: ({ event }, p) =>
      event.target ? event.target === p.state : Boolean(p.default),
  };
}

export function assignUpdates(flow: FlowDefinition): AssignImpls {
  return {
    markStep: ({ event }) => (event.step === undefined ? {} : { lastStep: event.step, lastStepAt: event.now }),
    countUnknown: ({ context }) => ({ unknownCount: context.unknownCount + 1 }),
    resetUnknown: () => ({ unknownCount: 0 }),
    expect: (_a, p) => ({ expecting: p.what }),
    rememberPromise: ({ event }) => ({ promiseDate: event.entities?.date ?? null }),
    rememberLatestDate: ({ context, event }) => ({
      promiseDate: latestPromiseDate(flow, event.now, context.timezone),
    }),
    offerPlan: ({ context }) => ({ offeredCounts: allowedInstallmentCounts(flow, context.balance) }),
    countPaidCheck: ({ context }) => ({ paidChecks: context.paidChecks + 1 }),
    resetPaidChecks: () => ({ paidChecks: 0 }),
    forgetCommitments: (_a, p) => (p.keep === 'promise' ? { plan: [], missedInstallments: 0 } : { promiseDate: null, plan: [], missedInstallments: 0 }),
    applyBalance: ({ context, event }) => ({ balance: event.balance ?? context.balance }),
    planInstalments: ({ context, event }) => {
      const count = event.entities?.installments;
      if (!count) return {};
      const firstDate = addDays(localDate(new Date(event.now), context.timezone), flow.policy.firstInstallmentWithinDays);
      const plan = planInstallments({ balance: context.balance, currency: context.currency, count, firstDate, intervalDays: flow.policy.installmentIntervalDays });
      return { plan, missedInstallments: 0 };
    },
    countMissedInstallment: ({ context }) => ({ missedInstallments: (context.missedInstallments ?? 0) + 1 }),
  };
}
