import { z } from 'zod';
import { ClassifyContext, Entities, Locale } from '../classify/port';

/** What the bot last asked: one enum, the classifier's (it reads the next reply in its light). */
export const Expecting = ClassifyContext.shape.expecting.removeDefault();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** One instalment of the agreed plan (computed purely by the planInstalments assign; rows written by createPlan). */
export const PlanLine = z.object({ seq: z.number().int().min(1), dueDate: isoDate, amount: z.number() });

/** The machine's context: everything a guard may look at. Persisted inside the snapshot. */
export const FlowContext = z.object({
  locale: Locale,
  timezone: z.string().min(1),
  currency: z.string().min(1),
  amount: z.number(),
  balance: z.number(),
  dueDate: isoDate,
  /** Index of the last schedule step sent; -1 before the first. */
  lastStep: z.number().int().min(-1),
  /** When that step was sent (ISO): later steps keep their spacing after a late start. */
  lastStepAt: z.string().nullable(),
  unknownCount: z.number().int().min(0),
  expecting: Expecting,
  offeredCounts: z.array(z.number().int()),
  promiseDate: isoDate.nullable(),
  paidChecks: z.number().int().min(0),
  /** The instalment plan agreed. */
  plan: z.array(PlanLine).optional(),
  /** Instalments missed so far on the current plan. */
  missedInstallments: z.number().int().min(0).optional(),
  /** Stable A/B variant for this conversation. */
  variant: z.number().int().min(0),
});
export type FlowContext = z.infer<typeof FlowContext>;

/** What starting a conversation takes: the debt's facts; the rest of the context starts empty. */
export const FlowInputData = FlowContext.pick({ locale: true, timezone: true, currency: true, amount: true, dueDate: true }).extend({
  balance: z.number().optional(),
  variant: z.number().int().min(0).optional(),
});
export type FlowInputData = z.infer<typeof FlowInputData>;

/** Every event carries `now` (ISO) so that guards stay pure. */
export const FlowEvent = z
  .object({
    type: z.string().min(1),
    now: z.string(),
    entities: Entities.optional(),
    confidence: z.number().optional(),
    messageId: z.string().optional(),
    step: z.number().int().optional(),
    target: z.string().optional(),
    balance: z.number().optional(),
    reason: z.string().optional(),
  })
  .passthrough();
export type FlowEvent = z.infer<typeof FlowEvent>;

export function initialContext(input: FlowInputData): FlowContext {
  return {
    locale: input.locale,
    timezone: input.timezone,
    currency: input.currency,
    amount: input.amount,
    balance: input.balance ?? input.amount,
    dueDate: input.dueDate,
    lastStep: -1,
    lastStepAt: null,
    unknownCount: 0,
    expecting: 'none',
    offeredCounts: [],
    promiseDate: null,
    paidChecks: 0,
    variant: input.variant ?? 0,
  };
}
