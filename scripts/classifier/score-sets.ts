/**
 * One line per set: every named set the classifier is measured on (replies, holdout-*, dev-*, dev-7's
 * fresh third, written-*), through keywords + rules + model, no LLM.
 *
 *   npx tsx scripts/classifier/score-sets.ts [--model=<artefact.json>] [--only=<regex>] [--confusion] [--misses]
 *
 * Used for round 6's before/after tables and the cross-writer runs (train.ts --out=… then --model=…).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLocalClassifier } from '../../src/classify/classifier.js';
import { evaluate, loadCorpus, type CorpusLine } from '../../src/classify/evaluate.js';
import { loadLinearModel } from '../../src/classify/model/linear.js';
import { printReport } from '../eval-classifier.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const modelPath = arg('model');
const model = modelPath ? loadLinearModel(JSON.parse(readFileSync(modelPath, 'utf8'))) : undefined;
const classify = createLocalClassifier(model ? { model } : {});
const only = arg('only') ? new RegExp(arg('only') as string) : undefined;

const sets: Array<[string, CorpusLine[]]> = [];
const num = (f: string) => Number(/-(\d+)/.exec(f)?.[1] ?? 0);
const fx = `${root}test/fixtures/`;
const dc = `${root}data/classifier/`;
for (const l of ['ja', 'en']) sets.push([`replies.${l}`, loadCorpus(`${fx}replies.${l}.jsonl`)]);
for (const f of readdirSync(fx).filter((f) => /^holdout-\d+\.(ja|en)\.jsonl$/.test(f)).sort((a, b) => num(a) - num(b) || a.localeCompare(b))) sets.push([f.replace('.jsonl', ''), loadCorpus(fx + f)]);
for (const f of readdirSync(dc).filter((f) => /^dev-\d+\.(ja|en)\.jsonl$/.test(f)).sort((a, b) => num(a) - num(b) || a.localeCompare(b))) sets.push([f.replace('.jsonl', ''), loadCorpus(dc + f)]);
for (const l of ['ja', 'en']) sets.push([`dev-7-fresh.${l}`, loadCorpus(`${dc}dev-7.${l}.jsonl`).filter((_, i) => i % 3 === 2)]);
for (const f of readdirSync(dc).filter((f) => /^written-[\w-]+\.(ja|en)\.jsonl$/.test(f)).sort()) sets.push([f.replace('.jsonl', ''), loadCorpus(dc + f)]);
for (const a of process.argv.filter((a) => a.startsWith('--corpus='))) sets.push([a.slice(9), loadCorpus(a.slice(9))]);

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '—');
console.log(`model ${model ? model.version : 'shipped'}`);
console.log('set'.padEnd(16) + 'n'.padStart(5) + 'intent'.padStart(8) + 'dates'.padStart(14) + 'ent'.padStart(12) + '  opt-out P (fp)   R    band');
for (const [name, lines] of sets) {
  if (only && !only.test(name)) continue;
  const r = evaluate(lines, classify);
  const s = r.stop;
  console.log(
    name.padEnd(16) +
      String(r.total).padStart(5) +
      pct(r.intentCorrect, r.total).padStart(8) +
      `${pct(r.dates.correct, r.dates.total)} ${r.dates.correct}/${r.dates.total}`.padStart(14) +
      `${pct(r.entities.correct, r.entities.total)} ${r.entities.correct}/${r.entities.total}`.padStart(12) +
      `  ${pct(s.tp, s.tp + s.fp).padStart(5)} (${s.fp}) ${pct(s.tp, s.tp + s.fn).padStart(5)} ${pct(s.tp + s.fnSuspected, s.tp + s.fn).padStart(5)}`,
  );
  if (process.argv.includes('--confusion') || process.argv.includes('--misses')) printReport(name, r, 'local', process.argv.includes('--misses'));
}
