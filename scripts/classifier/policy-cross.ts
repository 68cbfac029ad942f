/**
 * Round 7: tier-policy variants on the cross-writer split. Each writer's lines (data/classifier/written-wN) are
 * scored with the model trained without them (/tmp/round7-no-wN.json or --prefix=<path-prefix>, from
 * `npx tsx scripts/classifier/train.ts --written=<the others> --out=/tmp/round7-no-wN.json`), under:
 *
 *   base            DEFAULT_TIER_POLICY
 *   overrule@x      the model overrules a sure rules answer at p ≥ x (never stop/start, not when the rules found an entity)
 *   demote<p        rules whose sure answers were right < p of the time (n ≥ 4) on the OTHER writers (leave one writer
 *                   out: the list used on wN never saw wN) are not sure; the model decides them at ≥ modelSure
 *
 *   npx tsx scripts/classifier/policy-cross.ts [--old=<model.json>]   (--old: also score every old held-out/dev set
 *                                                                      with that model under each variant)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluate, loadCorpus, type CorpusLine, type Report } from '../../src/classify/evaluate.js';
import { loadLinearModel, type LinearModel } from '../../src/classify/model/linear.js';
import { analyseByRules } from '../../src/classify/rules/index.js';
import { classifyLocal, DEFAULT_TIER_POLICY, type TierPolicy } from '../../src/classify/tiers.js';
import { addReport, emptyTally } from './tally.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dc = `${root}data/classifier/`;
const fx = `${root}test/fixtures/`;
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const load = (p: string): LinearModel => loadLinearModel(JSON.parse(readFileSync(p, 'utf8')));

const writers = [...new Set(readdirSync(dc).flatMap((f) => /^written-(w\d+)\.(?:ja|en)\.jsonl$/.exec(f)?.[1] ?? []))].sort();
const data = new Map(writers.map((w) => [w, { ja: loadCorpus(`${dc}written-${w}.ja.jsonl`), en: loadCorpus(`${dc}written-${w}.en.jsonl`), model: load(`${arg('prefix') ?? '/tmp/round7-no-'}${w}.json`) }]));

/** Each sure rule's right / total on these lines with this model's tiers off (the rules alone decide what is sure). */
function rulePrecision(lines: CorpusLine[], into: Map<string, [number, number]>): void {
  for (const l of lines) {
    if (l.context) continue;
    const a = analyseByRules({ text: l.text, locale: l.locale, now: l.now, timezone: l.timezone });
    const r = a.result;
    if (a.keyword || r.intent === 'other' || r.confidence < DEFAULT_TIER_POLICY.rulesSure) continue;
    const v = into.get(r.rule ?? '') ?? [0, 0];
    v[1]++;
    if (r.intent === l.intent) v[0]++;
    into.set(r.rule ?? '', v);
  }
}

function demoted(exclude: string | undefined, below: number, minN = 4): Set<string> {
  const prec = new Map<string, [number, number]>();
  for (const [w, d] of data) if (w !== exclude) rulePrecision([...d.ja, ...d.en], prec);
  return new Set([...prec].filter(([, [ok, n]]) => n >= minN && ok / n < below).map(([k]) => k));
}

type Variant = { name: string; policy: (w: string | undefined) => TierPolicy };
// Round 7's trusted list (chosen on five writers), to compare with the list re-derived on seven in round 7b.
const ROUND7_TRUSTED: ReadonlySet<string> = new Set([
  'en.ack', 'ja.ack', 'ja.contact_time.ack', 'en.stop_question.ack', 'ja.stop_question.ack', 'en.never_said_stop.ack',
  'en.help.who', 'en.help.legit', 'en.help.contact_number', 'en.human.ask', 'en.human.call',
  'en.pay.balance', 'ja.pay.balance', 'en.pay.how', 'ja.pay.how',
  'en.installment.per', 'en.installment.count', 'en.installment.amounts', 'ja.installment.amounts', 'installment.amount_day_pairs',
  'en.wrong_number.whoever', 'en.hardship.story', 'ja.hardship.story',
]);
// Round 6's policy: no overrule, no rule lists.
const BASE: TierPolicy = { ...DEFAULT_TIER_POLICY, modelOverrules: 1.01, unsureRules: new Set(), trustedRules: new Set() };
const variants: Variant[] = [
  { name: 'base', policy: () => BASE },
  ...[0.95, 0.9, 0.8].map((x) => ({ name: `overrule@${x}`, policy: () => ({ ...BASE, modelOverrules: x }) })),
  ...[0.95, 0.9].map((x) => ({ name: `overrule@${x}+trusted`, policy: () => ({ ...BASE, modelOverrules: x, trustedRules: DEFAULT_TIER_POLICY.trustedRules }) })),
  ...[0.8, 0.85, 0.9].map((p) => ({ name: `demote<${p}`, policy: (w: string | undefined) => ({ ...BASE, unsureRules: demoted(w, p) }) })),
  ...[0.85, 0.9].map((p) => ({ name: `demote<${p}+ovr@.95`, policy: (w: string | undefined) => ({ ...BASE, modelOverrules: 0.95, unsureRules: demoted(w, p) }) })),
  { name: 'round7-trusted', policy: () => ({ ...DEFAULT_TIER_POLICY, trustedRules: ROUND7_TRUSTED }) },
  { name: 'shipped', policy: () => DEFAULT_TIER_POLICY },
  ...[0.8, 0.7, 0.6].map((x) => ({ name: `shipped+stopSure@${x}`, policy: () => ({ ...DEFAULT_TIER_POLICY, stopSure: x }) })),
];
for (const a of process.argv.filter((a) => a.startsWith('--only='))) {
  const keep = new RegExp(a.slice(7));
  variants.splice(0, variants.length, ...variants.filter((v) => keep.test(v.name)));
}

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '—');
const score = (lines: CorpusLine[], model: LinearModel, policy: TierPolicy): Report => evaluate(lines, (r) => classifyLocal(r, model, policy).classification);

