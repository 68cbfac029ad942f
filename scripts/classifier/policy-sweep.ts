/**
 * Round 8: tier-policy variants on the cross-writer split (each data/classifier/written-wN scored with the model trained
 * without wN: --prefix=<path-prefix>, default /tmp/m8-no-) and, with --old=<model.json>, on every old held-out/dev set.
 * A variant is DEFAULT_TIER_POLICY with a JSON patch (numbers, and `byLocale`):
 *
 *   npx tsx scripts/classifier/policy-sweep.ts [--prefix=…] [--old=data/classifier/model.json] \
 *     'ja-ovr.9={"byLocale":{"ja":{"modelOverrules":0.9}}}' 'guess.5={"modelGuess":0.5}'
 *
 * Prints intent ja / en, dates, false opt-outs, false re-subscribes and band recall per variant ("shipped" first).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluate, loadCorpus, type CorpusLine } from '../../src/classify/evaluate.js';
import { loadLinearModel, type LinearModel } from '../../src/classify/model/linear.js';
import { classifyLocal, DEFAULT_TIER_POLICY, type TierPolicy } from '../../src/classify/tiers.js';
import { addReport, emptyTally, type Tally } from './tally.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dc = `${root}data/classifier/`;
const fx = `${root}test/fixtures/`;
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const load = (p: string): LinearModel => loadLinearModel(JSON.parse(readFileSync(p, 'utf8')));
const prefix = arg('prefix') ?? '/tmp/m8-no-';

const variants: Array<[string, TierPolicy]> = [['shipped', DEFAULT_TIER_POLICY]];
for (const a of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
  const at = a.indexOf('=');
  variants.push([a.slice(0, at), { ...DEFAULT_TIER_POLICY, ...(JSON.parse(a.slice(at + 1)) as Partial<TierPolicy>) }]);
}

interface Tot extends Tally { fstart: number }
const empty = (): Tot => ({ ...emptyTally(), fstart: 0 });
function add(t: Tot, lines: CorpusLine[], model: LinearModel, policy: TierPolicy): void {
  const results = lines.map((l) => ({ l, c: classifyLocal({ text: l.text, locale: l.locale, now: l.now, timezone: l.timezone, ...(l.context && { context: l.context }) }, model, policy).classification }));
  const r = evaluate(lines, (req) => results.find((x) => x.l.text === req.text && x.l.locale === req.locale)!.c);
  addReport(t, lines[0]?.locale ?? 'ja', r);
  for (const { l, c } of results) if (c.intent === 'start' && l.intent !== 'start') t.fstart++;
}
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(2) : '—');
const row = (name: string, t: Tot) => `${name.padEnd(28)} ${pct(t.ja[0], t.ja[1])} / ${pct(t.en[0], t.en[1])}  all ${pct(t.ja[0] + t.en[0], t.ja[1] + t.en[1])}  dates ${pct(t.d[0], t.d[1])}  fp ${t.fp}  false-start ${t.fstart}  band ${pct(t.band[0], t.band[1])}`;

const writers = [...new Set(readdirSync(dc).flatMap((f) => /^written-(w\d+)\.(?:ja|en)\.jsonl$/.exec(f)?.[1] ?? []))].sort();
const data = writers.map((w) => ({ ja: loadCorpus(`${dc}written-${w}.ja.jsonl`), en: loadCorpus(`${dc}written-${w}.en.jsonl`), model: load(`${prefix}${w}.json`) }));
console.log(`cross-writer (${prefix}wN)`);
for (const [name, policy] of variants) {
  const t = empty();
  for (const d of data) {
    add(t, d.ja, d.model, policy);
    add(t, d.en, d.model, policy);
  }
  console.log(row(name, t));
}
const oldPath = arg('old');
if (oldPath) {
  const model = load(oldPath);
  const sets: CorpusLine[][] = [];
  for (const l of ['ja', 'en']) sets.push(loadCorpus(`${fx}replies.${l}.jsonl`));
  for (const f of readdirSync(fx).filter((f) => /^holdout-\d+\.(ja|en)\.jsonl$/.test(f))) sets.push(loadCorpus(fx + f));
  for (const f of readdirSync(dc).filter((f) => /^dev-\d+\.(ja|en)\.jsonl$/.test(f))) sets.push(loadCorpus(dc + f));
  console.log(`old sets (${oldPath})`);
  for (const [name, policy] of variants) {
    const t = empty();
    for (const s of sets) add(t, s, model, policy);
    console.log(row(name, t));
  }
}
