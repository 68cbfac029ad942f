/**
 * Where a reply's time goes inside the app (issue #12, decision 0127), from the trace the app writes
 * with SAISOKU_TRACE=<file> (src/shared/trace.ts: wall-clock ms, ids only):
 *
 *   SAISOKU_TRACE=/tmp/t.jsonl npm run bench -- --quick --only=reply --rates=100,200 --out=x
 *   npx tsx bench/reply-trace.ts /tmp/t.jsonl [--from=<ms epoch>]
 *
 * Per reply (joined by conversation id): stored (the webhook's group commit) → the start of the round
 * that applied it (wait) → that round's commit (round: classification, claim, writes, commit) →
 * the start of its delivery (slot) → the claim's commit (claim) → the provider call (call: the last
 * STOP check and the pacing). The fake provider's receipt and the webhook's answer are the bench's.
 * Also the event loop's delay (monitorEventLoopDelay, per second) over the same span.
 */
import { readFileSync } from 'node:fs';

type Ev = { ev: string; t: number; c?: string; t0?: number; t1?: number; cls?: number; tx?: number; n?: number; convs?: string[]; p99?: number; max?: number; gcMs?: number; gcMax?: number; gcMajorMs?: number; gcMajor?: number };

const file = process.argv[2];
if (!file) throw new Error('usage: reply-trace.ts <trace.jsonl> [--from=<ms>]');
const evs: Ev[] = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Ev);
/**
 * From: --from=<ms epoch>, or by default the first reply stored after a pause of over a second (the
 * bench's warm-up step, then its idle probe): the warm-up's cold replies are not the step's.
 */
const storedTimes = evs.filter((e) => e.ev === 'stored').map((e) => e.t).sort((a, b) => a - b);
const pause = storedTimes.findIndex((t, i) => i > 0 && t - storedTimes[i - 1]! > 1000);
const fromArg = process.argv.find((a) => a.startsWith('--from='))?.slice(7);
const from = fromArg !== undefined ? Number(fromArg) : pause > 0 ? storedTimes[pause]! : 0;

const stored = new Map<string, number>();
const calls = new Map<string, number>();
for (const e of evs) {
  if (e.ev === 'stored' && e.c && !stored.has(e.c)) stored.set(e.c, e.t);
  if (e.ev === 'call' && e.c && !calls.has(e.c)) calls.set(e.c, e.t);
}
const rounds = evs.filter((e) => e.ev === 'round').map((r) => ({ ...r, commit: r.t0! + r.cls! + r.tx! }));
const delivs = evs.filter((e) => e.ev === 'deliv');

const parts: Record<'wait' | 'round' | 'slot' | 'claim' | 'call' | 'total', number[]> = { wait: [], round: [], slot: [], claim: [], call: [], total: [] };
/** Per reply: when it was stored (ms after `from`), its total, and the size of the delivery that sent it. */
const each: Array<{ at: number; total: number; call: number; rows: number }> = [];
for (const [c, s] of stored) {
  if (s < from) continue;
  const call = calls.get(c);
  const d = delivs.find((x) => x.convs!.includes(c) && x.t0! >= s);
  if (call === undefined || !d) continue;
  // The round that applied it: the last one holding it that committed before its delivery started.
  const r = rounds.filter((x) => x.convs!.includes(c) && x.commit <= d.t0! + 1 && x.t >= s).at(-1);
  if (!r) continue;
  parts.wait.push(Math.max(0, r.t0! - s));
  parts.round.push(r.commit - Math.max(r.t0!, s));
  parts.slot.push(Math.max(0, d.t0! - r.commit));
  parts.claim.push(d.t1! - d.t0!);
  parts.call.push(call - d.t1!);
  parts.total.push(call - s);
  each.push({ at: s - from, total: call - s, call: call - d.t1!, rows: d.n! });
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
console.log(`${parts.total.length} replies traced (stored → provider call, ms)${from ? `, from ${new Date(from).toISOString()}` : ''}`);
console.log('| part | p50 | p90 | p99 | mean |');
console.log('| --- | --- | --- | --- | --- |');
for (const [k, xs] of Object.entries(parts)) console.log(`| ${k} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 90).toFixed(1)} | ${pct(xs, 99).toFixed(1)} | ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)} |`);
const sizes = rounds.filter((r) => r.t0! >= from).map((r) => r.n!);
console.log(`rounds: ${sizes.length}, conversations per round p50 ${pct(sizes, 50)}, max ${Math.max(...sizes)}`);
const eld = evs.filter((e) => e.ev === 'eld' && e.t >= from);
console.log(`event-loop delay per second: p99 of the seconds' p99 ${pct(eld.map((e) => e.p99!), 99).toFixed(1)} ms, worst max ${Math.max(...eld.map((e) => e.max!)).toFixed(1)} ms`);
const gc = eld.filter((e) => e.gcMs !== undefined);
if (gc.length) console.log(`GC: ${(gc.reduce((a, e) => a + e.gcMs!, 0) / gc.length).toFixed(1)} ms per second on average, worst second ${Math.max(...gc.map((e) => e.gcMs!)).toFixed(1)} ms, longest pause ${Math.max(...gc.map((e) => e.gcMax!)).toFixed(1)} ms`);
const major = gc.filter((e) => e.gcMajor !== undefined);
if (major.length) console.log(`of which full GCs: ${major.reduce((a, e) => a + e.gcMajor!, 0)} in ${major.length} s, ${(major.reduce((a, e) => a + e.gcMajorMs!, 0) / major.length).toFixed(1)} ms per second on average`);
// The tail: the slowest 1 % of replies, by the second of the step they were stored in (a start-up ramp, one hiccup, or spread).
const tail = [...each].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.floor(each.length / 100)));
const bySecond = new Map<number, number>();
for (const r of tail) bySecond.set(Math.floor(r.at / 1000), (bySecond.get(Math.floor(r.at / 1000)) ?? 0) + 1);
console.log(`slowest 1 % (${tail.length}) by the second they were stored in: ${[...bySecond].sort((a, b) => a[0] - b[0]).map(([k, v]) => `s${k}: ${v}`).join(', ')}`);
// The call stage against the delivery's size (the provider calls of one delivery share a bounded number of slots).
const sizes2 = [[1, 16], [16, 32], [32, 64], [64, Infinity]] as const;
console.log(`call stage by delivery size (rows): ${sizes2.map(([lo, hi]) => { const xs = each.filter((r) => r.rows >= lo && r.rows < hi).map((r) => r.call); return `${lo}–${hi === Infinity ? '' : hi - 1}: ${xs.length} replies, p50 ${pct(xs, 50).toFixed(1)} p99 ${pct(xs, 99).toFixed(1)}`; }).join('; ')}`);
