import { createClassifier } from './classifier.js';
import { createLlmClassifier } from './llm.js';
import type { Classifier } from './port.js';

/** The OPENAI_* settings (config/env.ts) the classifier reads. */
export interface LlmEnv {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_MODEL: string;
  OPENAI_TIMEOUT_MS: number;
}

/**
 * The two classifiers a flow's `onLlmFailure` policy picks from (the LLM tier only when a key is
 * set), the same on Node and on Workers. `override` (tests) stands in for both.
 */
export function classifiersFromEnv(env: LlmEnv, override?: Classifier): Record<'rules' | 'human', Classifier> {
  const llm = env.OPENAI_API_KEY
    ? createLlmClassifier({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, timeoutMs: env.OPENAI_TIMEOUT_MS })
    : undefined;
  return {
    rules: override ?? createClassifier({ llm, onLlmFailure: 'rules' }),
    human: override ?? createClassifier({ llm, onLlmFailure: 'human' }),
  };
}
