/**
 * Round 15 (docs/classifier.md "Model capacity (round 15)"): the training and feature options cross-validation
 * (scripts/classifier/cv.ts) compares — precomputed inputs, class weighting, word trigrams, rule-signal pairs — and
 * that an artefact without the new views reads exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { type CorpusLine } from '../../../src/classify/evaluate.js';
import { DEFAULT_FEATURES, featureBuckets, fnv1a } from '../../../src/classify/model/features.js';
import { ModelArtefact } from '../../../src/classify/model/linear.js';
import { featuresOf, trainLinear } from '../../../src/classify/model/train.js';
import { normalise } from '../../../src/classify/normalise.js';
import { NOW_EN, NOW_JA } from './helpers.js';

const line = (text: string, intent: CorpusLine['intent'], locale: 'ja' | 'en'): CorpusLine => ({ text, intent, locale, now: locale === 'ja' ? NOW_JA : NOW_EN, timezone: locale === 'ja' ? 'Asia/Tokyo' : 'America/New_York' });
const tiny: CorpusLine[] = [
  line('I paid it yesterday', 'paid', 'en'), line('stop texting me please', 'stop', 'en'), line('can I pay on friday', 'extend', 'en'),
  line('who is this', 'help', 'en'), line('払いました', 'paid', 'ja'), line('もう送らないで', 'stop', 'ja'), line('了解です', 'other', 'ja'),
];
const DIMS = 1 << 16;
const input = (text: string, locale: 'ja' | 'en', signals: string[] = []) => ({ n: normalise(text), locale, signals });

describe('round 15: training options', () => {
  it('precomputed inputs give the same artefact as computing them', () => {
    const a = trainLinear(tiny, { dims: 1 << 12, epochs: 3, runs: 2 });
    const b = trainLinear(tiny, { dims: 1 << 12, epochs: 3, runs: 2, inputs: tiny.map(featuresOf) });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('class weighting is recorded only when it is not the default, and changes the weights', () => {
    const sqrt = trainLinear(tiny, { dims: 1 << 12, epochs: 3 });
    const none = trainLinear(tiny, { dims: 1 << 12, epochs: 3, classWeighting: 'none' });
    expect(sqrt.trainedFrom.classWeighting).toBeUndefined();
    expect(none.trainedFrom.classWeighting).toBe('none');
    expect(none.weights).not.toBe(sqrt.weights);
    expect(() => ModelArtefact.parse(none)).not.toThrow();
  });
});

describe('round 15: feature views', () => {
  it('an artefact without the new views reads as before (absent = off)', () => {
    const f = input('I will pay on friday, stop the texts', 'en', ['extend', 'rules:extend']);
    const base = featureBuckets(f, DIMS, DEFAULT_FEATURES);
    expect(featureBuckets(f, DIMS, { ...DEFAULT_FEATURES, wordTrigrams: false, signalPairs: false })).toEqual(base);
  });

  it('word trigrams: one per run of three words, hashed as `T:a_b_c`', () => {
    const f = input('please stop texting me', 'en');
    const base = featureBuckets(f, DIMS, DEFAULT_FEATURES);
    const tri = featureBuckets(f, DIMS, { ...DEFAULT_FEATURES, wordTrigrams: true });
    expect(tri.slice(0, base.length)).toEqual(base);
    expect(tri.slice(base.length)).toEqual([fnv1a('T:please_stop_texting') & (DIMS - 1), fnv1a('T:stop_texting_me') & (DIMS - 1)]);
    expect(featureBuckets(input('stop it', 'en'), DIMS, { ...DEFAULT_FEATURES, wordTrigrams: true })).toEqual(featureBuckets(input('stop it', 'en'), DIMS, DEFAULT_FEATURES));
  });

  it('signal pairs: each signal with the locale, and each pair in either order alike', () => {
    const cfg = { ...DEFAULT_FEATURES, signalPairs: true };
    const ab = featureBuckets(input('ok', 'en', ['paid', 'stop']), DIMS, cfg);
    const ba = featureBuckets(input('ok', 'en', ['stop', 'paid']), DIMS, cfg);
    expect(new Set(ab)).toEqual(new Set(ba));
    expect(ab).toContain(fnv1a('RP:paid|stop') & (DIMS - 1));
    expect(ab).toContain(fnv1a('RL:enpaid') & (DIMS - 1));
    expect(featureBuckets(input('ok', 'ja', ['paid']), DIMS, cfg)).toContain(fnv1a('RL:japaid') & (DIMS - 1));
  });
});
