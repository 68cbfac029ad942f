/**
 * Where the per-line time goes (speed9): the old-set lines (as per-line-speed.ts), each stage timed best-of `--passes`
 * per line, summed over the lines: normalise alone, the rules' analysis (normalise included), the model's features,
 * the model's prediction (features included), and the whole local classification.
 *
 *   npx tsx scripts/classifier/stage-speed.ts [--passes=7]
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLocalClassifier } from '../../src/classify/classifier.js';
import { loadCorpus } from '../../src/classify/evaluate.js';
import { defaultModel } from '../../src/classify/model/default.js';
import { DEFAULT_FEATURES, featureBuckets } from '../../src/classify/model/features.js';
import { normalise } from '../../src/classify/normalise.js';
import { analyseByRules } from '../../src/classify/rules/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const passes = Number(process.argv.find((a) => a.startsWith('--passes='))?.slice(9) ?? 7);
const fx = `${root}test/fixtures/`;
const lines = readdirSync(fx)
  .filter((f) => /^(?:holdout-\d+|replies)\.(?:ja|en)\.jsonl$/.test(f))
  .flatMap((f) => loadCorpus(fx + f));
const model = defaultModel();
const classify = createLocalClassifier();
const analyses = lines.map((l) => analyseByRules({ text: l.text, locale: l.locale, now: l.now, timezone: l.timezone }));
const stages: Array<[string, (i: number) => unknown]> = [
  ['normalise', (i) => normalise(lines[i]!.text, { locale: lines[i]!.locale })],
  ['rules (with normalise)', (i) => analyseByRules({ text: lines[i]!.text, locale: lines[i]!.locale, now: lines[i]!.now, timezone: lines[i]!.timezone })],
  ['features', (i) => featureBuckets({ n: analyses[i]!.n, locale: lines[i]!.locale, signals: analyses[i]!.signals }, 1 << 18, DEFAULT_FEATURES)],
  ['predict (with features)', (i) => model.predict({ n: analyses[i]!.n, locale: lines[i]!.locale, signals: analyses[i]!.signals })],
  ['whole', (i) => classify({ text: lines[i]!.text, locale: lines[i]!.locale, now: lines[i]!.now, timezone: lines[i]!.timezone })],
];
for (const [name, run] of stages) {
  const best = lines.map(() => Infinity);
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < lines.length; i++) {
      const t0 = process.hrtime.bigint();
      run(i);
      const t = Number(process.hrtime.bigint() - t0) / 1000;
      if (t < best[i]!) best[i] = t;
    }
  }
  const s = [...best].sort((a, b) => a - b);
  console.log(`${name.padEnd(24)} mean ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(1).padStart(6)} µs  p50 ${s[Math.floor(s.length / 2)]!.toFixed(0).padStart(4)}  p99 ${s[Math.floor(s.length * 0.99)]!.toFixed(0).padStart(4)}`);
}
