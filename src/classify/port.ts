import { z } from 'zod';

/** The closed intent set of CONTRACT.md "Classification". The LLM may only ever choose one of these. */
export const Intent = z.enum([
  'paid',
  'extend',
  'installment',
  'pay',
  'dispute',
  'wrong_number',
  'stop',
  'start',
  'help',
  'hardship',
  'human',
  'other',
]);
export type Intent = z.infer<typeof Intent>;

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

/** What the bot last asked, so that "3", "はい" or "2回で" can be read as an answer to it. */
export const ClassifyContext = z.object({
  expecting: z.enum(['none', 'date', 'installment_choice', 'yes_no', 'amount']).default('none'),
  /** For installment_choice: the counts offered, in the order offered. */
  options: z.array(z.number().int().positive()).optional(),
});
export type ClassifyContext = z.infer<typeof ClassifyContext>;

export const ClassifyInput = z.object({
  text: z.string().max(2000),
  locale: Locale.default('ja'),
  /** ISO instant; dates are resolved relative to it in `timezone`. */
  now: z.string().datetime({ offset: true }),
  timezone: z.string().default('Asia/Tokyo'),
  context: ClassifyContext.optional(),
});
export type ClassifyInput = z.input<typeof ClassifyInput>;
export type ClassifyRequest = z.output<typeof ClassifyInput>;

export const Entities = z.object({
  /** YYYY-MM-DD in the debtor's timezone, always today or later. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  amount: z.number().positive().optional(),
  installments: z.number().int().positive().optional(),
  /** For yes_no context answers. */
  answer: z.enum(['yes', 'no']).optional(),
});
export type Entities = z.infer<typeof Entities>;

/**
 * Which tier decided: a carrier keyword or explicit opt-out/start phrase, the rules (sure of
 * themselves, or reading an answer to the bot's question), the trained model, or the LLM.
 */
export const Tier = z.enum(['keyword', 'rules', 'model', 'llm']);
export type Tier = z.infer<typeof Tier>;

export const Classification = z.object({
  intent: Intent,
  confidence: z.number().min(0).max(1),
  /** 'rules' for every deterministic local tier (keyword, rules, model); 'llm' for the LLM. See `tier`. */
  classifiedBy: z.enum(['rules', 'llm']),
  tier: Tier,
  /** Other intents the same message also carries ("paid it, and call me after 6"), primary first. */
  secondary: z.array(Intent).optional(),
  /**
   * Might be an opt-out, though not sure enough to be one: the flow must not send another
   * reminder (it asks once, or hands the thread to a person — policy.unsureOptOut).
   */
  optOutSuspected: z.boolean().optional(),
  entities: Entities,
  explanation: z.string(),
  /** The rule id that fired, or the model name. */
  rule: z.string().optional(),
});
export type Classification = z.infer<typeof Classification>;

/** Classifier port: rules (pure), LLM (openai SDK), and the combination the engine uses. */
export interface Classifier {
  classify(input: ClassifyRequest): Promise<Classification>;
}
