/**
 * Features of one reply for the trained tier: hashed character n-grams (1–4) of the normalised
 * text, word uni- and bigrams, the locale, and the kinds of rule signals that fired (so the
 * model learns when the rules' facts matter). Pure; the same code trains and infers.
 *
 * Round 8: the views are a config recorded in the artefact (`features`; absent = version 2's views), so an
 * artefact is always read with the features it was trained on.
 */
import { z } from 'zod';
import type { Normalised } from '../normalise.js';
import type { Locale } from '../port.js';

/** 3 (round 8): the views are a config recorded in the artefact; the default adds the Japanese script runs. */
export const FEATURE_VERSION = 3;

export const FeatureConfig = z.object({
  /** Longest character n-gram (version 2: 4). */
  charMax: z.number().int().min(1).max(8),
  /** Japanese "words": runs of one script (kanji / hiragana / katakana / Latin / digits) and pairs of neighbouring runs. */
  jaWords: z.boolean(),
});
export type FeatureConfig = z.infer<typeof FeatureConfig>;

/** Version 2's views: what an artefact without a `features` record was trained on. */
export const V2_FEATURES: FeatureConfig = { charMax: 4, jaWords: false };

/**
 * What `npm run train:classifier` trains on (round 8): version 2's views plus the Japanese script runs — leave-one-writer-out
 * over the seven writers 91.6 / 93.9 → 92.2 / 94.1 % under the same policy; char 5-grams on top lost band recall (99.8 %).
 */
export const DEFAULT_FEATURES: FeatureConfig = { charMax: 4, jaWords: true };

const FNV_PRIME = 0x01000193;

/** FNV-1a, 32-bit. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

export interface FeatureInput {
  n: Normalised;
  locale: Locale;
  /** Kinds of rule signals that fired (e.g. "paid", "hardship", "not_paid"), and the rules' own intent. */
  signals: readonly string[];
}

// FNV-1a state after "C:" — character n-grams are hashed incrementally from it, without strings.
const CHAR_SEED = fnv1a('C:');
// Speed (speed9): the other views are hashed the same way, from the state after their prefix, so `W:${word}` or
// `B:${a}_${b}` is never built as a string; fnvOn(fnv1a('W:'), w) === fnv1a(`W:${w}`) (FNV-1a reads one code unit at a time).
const WORD_SEED = fnv1a('W:');
const BIGRAM_SEED = fnv1a('B:');
const RUN_SEED = fnv1a('J:');
const RUN_PAIR_SEED = fnv1a('JB:');
const UNDERSCORE = 0x5f;
function fnvOn(h0: number, s: string): number {
  let h = h0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}
function fnvPair(seed: number, a: string, b: string): number {
  let h = fnvOn(seed, a);
  h ^= UNDERSCORE;
  h = Math.imul(h, FNV_PRIME);
  return fnvOn(h, b);
}

/** Bucket indices (may repeat: a repeated n-gram counts twice). */
export function featureBuckets(f: FeatureInput, dims: number, cfg: FeatureConfig = V2_FEATURES): number[] {
  return featureBucketsInto([], f, dims, cfg);
}

/**
 * featureBuckets into `out` (emptied first), in the same order: inference reuses one array per model instead of
 * allocating one per reply (speed9).
 */
export function featureBucketsInto(out: number[], f: FeatureInput, dims: number, cfg: FeatureConfig = V2_FEATURES): number[] {
  const mask = dims - 1;
  out.length = 0;
  const add = (s: string) => out.push(fnv1a(s) & mask);
  add(`L:${f.locale}`);
  const text = f.n.text.slice(0, 400);
  const s = ` ${text} `;
  // Character n-grams 1–charMax over UTF-16 code units (emoji are gone after normalise).
  const len = s.length;
  const charMax = cfg.charMax;
  for (let i = 0; i < len; i++) {
    let h = CHAR_SEED;
    for (let k = 0; k < charMax && i + k < len; k++) {
      h ^= s.charCodeAt(i + k);
      h = Math.imul(h, FNV_PRIME);
      if (k === 0 && s.charCodeAt(i) === 32) continue;
      out.push((h >>> 0) & mask);
    }
  }
  const words = text.split(/[\s.,!?]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    out.push((fnvOn(WORD_SEED, words[i] as string) >>> 0) & mask);
    if (i + 1 < words.length) out.push((fnvPair(BIGRAM_SEED, words[i] as string, words[i + 1] as string) >>> 0) & mask);
  }
  if (words.length <= 2) add('LEN:short');
  else if (words.length > 20 || len > 80) add('LEN:long');
  if (cfg.jaWords) {
    const runs = scriptRuns(text);
    for (let i = 0; i < runs.length; i++) {
      out.push((fnvOn(RUN_SEED, runs[i] as string) >>> 0) & mask);
      if (i + 1 < runs.length) out.push((fnvPair(RUN_PAIR_SEED, runs[i] as string, runs[i + 1] as string) >>> 0) & mask);
    }
  }
  for (const k of f.signals) add(`R:${k}`);
  return out;
}

/** 0 other (a boundary), 1 kanji, 2 hiragana, 3 katakana, 4 Latin, 5 digit. */
function scriptOf(c: number): number {
  if ((c >= 0x4e00 && c <= 0x9fff) || c === 0x3005 || c === 0x3006) return 1;
  if (c >= 0x3041 && c <= 0x309f) return 2;
  if ((c >= 0x30a1 && c <= 0x30ff) || c === 0x30fc) return 3;
  if (c >= 0x61 && c <= 0x7a) return 4;
  if (c >= 0x30 && c <= 0x39) return 5;
  return 0;
}

/**
 * Runs of one script in a text that has Japanese in it (「もう送らないで」 → もう | 送 | らないで): a cheap stand-in for word
 * boundaries, no dictionary. A text without kana or kanji gives none (its words are the whitespace words above).
 */
export function scriptRuns(text: string): string[] {
  if (!/[\u3041-\u30ff\u4e00-\u9fff]/.test(text)) return [];
  const out: string[] = [];
  let start = 0;
  let kind = -1;
  for (let i = 0; i <= text.length; i++) {
    const k = i < text.length ? scriptOf(text.charCodeAt(i)) : 0;
    if (k === kind) continue;
    if (kind > 0) out.push(text.slice(start, i));
    start = i;
    kind = k;
  }
  return out;
}

