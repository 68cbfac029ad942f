/**
 * The classifier the conversation engine uses: rules first, the LLM only when the rules are
 * unsure, and never for opt-out or re-subscribe (those are carrier keywords with legal weight,
 * decided deterministically by the rules).
 */
import type { Classification, Classifier, ClassifyRequest } from './port.js';
import { classifyByRules } from './rules/index.js';

export interface ClassifierOptions {
  llm?: Classifier;
  /** Rules answers below this confidence (or "other") are offered to the LLM. */
  minRuleConfidence?: number;
  /** When the LLM fails: keep the rules' answer, or hand the thread to a person. */
  onLlmFailure?: 'rules' | 'human';
}

export const rulesClassifier: Classifier = {
  classify: async (input: ClassifyRequest) => classifyByRules(input),
};

function isUnsure(r: Classification, min: number): boolean {
  // A context answer ("はい" to a yes/no question) is "other" on purpose, and not unsure.
  if (r.intent === 'other' && r.entities.answer) return false;
  return r.intent === 'other' || r.confidence < min;
}

export function createClassifier(opts: ClassifierOptions = {}): Classifier {
  const min = opts.minRuleConfidence ?? 0.75;
  const onFailure = opts.onLlmFailure ?? 'rules';
  const llm = opts.llm;

  return {
    async classify(input: ClassifyRequest): Promise<Classification> {
      const rules = classifyByRules(input);
      if (rules.intent === 'stop' || rules.intent === 'start') return rules;
      if (!llm || !isUnsure(rules, min)) return rules;

      let answer: Classification;
      try {
        answer = await llm.classify(input);
      } catch (e) {
        const why = `llm_failed: ${e instanceof Error ? e.message : String(e)}`;
        if (onFailure === 'human') {
          return { intent: 'human', confidence: 1, classifiedBy: 'rules', entities: {}, explanation: why, rule: 'llm_failed' };
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
          entities: {},
          explanation: `${answer.explanation}; ${answer.intent} is decided by rules only, so a person reviews`,
          ...(answer.rule !== undefined && { rule: answer.rule }),
        };
      }
      return { ...answer, entities: { ...rules.entities, ...answer.entities } };
    },
  };
}
