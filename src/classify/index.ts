export * from './port.js';
export { normalise, type Normalised } from './normalise.js';
export { classifyByRules, detectOptKeyword, detectStop, detectStart, detectHelpKeyword } from './rules/index.js';
export { extractDate, extractAmount, extractInstallments } from './entities/index.js';
export { createLlmClassifier, LlmClassifierError, LlmAnswer, type LlmClassifierOptions, type LlmFailureKind } from './llm.js';
export { createClassifier, rulesClassifier, type ClassifierOptions } from './classifier.js';
