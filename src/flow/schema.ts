import { z } from 'zod';
import { Locale } from '../classify/port';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24h)');
const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected snake_case name');

export const ActionRef = z.union([
  z.string(),
  z.object({ type: z.string(), params: z.record(z.string(), z.unknown()).optional() }).strict(),
]);
export type ActionRef = z.infer<typeof ActionRef>;
export const GuardRef = ActionRef;

const TransitionDef = z.union([
  z.string(),
  z
    .object({
      target: z.string().optional(),
      guard: GuardRef.optional(),
      actions: z.array(ActionRef).optional(),
      reenter: z.boolean().optional(),
      description: z.string().optional(),
    })
    .strict(),
]);
const Transitions = z.union([TransitionDef, z.array(TransitionDef)]);

export type StateDef = {
  description?: string;
  type?: 'final';
  tags?: string[];
  initial?: string;
  entry?: ActionRef[];
  exit?: ActionRef[];
  on?: Record<string, z.infer<typeof Transitions>>;
  always?: z.infer<typeof Transitions>;
  states?: Record<string, StateDef>;
};
export const StateDef: z.ZodType<StateDef> = z.lazy(() =>
  z
    .object({
      description: z.string().optional(),
      type: z.literal('final').optional(),
      tags: z.array(z.string()).optional(),
      initial: z.string().optional(),
      entry: z.array(ActionRef).optional(),
      exit: z.array(ActionRef).optional(),
      on: z.record(z.string(), Transitions).optional(),
      always: Transitions.optional(),
      states: z.record(z.string(), StateDef).optional(),
    })
    .strict(),
);

export const ScheduleStep = z
  .object({
    name,
    /** Days relative to the due date (negative = before). */
    offsetDays: z.number().int().min(-60).max(365),
    at: hhmm,
    /** The template to send; omit on the last step to escalate instead. */
    template: z.string().optional(),
    escalate: z.boolean().optional(),
  })
  .strict()
  .refine((s) => Boolean(s.template) !== Boolean(s.escalate), {
    message: 'a schedule step either sends a template or escalates',
  });
export type ScheduleStep = z.infer<typeof ScheduleStep>;

/** A template: one text, or A/B variants chosen stably per conversation. */
const TemplateText = z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(4)]);
export const Templates = z.record(name, z.partialRecord(Locale, TemplateText));

/**
 * The RCS form of a template (issue #13): a rich card shown instead of the SMS text when the debtor's
 * phone can receive RCS. The card's description is the rendered SMS text (which must stand alone:
 * it is also the fallback); the title has the same placeholders; `chips` are suggested replies, each
 * an intent its tap reports with confidence 1.0; `payButton` opens the payment link.
 */
export const RcsForm = z
  .object({
    title: z.partialRecord(Locale, z.string().min(1).max(200)),
    chips: z.array(z.enum(['pay', 'installment', 'extend', 'paid', 'human', 'stop'])).max(4).default([]),
    payButton: z.partialRecord(Locale, z.string().min(1).max(25)).optional(),
  })
  .strict();
export type RcsForm = z.infer<typeof RcsForm>;

export const Policy = z
  .object({
    /** Longest promise, in days from today. */
    maxPromiseDays: z.number().int().min(1).max(90).default(14),
    installmentCounts: z.array(z.number().int().min(2).max(24)).min(1).default([2, 3]),
    minInstallmentAmount: z.number().min(0).default(0),
    firstInstallmentWithinDays: z.number().int().min(0).max(60).default(7),
    installmentIntervalDays: z.number().int().min(7).max(62).default(30),
    unknownRepliesBeforeHandoff: z.number().int().min(1).max(10).default(2),
    paidConfirmationDays: z.number().int().min(1).max(30).default(5),
    linkExpiryDays: z.number().int().min(1).max(90).default(30),
    /** Automated messages per debtor per local day, across all debts. */
    dailyCap: z.number().int().min(1).max(5).default(2),
    /** Rolling 7-day cap per debt. */
    weeklyCapPerDebt: z.number().int().min(1).max(14).default(7),
    /** Narrow the jurisdiction's contact window; it can never be widened. */
    contactHours: z.object({ from: hhmm, to: hhmm }).strict().optional(),
    onLlmFailure: z.enum(['rules', 'human']).default('rules'),
    /**
     * A reply that might be an opt-out (optout_unsure): "ask" sends one clarifying question and
     * holds reminders until the debtor answers; "human" hands the thread to a person.
     */
    unsureOptOut: z.enum(['ask', 'human']).default('ask'),
    /**
     * Years after its due date a debt is time-barred and not loaded (COMPLIANCE rule 17); when unset,
     * the jurisdiction's default (jp 5, us 3, uk 6).
     */
    limitationYears: z.number().int().min(1).max(30).optional(),
  })
  .strict();
export type Policy = z.infer<typeof Policy>;

export const FlowDefinition = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'expected a lower-case key like standard-ja'),
    name: z.string().min(1),
    description: z.string().optional(),
    locale: Locale,
    jurisdiction: z.enum(['jp', 'us', 'uk']),
    brand: z.string().min(1).max(40),
    contact: z.string().min(1),
    /** Where a payment link leads after the click is recorded; the demo checkout when unset. */
    checkoutUrl: z
      .string()
      .url()
      .refine((u) => /^https:\/\/[^/?#\s]/i.test(u), 'checkoutUrl must be an https:// address (no javascript:, data: or plain http)')
      .optional(),
    policy: Policy.default(Policy.parse({})),
    schedule: z.array(ScheduleStep).min(1),
    templates: Templates,
    /** RCS forms by template name (optional): card + chips beside the SMS text. */
    rcs: z.record(name, RcsForm).optional(),
    machine: z
      .object({
        initial: z.string(),
        on: z.record(z.string(), Transitions).optional(),
        states: z.record(z.string(), StateDef),
      })
      .strict(),
  })
  .strict();
export type FlowDefinition = z.infer<typeof FlowDefinition>;
export type FlowInput = z.input<typeof FlowDefinition>;
