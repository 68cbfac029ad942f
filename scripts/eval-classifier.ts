/**
 * `npm run eval:classifier` — rules-only figures on the labelled corpus: accuracy per intent,
 * confusion matrix, date accuracy, opt-out precision/recall, mean µs per classification.
 * `--misses` lists every miss. `--corpus <path>` (repeatable) scores those files instead of the
 * golden corpus, e.g. a held-out set: `npm run eval:classifier -- --corpus test/fixtures/holdout-2.ja.jsonl`.
 */
import { fileURLToPath } from 'node:url';
import { classifyByRules } from '../src/classify/rules/index.js';
import { evaluate, loadCorpus, type Report } from '../src/classify/evaluate.js';
import { Intent } from '../src/classify/port.js';

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '—').padStart(6);
const showMisses = process.argv.includes('--misses');

function print(name: string, r: Report): void {
  console.log(`\n## ${name}: ${r.total} replies`);
  console.log(`intent accuracy ${pct(r.intentCorrect, r.total)} %   date accuracy ${pct(r.dates.correct, r.dates.total)} % (${r.dates.correct}/${r.dates.total})   amount/count/answer ${pct(r.entities.correct, r.entities.total)} % (${r.entities.correct}/${r.entities.total})`);
  console.log(`opt-out precision ${pct(r.stop.tp, r.stop.tp + r.stop.fp)} %   recall ${pct(r.stop.tp, r.stop.tp + r.stop.fn)} %   (tp ${r.stop.tp}, fp ${r.stop.fp}, fn ${r.stop.fn})`);
  console.log(`mean ${r.meanMicros.toFixed(1)} µs per rules classification`);
  console.log('\nintent        n   accuracy');
  for (const i of Intent.options) {
    const p = r.perIntent[i];
    if (p) console.log(`${i.padEnd(12)} ${String(p.total).padStart(3)} ${pct(p.correct, p.total)} %`);
  }
  const cols = Intent.options.map((i) => i.slice(0, 5));
  console.log(`\nconfusion (rows expected, columns got)\n${''.padEnd(12)}${cols.map((c) => c.padStart(6)).join('')}`);
  for (const e of Intent.options) {
    const row = r.confusion[e];
    if (!row) continue;
    console.log(`${e.padEnd(12)}${Intent.options.map((g) => String(row[g] ?? '.').padStart(6)).join('')}`);
  }
  if (showMisses) {
    console.log('\nmisses');
    for (const m of r.misses) {
      const want = m.what === 'intent' ? m.line.intent : String(m.line[m.what]);
      const got = m.what === 'intent' ? m.got.intent : String(m.got.entities[m.what]);
      console.log(`  [${m.what}] want ${want} got ${got} (${m.got.rule})  ${JSON.stringify(m.line.text)}`);
    }
  }
}

const corpora: string[] = [];
process.argv.forEach((a, i) => {
  if (a === '--corpus') {
    const path = process.argv[i + 1];
    if (!path) throw new Error('--corpus needs a path');
    corpora.push(path);
  } else if (a.startsWith('--corpus=')) corpora.push(a.slice('--corpus='.length));
});

if (corpora.length) for (const path of corpora) print(path, evaluate(loadCorpus(path), classifyByRules));
else {
  const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
  for (const lang of ['ja', 'en']) print(lang, evaluate(loadCorpus(`${fixtures}replies.${lang}.jsonl`), classifyByRules));
}
