/**
 * The first seconds of a reply step, bin by bin (k18, decision 0174), from the trace the app writes with
 * SAISOKU_TRACE=<file> (src/shared/trace.ts): where a start backlog builds — the webhooks (handled, stored),
 * the drain's rounds (how many, their size and time), the deliveries and the provider calls — and the
 * event loop's delay and GC per second.
 *
 *   npx tsx bench/start-trace.ts <trace.jsonl> [--from=<ms epoch>] [--bin-ms=250] [--bins=24]
 *
 * From: --from, or the first reply stored after a pause of over a second (as bench/reply-trace.ts).
 * "behind" = stored so far − provider calls so far (replies inside the app at the bin's end).
 */
import { readFileSync } from 'node:fs';
import { cliArgs } from './lib/args';
import { firstIndex } from './lib/stats';

type Ev = { ev: string; t: number; c?: string; t0?: number; t1?: number; cls?: number; tx?: number; n?: number; h0?: number; v?: number; in?: number; p99?: number; max?: number; gcMs?: number; busy?: number };

const cli = cliArgs();
const file = cli.file('start-trace.ts <trace.jsonl> [--from=<ms>] [--bin-ms=250] [--bins=24]');
const arg = cli.value;
const evs: Ev[] = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Ev);
const storedTimes = evs.filter((e) => e.ev === 'stored').map((e) => e.t).sort((a, b) => a - b);
const pause = storedTimes.findIndex((t, i) => i > 0 && t - storedTimes[i - 1]! > 1000);
const from = arg('from') !== undefined ? Number(arg('from')) : pause > 0 ? storedTimes[pause]! : storedTimes[0]!;
const binMs = Number(arg('bin-ms') ?? 250);
const bins = Number(arg('bins') ?? 24);
const bin = (t: number) => Math.floor((t - from) / binMs);
type Row = { hooks: number; hookMs: number; stored: number; rounds: number; roundN: number; roundMs: number; deliv: number; delivN: number; claimMs: number; calls: number };
const rows: Row[] = Array.from({ length: bins }, () => ({ hooks: 0, hookMs: 0, stored: 0, rounds: 0, roundN: 0, roundMs: 0, deliv: 0, delivN: 0, claimMs: 0, calls: 0 }));
const at = (t: number) => {
  const b = bin(t);
  return b >= 0 && b < bins ? rows[b] : undefined;
};
let storedBefore = 0;
let callsBefore = 0;
const seen = new Set<string>();
const called = new Set<string>();
/** A conversation's first `stored` (or `call`) event, once: true when it came before `from`, else counted in its bin. */
const firstBefore = (once: Set<string>, e: Ev, field: 'stored' | 'calls'): boolean => {
  once.add(e.c!);
  if (e.t < from) return true;
  const r = at(e.t);
  if (r) r[field]++;
  return false;
};
for (const e of evs) {
  if (e.ev === 'hook') {
    const r = at(e.h0!);
    if (r) (r.hooks++, (r.hookMs += e.v! + e.in!));
  } else if (e.ev === 'stored' && e.c && !seen.has(e.c)) {
    if (firstBefore(seen, e, 'stored')) storedBefore++;
  } else if (e.ev === 'round') {
    const r = at(e.t0!);
    if (r) (r.rounds++, (r.roundN += e.n!), (r.roundMs += e.cls! + e.tx!));
  } else if (e.ev === 'deliv') {
    const r = at(e.t0!);
    if (r) (r.deliv++, (r.delivN += e.n!), (r.claimMs += e.t1! - e.t0!));
  } else if (e.ev === 'call' && e.c && !called.has(e.c)) {
    if (firstBefore(called, e, 'calls')) callsBefore++;
  }
}
const eld = evs.filter((e) => e.ev === 'eld');
console.log(`from ${new Date(from).toISOString()}, bins of ${binMs} ms; in the app before: ${storedBefore - callsBefore}`);
console.log('| bin (ms) | hooks handled | hook ms mean | stored | rounds | convs per round | round ms mean | deliveries | rows per delivery | claim ms mean | calls | behind at end | loop delay p99 / max ms (its second) | GC ms (its second) | loop busy % (its second) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
let behind = storedBefore - callsBefore;
rows.forEach((r, i) => {
  behind += r.stored - r.calls;
  const end = from + (i + 1) * binMs;
  const e = eld.find((x) => x.t >= end - binMs && x.t < end + 1000 - binMs) ;
  const m = (a: number, n: number) => (n ? (a / n).toFixed(1) : '–');
  console.log(`| ${i * binMs}–${(i + 1) * binMs} | ${r.hooks} | ${m(r.hookMs, r.hooks)} | ${r.stored} | ${r.rounds} | ${m(r.roundN, r.rounds)} | ${m(r.roundMs, r.rounds)} | ${r.deliv} | ${m(r.delivN, r.deliv)} | ${m(r.claimMs, r.deliv)} | ${r.calls} | ${behind} | ${e ? `${e.p99!.toFixed(0)} / ${e.max!.toFixed(0)}` : '–'} | ${e?.gcMs !== undefined ? e.gcMs.toFixed(0) : '–'} | ${e?.busy !== undefined ? (e.busy * 100).toFixed(0) : '–'} |`);
});

// Replies inside the app at a few moments after `from`, by stage: stored but their round not committed, committed
// but their delivery not started, in a delivery but not yet called.
const appliedAt = new Map<string, number>();
const delivAt = new Map<string, number>();
const storedAt = new Map<string, number>();
const calledAt = new Map<string, number>();
for (const e of evs) {
  const convs = (e as Ev & { convs?: string[] }).convs ?? [];
  if (e.ev === 'stored' && e.c && !storedAt.has(e.c)) storedAt.set(e.c, e.t);
  if (e.ev === 'round') {
    for (const c of convs) if (!appliedAt.has(c)) appliedAt.set(c, e.t0! + e.cls! + e.tx!);
  }
  if (e.ev === 'deliv') {
    for (const c of convs) if (!delivAt.has(c)) delivAt.set(c, e.t0!);
  }
  if (e.ev === 'call' && e.c && !calledAt.has(e.c)) calledAt.set(e.c, e.t);
}
console.log('\n| s after from | waiting for a round (stored, not committed) | committed, waiting for a delivery | in a delivery, not yet called |');
console.log('| --- | --- | --- | --- |');
for (const s of [0.5, 1, 1.5, 2, 3, 4, 6, 8, 10, 12]) {
  const T = from + s * 1000;
  let a = 0;
  let b = 0;
  let c = 0;
  for (const [k, st] of storedAt) {
    if (st < from || st > T || (calledAt.get(k) ?? Infinity) <= T) continue;
    if ((appliedAt.get(k) ?? Infinity) > T) a++;
    else if ((delivAt.get(k) ?? Infinity) > T) b++;
    else c++;
  }
  console.log(`| ${s} | ${a} | ${b} | ${c} |`);
}

// The send stage bin by bin (start19, decision 0178; needs the 'ans' event, written since start19): provider
// answers, their round trip (call → answer), calls in flight and deliveries past their claim at the bin's end.
const ans = evs.filter((e) => e.ev === 'ans') as Array<Ev & { k0: number }>;
if (ans.length) {
  const delivs = evs.filter((e) => e.ev === 'deliv');
  const callT = evs.filter((e) => e.ev === 'call').map((e) => e.t).sort((a, b) => a - b);
  const ansT = ans.map((e) => e.t).sort((a, b) => a - b);
  const countTo = (xs: number[], T: number) => firstIndex(xs.length, (i) => xs[i]! > T);
  console.log('\n| bin (ms) | answers | round trip ms mean / max | calls in flight at end | deliveries claiming / sending at end | hand-offs (rows) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (let i = 0; i < bins; i++) {
    const a = from + i * binMs;
    const b = a + binMs;
    const inBin = ans.filter((e) => e.t >= a && e.t < b);
    const rtt = inBin.map((e) => e.t - e.k0);
    const claiming = delivs.filter((d) => d.t0! <= b && d.t1! > b).length;
    const sending = delivs.filter((d) => d.t1! <= b && d.t > b).length;
    const hands = evs.filter((e) => e.ev === 'hand' && e.t >= a && e.t < b);
    console.log(`| ${i * binMs}–${(i + 1) * binMs} | ${inBin.length} | ${rtt.length ? `${(rtt.reduce((x, y) => x + y, 0) / rtt.length).toFixed(1)} / ${Math.max(...rtt).toFixed(0)}` : '–'} | ${countTo(callT, b) - countTo(ansT, b)} | ${claiming} / ${sending} | ${hands.length} (${hands.reduce((x, e) => x + (e.n ?? 0), 0)}) |`);
  }
}
