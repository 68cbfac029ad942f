export * from './port.js';
export { normalise, type Normalised } from './normalise.js';
export { classifyByRules, analyseByRules, detectOptKeyword, detectStop, detectStart, detectHelpKeyword } from './rules/index.js';
export { extractDate, extractAmount, extractInstallments } from './entities/index.js';
export { createLlmClassifier, LlmClassifierError, LlmAnswer, type LlmClassifierOptions, type LlmFailureKind, type LlmUsage } from './llm.js';
export { createClassifier, createLocalClassifier, rulesClassifier, type ClassifierOptions } from './classifier.js';
export { classifyLocal, DEFAULT_TIER_POLICY, type TierPolicy } from './tiers.js';
export { loadLinearModel, type LinearModel, ModelArtefact } from './model/linear.js';
export { defaultModel } from './model/default.js';
