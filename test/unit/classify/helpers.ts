import { classifyByRules } from '../../../src/classify/rules/index.js';
import { createLocalClassifier } from '../../../src/classify/classifier.js';
import type { Classification, ClassifyContext } from '../../../src/classify/port.js';

/** Friday 2026-11-20, 10:00 in Tokyo. */
export const NOW_JA = '2026-11-20T10:00:00+09:00';
/** Friday 2026-11-20, 10:00 in New York. */
export const NOW_EN = '2026-11-20T10:00:00-05:00';

export function ja(text: string, context?: ClassifyContext): Classification {
  return classifyByRules({ text, locale: 'ja', now: NOW_JA, timezone: 'Asia/Tokyo', ...(context && { context }) });
}
export function en(text: string, context?: ClassifyContext): Classification {
  return classifyByRules({ text, locale: 'en', now: NOW_EN, timezone: 'America/New_York', ...(context && { context }) });
}

const tiers = createLocalClassifier();
/** The same requests through keywords → rules → model (no LLM), as the engine reads them without an LLM. */
export function jaTiers(text: string, context?: ClassifyContext): Classification {
  return tiers({ text, locale: 'ja', now: NOW_JA, timezone: 'Asia/Tokyo', ...(context && { context }) });
}
export function enTiers(text: string, context?: ClassifyContext): Classification {
  return tiers({ text, locale: 'en', now: NOW_EN, timezone: 'America/New_York', ...(context && { context }) });
}
