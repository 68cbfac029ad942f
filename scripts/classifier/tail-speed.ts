/**
 * Which lines and which stages make the micro bench's tail (speed11): the micro bench's lines (replies.*, holdout-5.*)
 * or `--set=old` (the old sets, as per-line-speed.ts), each classified `--passes` times (best kept); for the slowest
 * `--top` lines, each stage's best time: normalise, the keyword checks, the signal scans, dates, amounts, instalments,
 * the model and the rest (tiers' guards, decide, context).
 *
 *   npx tsx scripts/classifier/tail-speed.ts [--passes=7] [--top=30] [--set=micro|old]
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLocalClassifier } from '../../src/classify/classifier.js';
import { extractAmount, extractDate, extractInstallments } from '../../src/classify/entities/index.js';
import { loadCorpus } from '../../src/classify/evaluate.js';
import { defaultModel } from '../../src/classify/model/default.js';
import { hasJapanese, normalise } from '../../src/classify/normalise.js';
import { analyseByRules } from '../../src/classify/rules/index.js';
import { detectHelpKeyword, detectStart, detectStop } from '../../src/classify/rules/keywords.js';
import { EN_SIGNALS } from '../../src/classify/rules/signals-en.js';
import { JA_SIGNALS } from '../../src/classify/rules/signals-ja.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const arg = (k: string, d: string) => process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d;
const passes = Number(arg('passes', '7'));
const top = Number(arg('top', '30'));
const fx = `${root}test/fixtures/`;
const pick = arg('set', 'micro') === 'micro' ? /^(?:holdout-5|replies)\.(?:ja|en)\.jsonl$/ : /^(?:holdout-\d+|replies)\.(?:ja|en)\.jsonl$/;
const lines = readdirSync(fx).filter((f) => pick.test(f)).flatMap((f) => loadCorpus(fx + f));
const classify = createLocalClassifier();
const model = defaultModel();
const ns = lines.map((l) => normalise(l.text, { locale: l.locale }));
const as = lines.map((l) => analyseByRules({ text: l.text, locale: l.locale, now: l.now, timezone: l.timezone }));

function best(run: (i: number) => unknown, idx: number[]): number[] {
  const b = idx.map(() => Infinity);
  for (let p = 0; p < passes; p++) {
    idx.forEach((i, k) => {
      const t0 = process.hrtime.bigint();
      run(i);
      const t = Number(process.hrtime.bigint() - t0) / 1000;
      if (t < b[k]!) b[k] = t;
    });
  }
  return b;
}
const all = lines.map((_, i) => i);
const whole = best((i) => classify({ text: lines[i]!.text, locale: lines[i]!.locale, now: lines[i]!.now, timezone: lines[i]!.timezone }), all);
const sorted = [...whole].sort((a, b) => a - b);
const q = (x: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * x))]!.toFixed(0);
console.log(`${lines.length} lines, whole best of ${passes}: mean ${(sorted.reduce((a, b) => a + b, 0) / sorted.length).toFixed(0)} p50 ${q(0.5)} p99 ${q(0.99)} max ${q(1)} µs`);
const slow = all.sort((a, b) => whole[b]! - whole[a]!).slice(0, top);
const stages: Array<[string, (i: number) => unknown]> = [
  ['norm', (i) => normalise(lines[i]!.text, { locale: lines[i]!.locale })],
  ['kw', (i) => (detectStop(ns[i]!), detectStart(ns[i]!), detectHelpKeyword(ns[i]!))],
  ['en', (i) => /[a-z]/.test(ns[i]!.text) && EN_SIGNALS.forEach((s) => s.re.exec(ns[i]!.text))],
  ['ja', (i) => hasJapanese(ns[i]!.text) && JA_SIGNALS.forEach((s) => s.re.exec(ns[i]!.compact))],
  ['date', (i) => extractDate(ns[i]!.text, new Date(lines[i]!.now), lines[i]!.timezone)],
  ['amt', (i) => (extractAmount(ns[i]!.text), extractInstallments(ns[i]!.text))],
  ['rules', (i) => analyseByRules({ text: lines[i]!.text, locale: lines[i]!.locale, now: lines[i]!.now, timezone: lines[i]!.timezone })],
  ['model', (i) => model.predict({ n: as[i]!.n, locale: lines[i]!.locale, signals: as[i]!.signals })],
];
const cols = stages.map(([name, run]) => [name, best(run, slow)] as const);
console.log(`whole  ${cols.map(([n]) => n.padStart(6)).join(' ')}  len loc text`);
slow.forEach((i, k) => {
  console.log(`${whole[i]!.toFixed(0).padStart(5)}  ${cols.map(([, b]) => b[k]!.toFixed(0).padStart(6)).join(' ')}  ${String(lines[i]!.text.length).padStart(3)} ${lines[i]!.locale} ${JSON.stringify(lines[i]!.text.slice(0, 70))}`);
});
