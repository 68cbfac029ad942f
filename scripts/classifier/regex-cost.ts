/**
 * Which parts of the rules cost the most (speed9): over the old-set lines (as per-line-speed.ts), the total best-of-
 * `--passes` time of each rules stage (keywords, signal scans, entities) and of each signal pattern, worst first.
 *
 *   npx tsx scripts/classifier/regex-cost.ts [--passes=5] [--top=25]
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../src/classify/evaluate.js';
import { extractAmount, extractDate, extractInstallments } from '../../src/classify/entities/index.js';
import { hasJapanese, normalise } from '../../src/classify/normalise.js';
import { detectHelpKeyword, detectStart, detectStop } from '../../src/classify/rules/keywords.js';
import { EN_SIGNALS } from '../../src/classify/rules/signals-en.js';
import { JA_SIGNALS } from '../../src/classify/rules/signals-ja.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d);
const passes = arg('passes', 5);
const top = arg('top', 25);
const fx = `${root}test/fixtures/`;
const lines = readdirSync(fx)
  .filter((f) => /^(?:holdout-\d+|replies)\.(?:ja|en)\.jsonl$/.test(f))
  .flatMap((f) => loadCorpus(fx + f))
  .map((l) => ({ ...l, n: normalise(l.text, { locale: l.locale }) }));
type L = (typeof lines)[number];

function cost(run: (l: L) => unknown, only: (l: L) => boolean = () => true): number {
  const best = lines.map(() => Infinity);
  for (let p = 0; p < passes; p++) {
    lines.forEach((l, i) => {
      if (!only(l)) return void (best[i] = 0);
      const t0 = process.hrtime.bigint();
      run(l);
      const t = Number(process.hrtime.bigint() - t0) / 1000;
      if (t < best[i]!) best[i] = t;
    });
  }
  return best.reduce((a, b) => a + b, 0) / lines.length;
}

const stages: Array<[string, (l: L) => unknown, ((l: L) => boolean)?]> = [
  ['detectStop', (l) => detectStop(l.n)],
  ['detectStart', (l) => detectStart(l.n)],
  ['detectHelpKeyword', (l) => detectHelpKeyword(l.n)],
  ['scan EN_SIGNALS', (l) => EN_SIGNALS.map((s) => s.re.exec(l.n.text)), (l) => /[a-z]/.test(l.n.text)],
  ['scan JA_SIGNALS', (l) => JA_SIGNALS.map((s) => s.re.exec(l.n.compact)), (l) => hasJapanese(l.n.text)],
  ['extractDate', (l) => extractDate(l.n.text, new Date(l.now), l.timezone)],
  ['extractAmount', (l) => extractAmount(l.n.text)],
  ['extractInstallments', (l) => extractInstallments(l.n.text)],
];
console.log(`mean µs per line over ${lines.length} lines (best of ${passes}):`);
for (const [name, run, only] of stages) console.log(`  ${cost(run, only).toFixed(2).padStart(7)}  ${name}`);
const per = [
  ...EN_SIGNALS.map((s) => [s.id, cost((l) => s.re.exec(l.n.text), (l) => /[a-z]/.test(l.n.text))] as const),
  ...JA_SIGNALS.map((s) => [s.id, cost((l) => s.re.exec(l.n.compact), (l) => hasJapanese(l.n.text))] as const),
].sort((a, b) => b[1] - a[1]);
console.log(`signal patterns, worst ${top} of ${per.length} (sum ${per.reduce((a, b) => a + b[1], 0).toFixed(2)} µs):`);
for (const [id, c] of per.slice(0, top)) console.log(`  ${c.toFixed(2).padStart(7)}  ${id}`);
