/**
 * Per-line cost of keywords + rules + model without the machine's noise (round 7): every old-set line
 * (test/fixtures/holdout-*, replies) classified `--passes` times (default 7), its best time kept; prints the mean,
 * p50, p99 and max of those best times. Run it on two trees back to back to compare (bench p99s swing 2× between
 * runs of the same tree on a shared machine).
 *
 *   npx tsx scripts/classifier/per-line-speed.ts [--passes=7]
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLocalClassifier } from '../../src/classify/classifier.js';
import { loadCorpus } from '../../src/classify/evaluate.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const passes = Number(process.argv.find((a) => a.startsWith('--passes='))?.slice(9) ?? 7);
const classify = createLocalClassifier();
const fx = `${root}test/fixtures/`;
const lines = readdirSync(fx)
  .filter((f) => /^(?:holdout-\d+|replies)\.(?:ja|en)\.jsonl$/.test(f))
  .flatMap((f) => loadCorpus(fx + f));
const best = lines.map(() => Infinity);
for (let pass = 0; pass < passes; pass++) {
  lines.forEach((l, i) => {
    const t0 = process.hrtime.bigint();
    classify({ text: l.text, locale: l.locale, now: l.now, timezone: l.timezone });
    const t = Number(process.hrtime.bigint() - t0) / 1000;
    if (t < (best[i] as number)) best[i] = t;
  });
}
const s = [...best].sort((a, b) => a - b);
const at = (q: number) => (s[Math.min(s.length - 1, Math.floor(s.length * q))] as number).toFixed(0);
console.log(`per-line best of ${passes}, ${s.length} lines: mean ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(0)} µs, p50 ${at(0.5)}, p99 ${at(0.99)}, max ${at(1)}`);
