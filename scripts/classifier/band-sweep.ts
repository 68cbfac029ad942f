/**
 * The opt-out band's threshold (DEFAULT_TIER_POLICY.stopBand, the model's P(stop) above which a non-stop answer is
 * flagged optOutSuspected: no more reminders) against what it costs: per variant, over every retired held-out / dev set
 * and every writer's lines, the opt-outs that end outside the band (missed) and the non-stop lines flagged (held).
 *
 *   npx tsx scripts/classifier/band-sweep.ts 0.2 0.15 0.1 0.05 [--sets=holdout-19,holdout-20]
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../src/classify/evaluate.js';
import { defaultModel } from '../../src/classify/model/default.js';
import { classifyLocal, DEFAULT_TIER_POLICY } from '../../src/classify/tiers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const only = process.argv.find((a) => a.startsWith('--sets='))?.slice(7).split(',');
const files = [
  ...readdirSync(`${root}test/fixtures/`).filter((f) => /^(holdout-\d+|replies)\.(ja|en)\.jsonl$/.test(f)).map((f) => `${root}test/fixtures/${f}`),
  ...readdirSync(`${root}data/classifier/`).filter((f) => /^(dev-\d+|written-w\d+)\.(ja|en)\.jsonl$/.test(f)).map((f) => `${root}data/classifier/${f}`),
].filter((f) => !only || only.some((s) => f.includes(`/${s}.`)));
const thresholds = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number);
for (const band of thresholds.length ? thresholds : [DEFAULT_TIER_POLICY.stopBand]) {
  const policy = { ...DEFAULT_TIER_POLICY, stopBand: band };
  let stops = 0, missed = 0, others = 0, held = 0;
  const missedLines: string[] = [];
  for (const f of files) for (const l of loadCorpus(f)) {
    const c = classifyLocal({ text: l.text, locale: l.locale, now: l.now, timezone: l.timezone, ...(l.context && { context: l.context }) }, defaultModel(), policy).classification;
    const inBand = c.intent === 'stop' || c.optOutSuspected;
    if (l.intent === 'stop') { stops++; if (!inBand) { missed++; missedLines.push(`${f.split('/').pop()}: ${l.text}`); } }
    else { others++; if (inBand) held++; }
  }
  console.log(`stopBand ${band}: opt-outs outside the band ${missed} / ${stops}; non-stop lines held (stop or suspected) ${held} / ${others} (${((100 * held) / others).toFixed(2)} %)`);
  if (process.argv.includes('--list')) for (const m of missedLines) console.log(`  ${m}`);
}
