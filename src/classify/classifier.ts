/**
 * The classifier the conversation engine uses: carrier keywords → rules (when sure) → the trained
 * model → the LLM only when still unsure. Opt-out and re-subscribe are never taken from the LLM
 * (they have legal weight): a stop the LLM thinks it saw goes to a person and is marked
 * optOutSuspected, so no reminder follows.
 */
import { defaultModel } from './model/default.js';
import type { LinearModel } from './model/linear.js';
import type { Classification, Classifier, ClassifyRequest } from './port.js';
import { classifyByRules } from './rules/index.js';
import { classifyLocal, DEFAULT_TIER_POLICY, type TierPolicy } from './tiers.js';

export interface ClassifierOptions {
  llm?: Classifier;
  /** The trained tier; defaults to the shipped artefact. `null` turns it off (rules, then LLM). */
  model?: LinearModel | null;
  tiers?: Partial<TierPolicy>;
  /** Local answers below this confidence (or "other") are offered to the LLM. */
  minRuleConfidence?: number;
  /** When the LLM fails: keep the rules' answer, or hand the thread to a person. */
  onLlmFailure?: 'rules' | 'human';
}

/** Rules only (no model, no LLM): what the golden tests hold. */
export const rulesClassifier: Classifier = {
  classify: async (input: ClassifyRequest) => classifyByRules(input),
};

function isUnsure(r: Classification, min: number, localUnsure: boolean): boolean {
  // A context answer ("はい" to a yes/no question) is "other" on purpose, and not unsure.
  if (r.intent === 'other' && r.entities.answer) return false;
  return localUnsure || r.intent === 'other' || r.confidence < min;
}

/** Keywords → rules → model, synchronously (no LLM): what `eval:classifier` scores as "local". */
export function createLocalClassifier(opts: Pick<ClassifierOptions, 'model' | 'tiers'> = {}): (input: ClassifyRequest) => Classification {
  const model = opts.model === null ? undefined : (opts.model ?? defaultModel());
  const policy = { ...DEFAULT_TIER_POLICY, ...opts.tiers };
  return (input) => classifyLocal(input, model, policy).classification;
}

export function createClassifier(opts: ClassifierOptions = {}): Classifier {
  const min = opts.minRuleConfidence ?? 0.75;
  const onFailure = opts.onLlmFailure ?? 'rules';
  const llm = opts.llm;
  const model = opts.model === null ? undefined : (opts.model ?? defaultModel());
  const policy = { ...DEFAULT_TIER_POLICY, ...opts.tiers };

  return {
    async classify(input: ClassifyRequest): Promise<Classification> {
      const local = classifyLocal(input, model, policy);
      const rules = local.classification;
      if (rules.intent === 'stop' || rules.intent === 'start' || rules.tier === 'keyword') return rules;
      if (!llm || !isUnsure(rules, min, local.unsure)) return rules;

      let answer: Classification;
      try {
        answer = await llm.classify(input);
      } catch (e) {
        const why = `llm_failed: ${e instanceof Error ? e.message : String(e)}`;
        if (onFailure === 'human') {
          return { intent: 'human', confidence: 1, classifiedBy: 'rules', tier: rules.tier, entities: {}, explanation: why, rule: 'llm_failed', ...(rules.optOutSuspected && { optOutSuspected: true }) };
        }
        return { ...rules, explanation: `${rules.explanation} (${why})` };
      }
      // The rules saw no opt-out; an LLM that thinks it saw one (or a re-subscribe) gets a person
      // to look, rather than deciding consent on its own.
      if (answer.intent === 'stop' || answer.intent === 'start') {
        return {
          intent: 'human',
          confidence: answer.confidence,
          classifiedBy: 'llm',
          tier: 'llm',
          entities: {},
          explanation: `${answer.explanation}; ${answer.intent} is decided by rules only, so a person reviews`,
          ...(answer.rule !== undefined && { rule: answer.rule }),
          ...(answer.intent === 'stop' && { optOutSuspected: true }),
        };
      }
      return {
        ...answer,
        entities: { ...rules.entities, ...answer.entities },
        ...(rules.secondary && { secondary: rules.secondary.filter((i) => i !== answer.intent) }),
        ...(rules.optOutSuspected && { optOutSuspected: true }),
      };
    },
  };
}
