/**
 * Round 8: where the cross-writer misses come from. Each data/classifier/written-wN line is classified with the model
 * trained without wN (--prefix=<path-prefix>, default /tmp/m8-no-) and each miss is put in one bucket: the tier that
 * decided, whether the rules were sure, and whether the model alone had it (with its confidence).
 *
 *   npx tsx scripts/classifier/cross-misses.ts [--prefix=/tmp/m8-no-] [--lines]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCorpus, requestOf } from '../../src/classify/evaluate.js';
import { loadLinearModel } from '../../src/classify/model/linear.js';
import { analyseByRules } from '../../src/classify/rules/index.js';
import { classifyLocal } from '../../src/classify/tiers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dc = `${root}data/classifier/`;
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const prefix = arg('prefix') ?? '/tmp/m8-no-';
const buckets = new Map<string, number>();
const lines: string[] = [];
let total = 0;
for (const f of readdirSync(dc).filter((f) => /^written-w\d+\.(ja|en)\.jsonl$/.test(f)).sort()) {
  const w = /written-(w\d+)/.exec(f)![1];
  const model = loadLinearModel(JSON.parse(readFileSync(`${prefix}${w}.json`, 'utf8')));
  for (const l of loadCorpus(dc + f)) {
    total++;
    const req = requestOf(l);
    const c = classifyLocal(req, model).classification;
    if (c.intent === l.intent) continue;
    const a = analyseByRules(req);
    const p = model.predict({ n: a.n, locale: l.locale, signals: a.signals });
    const pr = p.intent === l.intent ? (p.confidence >= 0.6 ? 'model-right≥.6' : p.confidence >= 0.4 ? 'model-right.4-.6' : 'model-right<.4') : 'model-wrong';
    const rulesSure = a.result.confidence >= 0.75 && a.result.intent !== 'other';
    const key = `${l.locale} ${c.tier}${c.tier === 'rules' ? (rulesSure ? '(sure)' : '(unsure)') : ''} got=${c.intent === 'other' ? 'other' : 'intent'} ${pr}`;
    buckets.set(key, (buckets.get(key) ?? 0) + 1);
    lines.push(`${w} ${key} want ${l.intent} got ${c.intent} (${c.rule}) model ${p.intent} ${p.confidence.toFixed(2)}  ${JSON.stringify(l.text.slice(0, 80))}`);
  }
}
console.log(`${total} lines, ${lines.length} missed`);
for (const [k, n] of [...buckets].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(4)}  ${k}`);
if (process.argv.includes('--lines')) for (const l of lines.sort()) console.log(l);
