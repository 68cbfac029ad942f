import { z } from 'zod';
import { ClassifyContext, Entities } from '../classify/port';

/** What the bot last asked: one enum, the classifier's (it reads the next reply in its light). */
export const Expecting = ClassifyContext.shape.expecting.removeDefault();

/** The machine's context: everything a guard may look at. Persisted inside the snapshot. */
export interface FlowContext {
  locale: 'ja' | 'en';
  timezone: string;
  currency: string;
  amount: number;
  balance: number;
  dueDate: string;
  /** Index of the last schedule step sent; -1 before the first. */
  lastStep: number;
  /** When that step was sent (ISO): later steps keep their spacing after a late start. */
  lastStepAt: string | null;
  unknownCount: number;
  expecting: z.infer<typeof Expecting>;
  offeredCounts: number[];
  promiseDate: string | null;
  paidChecks: number;
  /** The instalment plan agreed (computed purely by the planInstalments assign; rows written by createPlan). */
  plan?: Array<{ seq: number; dueDate: string; amount: number }>;
  /** Instalments missed so far on the current plan. */
  missedInstallments?: number;
  /** Stable A/B variant for this conversation. */
  variant: number;
}

export type FlowInputData = Pick<FlowContext, 'locale' | 'timezone' | 'currency' | 'amount' | 'dueDate'> & {
  balance?: number;
  variant?: number;
};

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