console.log(`cross-writer (wN scored with the model trained without wN): intent ja / en, dates, false opt-outs, band recall`);
console.log('variant'.padEnd(22) + writers.map((w) => w.padStart(14)).join('') + '   all ja / en     dates   fp  band');
for (const v of variants) {
  let cells = '';
  const tot = emptyTally();
  for (const [w, d] of data) {
    const policy = v.policy(w);
    const rj = score(d.ja, d.model, policy);
    const re = score(d.en, d.model, policy);
    cells += `${pct(rj.intentCorrect, rj.total)}/${pct(re.intentCorrect, re.total)}`.padStart(14);
    addReport(tot, 'ja', rj);
    addReport(tot, 'en', re);
  }
  console.log(`${v.name.padEnd(22)}${cells}   ${pct(tot.ja[0], tot.ja[1])} / ${pct(tot.en[0], tot.en[1])}   ${pct(tot.d[0], tot.d[1])}  ${String(tot.fp).padStart(3)}  ${pct(tot.band[0], tot.band[1])}`);
}

const oldPath = arg('old');
if (oldPath) {
  const model = load(oldPath);
  const num = (f: string) => Number(/-(\d+)/.exec(f)?.[1] ?? 0);
  const sets: Array<[string, CorpusLine[]]> = [];
  for (const l of ['ja', 'en']) sets.push([`replies.${l}`, loadCorpus(`${fx}replies.${l}.jsonl`)]);
  for (const f of readdirSync(fx).filter((f) => /^holdout-\d+\.(ja|en)\.jsonl$/.test(f)).sort((a, b) => num(a) - num(b) || a.localeCompare(b))) sets.push([f.replace('.jsonl', ''), loadCorpus(fx + f)]);
  for (const f of readdirSync(dc).filter((f) => /^dev-\d+\.(ja|en)\.jsonl$/.test(f)).sort((a, b) => num(a) - num(b) || a.localeCompare(b))) sets.push([f.replace('.jsonl', ''), loadCorpus(dc + f)]);
  console.log(`\nold sets with ${model.version}: intent % (false opt-outs, dates wrong), every variant`);
  console.log('set'.padEnd(15) + variants.map((v) => v.name.padStart(20)).join(''));
  const sum: Array<[number, number, number, number]> = variants.map(() => [0, 0, 0, 0]);
  for (const [name, lines] of sets) {
    let row = name.padEnd(15);
    variants.forEach((v, i) => {
      const r = score(lines, model, v.policy(undefined));
      row += `${pct(r.intentCorrect, r.total)} (${r.stop.fp}, ${r.dates.total - r.dates.correct})`.padStart(20);
      const t = sum[i] as [number, number, number, number];
      t[0] += r.intentCorrect;
      t[1] += r.total;
      t[2] += r.stop.fp;
      t[3] += r.dates.total - r.dates.correct;
    });
    console.log(row);
  }
  console.log('all'.padEnd(15) + sum.map(([a, b, fp, dw]) => `${pct(a, b)} (${fp}, ${dw})`.padStart(20)).join(''));
  for (const v of variants) if (v.name.startsWith('demote')) console.log(`${v.name}: ${[...v.policy(undefined).unsureRules].sort().join(', ')}`);
}
