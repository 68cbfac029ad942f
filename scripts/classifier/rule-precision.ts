/**
 * How often each SURE rules answer is right on hand-written text (round 7): for every line where the keyword
 * tier or a sure rule (confidence ≥ rulesSure) decides, the rule id, whether it was right, and what the model
 * alone said (right or not, with its confidence). A rule that is often wrong on fresh text, where the model is
 * right, should stop being sure.
 *
 *   npx tsx scripts/classifier/rule-precision.ts [--model=<artefact.json>] [--min=<n>] file.jsonl …
 *   npx tsx scripts/classifier/rule-precision.ts --cross      (each data/classifier/written-wN scored with
 *                                                               /tmp/round7-no-wN.json, the model trained without it; --prefix=/tmp/round7b-no- for others)
 *
 * Lines with a conversation context are skipped (the context decides those).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCorpus, type CorpusLine } from '../../src/classify/evaluate.js';
import { defaultModel } from '../../src/classify/model/default.js';
import { loadLinearModel, type LinearModel } from '../../src/classify/model/linear.js';
import { analyseByRules } from '../../src/classify/rules/index.js';
import { DEFAULT_TIER_POLICY } from '../../src/classify/tiers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const load = (p: string): LinearModel => loadLinearModel(JSON.parse(readFileSync(p, 'utf8')));

interface Row {
  n: number;
  right: number;
  modelRight: number;
  /** wrong rule answers where the model (≥ 0.6, ≥ 0.8, ≥ 0.95) had the right intent */
  fixable: [number, number, number];
  /** right rule answers the model (≥ 0.6, ≥ 0.8, ≥ 0.95) would have broken */
  breakable: [number, number, number];
  wrong: string[];
}

const rows = new Map<string, Row>();
function score(lines: CorpusLine[], model: LinearModel, tag: string): void {
  for (const l of lines) {
    if (l.context) continue;
    const a = analyseByRules({ text: l.text, locale: l.locale, now: l.now, timezone: l.timezone });
    const r = a.result;
    const sure = a.keyword || ((r.intent !== 'other' || /\.ack$/.test(r.rule ?? '')) && r.confidence >= DEFAULT_TIER_POLICY.rulesSure);
    if (!sure) continue;
    const key = `${a.keyword ? 'K ' : 'R '}${r.rule}`;
    const row = rows.get(key) ?? { n: 0, right: 0, modelRight: 0, fixable: [0, 0, 0], breakable: [0, 0, 0], wrong: [] };
    rows.set(key, row);
    const p = model.predict({ n: a.n, locale: l.locale, signals: a.signals });
    row.n++;
    const ok = r.intent === l.intent;
    if (ok) row.right++;
    if (p.intent === l.intent) row.modelRight++;
    [0.6, 0.8, 0.95].forEach((t, i) => {
      if (p.confidence < t || p.intent === r.intent) return;
      if (!ok && p.intent === l.intent) row.fixable[i]!++;
      if (ok) row.breakable[i]!++;
    });
    if (!ok) row.wrong.push(`${tag}: want ${l.intent} got ${r.intent}, model ${p.intent} ${p.confidence.toFixed(2)}  ${JSON.stringify(l.text.slice(0, 90))}`);
  }
}

if (process.argv.includes('--cross')) {
  const dc = `${root}data/classifier/`;
  for (const f of readdirSync(dc).filter((f) => /^written-w\d+\.(ja|en)\.jsonl$/.test(f)).sort()) {
    const w = /written-(w\d+)/.exec(f)![1];
    const m = `${arg('prefix') ?? '/tmp/round7-no-'}${w}.json`;
    if (!existsSync(m)) throw new Error(`${m} missing: npm run train:classifier -- --written=<all but ${w}> --out=${m}`);
    score(loadCorpus(dc + f), load(m), f.replace('.jsonl', '').replace('written-', ''));
  }
} else {
  const modelPath = arg('model');
  const model = modelPath ? load(modelPath) : defaultModel();
  for (const f of process.argv.slice(2).filter((a) => !a.startsWith('--'))) score(loadCorpus(f), model, f.replace(/^.*\//, '').replace('.jsonl', ''));
}

const min = Number(arg('min') ?? 1);
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(0) : '—');
const sorted = [...rows.entries()].sort((a, b) => a[1].right / a[1].n - b[1].right / b[1].n || b[1].n - a[1].n);
let n = 0;
let right = 0;
for (const [, r] of rows) {
  n += r.n;
  right += r.right;
}
console.log(`sure answers: ${n}, right ${right} (${pct(right, n)} %)`);
console.log('rule'.padEnd(44) + 'n'.padStart(5) + '  rule%  model%  fix/break @.6   @.8   @.95');
for (const [k, r] of sorted) {
  if (r.n < min) continue;
  console.log(`${k.padEnd(44)}${String(r.n).padStart(5)}  ${pct(r.right, r.n).padStart(5)}  ${pct(r.modelRight, r.n).padStart(6)}  ${r.fixable.map((f, i) => `${f}/${r.breakable[i]}`.padStart(6)).join('')}`);
}
if (process.argv.includes('--wrong')) for (const [k, r] of sorted) for (const w of r.wrong) console.log(`${k}  ${w}`);
