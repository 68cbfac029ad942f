/**
 * Features of one reply for the trained tier: hashed character n-grams (1–4) of the normalised
 * text, word uni- and bigrams, the locale, and the kinds of rule signals that fired (so the
 * model learns when the rules' facts matter). Pure; the same code trains and infers.
 */
import type { Normalised } from '../normalise.js';
import type { Locale } from '../port.js';

export const FEATURE_VERSION = 2;

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

/** Bucket indices (may repeat: a repeated n-gram counts twice). */
export function featureBuckets(f: FeatureInput, dims: number): number[] {
  const mask = dims - 1;
  const out: number[] = [];
  const add = (s: string) => out.push(fnv1a(s) & mask);
  add(`L:${f.locale}`);
  const text = f.n.text.slice(0, 400);
  const s = ` ${text} `;
  // Character n-grams 1–4 over UTF-16 code units (emoji are gone after normalise).
  const len = s.length;
  for (let i = 0; i < len; i++) {
    let h = CHAR_SEED;
    for (let k = 0; k < 4 && i + k < len; k++) {
      h ^= s.charCodeAt(i + k);
      h = Math.imul(h, FNV_PRIME);
      if (k === 0 && s.charCodeAt(i) === 32) continue;
      out.push((h >>> 0) & mask);
    }
  }
  const words = text.split(/[\s.,!?]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    add(`W:${words[i]}`);
    if (i + 1 < words.length) add(`B:${words[i]}_${words[i + 1]}`);
  }
  if (words.length <= 2) add('LEN:short');
  else if (words.length > 20 || len > 80) add('LEN:long');
  for (const k of f.signals) add(`R:${k}`);
  return out;
}

