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
  /** Round 15 (cross-validated, scripts/classifier/cv.ts): word trigrams beside the uni- and bigrams. Absent = off. */
  wordTrigrams: z.boolean().optional(),
  /** Round 15: pairs of rule signals that fired together ("paid" with "stop"), and each signal with the locale. Absent = off. */
  signalPairs: z.boolean().optional(),
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
  return fnvRange(0x811c9dc5, s, 0, s.length) >>> 0;
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
/** FNV-1a of s from state h0 (fnvRange over the whole string). */
function fnvOn(h0: number, s: string): number {
  return fnvRange(h0, s, 0, s.length);
}

/** Bucket indices (may repeat: a repeated n-gram counts twice). */
export function featureBuckets(f: FeatureInput, dims: number, cfg: FeatureConfig = V2_FEATURES): number[] {
  const buf = new BucketBuffer();
  featureBucketsInto(buf, f, dims, cfg);
  return Array.from(buf.a.subarray(0, buf.n));
}

/**
 * A growable list of bucket indices that is only ever emptied, never shrunk (speed10): `number[].length = 0` gave the
 * backing store back, so every reply re-grew it through ~8 copies; inference keeps one per model.
 */
export class BucketBuffer {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

// FNV-1a states after each view's prefix, so no `L:${locale}`, `R:${kind}` or word string is ever built (speed10):
// fnvOn(fnv1a('R:'), k) === fnv1a(`R:${k}`) as for the seeds above.
const LOCALE_SEED = fnv1a('L:');
const SIGNAL_SEED = fnv1a('R:');
const LEN_SHORT = fnv1a('LEN:short');
const LEN_LONG = fnv1a('LEN:long');
/** FNV-1a of s[start, end) from state h0. */
function fnvRange(h0: number, s: string, start: number, end: number): number {
  let h = h0;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}
/** fnvPair over two ranges of s: fnv1a(`${seed}${a}_${b}`). */
function fnvRangePair(seed: number, s: string, a0: number, a1: number, b0: number, b1: number): number {
  let h = fnvRange(seed, s, a0, a1);
  h ^= UNDERSCORE;
  h = Math.imul(h, FNV_PRIME);
  return fnvRange(h, s, b0, b1);
}
/** The characters `text.split(/[\s.,!?]+/)` splits on: JavaScript's \s (WhiteSpace and LineTerminator) and . , ! ? */
function isWordBreak(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x80) return c === 0x2e || c === 0x2c || c === 0x21 || c === 0x3f;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const HAS_JAPANESE_RUN = /[\u3041-\u30ff\u4e00-\u9fff]/;

/**
 * featureBuckets into `out` (emptied first), in the same order: inference reuses one buffer per model instead of
 * allocating one per reply (speed9), and builds no string on the way (speed10: the words and script runs are hashed as
 * ranges of the text — the same buckets, in the same order, as splitting them out; so the same sums, bit for bit).
 */
export function featureBucketsInto(out: BucketBuffer, f: FeatureInput, dims: number, cfg: FeatureConfig = V2_FEATURES): BucketBuffer {
  const mask = dims - 1;
  out.n = 0;
  out.push((fnvOn(LOCALE_SEED, f.locale) >>> 0) & mask);
  const text = f.n.text.length > 400 ? f.n.text.slice(0, 400) : f.n.text;
  const tl = text.length;
  // Character n-grams 1–charMax over UTF-16 code units of ` ${text} ` (emoji are gone after normalise).
  const len = tl + 2;
  const charMax = cfg.charMax;
  for (let i = 0; i < len; i++) {
    let h = CHAR_SEED;
    for (let k = 0; k < charMax && i + k < len; k++) {
      const j = i + k;
      h ^= j === 0 || j === len - 1 ? 32 : text.charCodeAt(j - 1);
      h = Math.imul(h, FNV_PRIME);
      if (k === 0 && (i === 0 || i === len - 1 || text.charCodeAt(i - 1) === 32)) continue;
      out.push((h >>> 0) & mask);
    }
  }
  // Words (text.split(/[\s.,!?]+/).filter(Boolean)): each word's unigram, then its bigram with the next one.
  let words = 0;
  let p0 = 0;
  let p1 = 0;
  for (let i = 0; i < tl; ) {
    if (isWordBreak(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const w0 = i;
    while (i < tl && !isWordBreak(text.charCodeAt(i))) i++;
    if (words > 0) out.push((fnvRangePair(BIGRAM_SEED, text, p0, p1, w0, i) >>> 0) & mask);
    out.push((fnvRange(WORD_SEED, text, w0, i) >>> 0) & mask);
    p0 = w0;
    p1 = i;
    words++;
  }
  if (words <= 2) out.push(LEN_SHORT & mask);
  else if (words > 20 || len > 80) out.push(LEN_LONG & mask);
  if (cfg.jaWords && HAS_JAPANESE_RUN.test(text)) {
    // Script runs (scriptRuns), hashed the same way.
    let runs = 0;
    let start = 0;
    let kind = -1;
    for (let i = 0; i <= tl; i++) {
      const k = i < tl ? scriptOf(text.charCodeAt(i)) : 0;
      if (k === kind) continue;
      if (kind > 0) {
        if (runs > 0) out.push((fnvRangePair(RUN_PAIR_SEED, text, p0, p1, start, i) >>> 0) & mask);
        out.push((fnvRange(RUN_SEED, text, start, i) >>> 0) & mask);
        p0 = start;
        p1 = i;
        runs++;
      }
      start = i;
      kind = k;
    }
  }
  if (cfg.wordTrigrams) pushWordTrigrams(out, text, mask);
  for (const k of f.signals) out.push((fnvOn(SIGNAL_SEED, k) >>> 0) & mask);
  if (cfg.signalPairs) {
    const sg = f.signals;
    for (let i = 0; i < sg.length; i++) {
      out.push((fnvOn(fnvOn(SIGNAL_LOCALE_SEED, f.locale), sg[i] as string) >>> 0) & mask);
      for (let j = i + 1; j < sg.length; j++) {
        const [a, b] = (sg[i] as string) < (sg[j] as string) ? [sg[i] as string, sg[j] as string] : [sg[j] as string, sg[i] as string];
        out.push((fnvOn(fnvOn(SIGNAL_PAIR_SEED, a), `|${b}`) >>> 0) & mask);
      }
    }
  }
  return out;
}

const TRIGRAM_SEED = fnv1a('T:');
const SIGNAL_LOCALE_SEED = fnv1a('RL:');
const SIGNAL_PAIR_SEED = fnv1a('RP:');

/** Each run of three neighbouring words (the same words as the uni- and bigrams above): fnv1a(`T:${a}_${b}_${c}`). */
function pushWordTrigrams(out: BucketBuffer, text: string, mask: number): void {
  const tl = text.length;
  const s0 = [0, 0, 0];
  const e0 = [0, 0, 0];
  let words = 0;
  for (let i = 0; i < tl; ) {
    if (isWordBreak(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const w0 = i;
    while (i < tl && !isWordBreak(text.charCodeAt(i))) i++;
    s0[words % 3] = w0;
    e0[words % 3] = i;
    words++;
    if (words >= 3) {
      const a = words % 3;
      const b = (words + 1) % 3;
      const c = (words + 2) % 3;
      let h = fnvRangePair(TRIGRAM_SEED, text, s0[a] as number, e0[a] as number, s0[b] as number, e0[b] as number);
      h ^= UNDERSCORE;
      h = Math.imul(h, FNV_PRIME);
      out.push((fnvRange(h, text, s0[c] as number, e0[c] as number) >>> 0) & mask);
    }
  }
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

