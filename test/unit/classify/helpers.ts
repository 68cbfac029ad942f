import { classifyByRules } from '../../../src/classify/rules/index.js';
import { createLocalClassifier } from '../../../src/classify/classifier.js';
import type { Classification, ClassifyContext, ClassifyRequest, Locale } from '../../../src/classify/port.js';

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

const JA_SCRIPT = /[ぁ-んァ-ヶ一-龯ｦ-ﾟ]/;
/** A text with kana or kanji is read as ja, anything else as en (the round tests' own phrasings). */
export const isJa = (text: string): boolean => JA_SCRIPT.test(text);

export interface Clock {
  now: string;
  timezone: string;
}

/**
 * One round's readers at its own "now": the text's script picks the locale (or `locale` says it), the locale picks
 * its clock. `read` goes through the local tiers (keywords → rules → model, no LLM), `rules` through the rules alone;
 * `noReminder` is what band recall counts: decided as stop, or held in the "might be an opt-out" band.
 */
export function readersAt(clocks: { ja: Clock; en: Clock }) {
  const local = createLocalClassifier();
  const req = (text: string, opts: { locale?: Locale; context?: ClassifyContext } = {}): ClassifyRequest => {
    const locale = opts.locale ?? (isJa(text) ? 'ja' : 'en');
    return { text, locale, ...clocks[locale], ...(opts.context && { context: opts.context }) };
  };
  const read = (text: string, opts?: { locale?: Locale; context?: ClassifyContext }): Classification => local(req(text, opts));
  const rules = (text: string): Classification => classifyByRules(req(text));
  const noReminder = (text: string): boolean => {
    const c = read(text);
    return c.intent === 'stop' || c.optOutSuspected === true;
  };
  return { req, read, rules, noReminder };
}

const DEFAULT_CLOCKS = readersAt({ ja: { now: NOW_JA, timezone: 'Asia/Tokyo' }, en: { now: NOW_EN, timezone: 'America/New_York' } });
/** The same requests as ja()/en() through keywords → rules → model (no LLM), as the engine reads them without an LLM. */
export function jaTiers(text: string, context?: ClassifyContext): Classification {
  return DEFAULT_CLOCKS.read(text, { locale: 'ja', ...(context && { context }) });
}
export function enTiers(text: string, context?: ClassifyContext): Classification {
  return DEFAULT_CLOCKS.read(text, { locale: 'en', ...(context && { context }) });
}
