/**
 * Where a webhook ack's time goes inside the app (issue #12, ack17), from the trace the app writes with
 * SAISOKU_TRACE=<file> (src/shared/trace.ts; the 'hook' and 'ack' lines of the Twilio inbound route):
 *
 *   SAISOKU_TRACE=/tmp/t.jsonl npm run bench -- --quick --only=reply --rates=200 --step-s=10 --grow-to=0 --conversations=6500 --out=x
 *   npx tsx bench/ack-trace.ts /tmp/t.jsonl [--from=<ms epoch>]
 *
 * Per webhook: v (verify + parse: body read, HMAC), q (queued for a group-commit batch: the previous
 * batch's write, or the coalescer's turn), db (the batch's one statement: a pool connection, its execution
 * and commit), res (the batch answered → this caller resumes: the event loop), wk (the drain's wake). The
 * slowest 1 % of handlers with their mean stages, and the event loop's delay and GC per second over the span.
 * The bench's ack (from each webhook's scheduled send) also holds the time before the handler runs (the
 * socket read and Hono's routing, behind whatever holds the loop).
 */
import { readFileSync } from 'node:fs';
import { firstIndex, percentile, sortNumbers } from './lib/stats';

type Ev = { ev: string; t: number; h0?: number; v?: number; in?: number; a0?: number; q?: number; db?: number; res?: number; wk?: number; n?: number; p99?: number; max?: number; gcMs?: number; gcMax?: number; gcMajor?: number; cls?: number; tx?: number; chk?: number };

const file = process.argv[2];
if (!file) throw new Error('usage: ack-trace.ts <trace.jsonl> [--from=<ms>]');
const evs: Ev[] = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Ev);
const hooks = evs.filter((e) => e.ev === 'hook').sort((a, b) => a.h0! - b.h0!);
// By default the last run of webhooks after a pause of over a second (the counted step, after the warm-up and idle probe).
let from = 0;
for (let i = 1; i < hooks.length; i++) if (hooks[i]!.h0! - hooks[i - 1]!.h0! > 1000) from = hooks[i]!.h0!;
const fromArg = process.argv.find((a) => a.startsWith('--from='))?.slice(7);
if (fromArg !== undefined) from = Number(fromArg);
const acks = evs.filter((e) => e.ev === 'ack' && e.a0! >= from - 5).sort((a, b) => a.a0! - b.a0!);
const hs = hooks.filter((h) => h.h0! >= from);
const to = hs.length ? hs[hs.length - 1]!.h0! + 1000 : from;

/** The ack line of a handler: its ingest started (a0) at the handler's h0 + v, in the same synchronous turn. */
function ackOf(h: Ev): Ev | undefined {
  const want = h.h0! + h.v!;
  const a = acks[firstIndex(acks.length, (i) => acks[i]!.a0! >= want - 0.5)];
  return a && Math.abs(a.a0! - want) <= 0.5 ? a : undefined;
}

const pct = (xs: number[], p: number) => percentile(sortNumbers(xs), p);
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const rows = hs.map((h) => ({ h, a: ackOf(h), total: h.v! + h.in! }));
const joined = rows.filter((r) => r.a && r.a.q! >= 0);
console.log(`${hs.length} webhooks from ${new Date(from).toISOString()} (${joined.length} joined to their ack line)`);
const stage = (name: string, xs: number[]) => console.log(`  ${name.padEnd(34)} p50 ${f(pct(xs, 50)).padStart(6)}  p90 ${f(pct(xs, 90)).padStart(6)}  p99 ${f(pct(xs, 99)).padStart(6)}  max ${f(Math.max(...xs)).padStart(6)} ms`);
stage('handler (v + in)', rows.map((r) => r.total));
stage('v: verify + parse', rows.map((r) => r.h.v!));
stage('q: queued for a batch', joined.map((r) => r.a!.q!));
stage('db: the batch statement', joined.map((r) => r.a!.db!));
stage('res: answered → resumed', joined.map((r) => r.a!.res!));
stage('wk: wake', joined.map((r) => r.a!.wk!));
stage('batch size (rows)', joined.map((r) => r.a!.n!));
// The slowest 1 % of handlers: their mean stages.
const slow = [...joined].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.ceil(joined.length / 100)));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
console.log(`slowest 1 % (${slow.length}): handler ${f(mean(slow.map((r) => r.total)))} = v ${f(mean(slow.map((r) => r.h.v!)))} + q ${f(mean(slow.map((r) => r.a!.q!)))} + db ${f(mean(slow.map((r) => r.a!.db!)))} + res ${f(mean(slow.map((r) => r.a!.res!)))} + wk ${f(mean(slow.map((r) => r.a!.wk!)))} ms; batch ${f(mean(slow.map((r) => r.a!.n!)))} rows`);
for (const r of slow.slice(0, 8)) console.log(`  at +${f(r.h.h0! - from)} ms: handler ${f(r.total)} = v ${f(r.h.v!)} q ${f(r.a!.q!)} db ${f(r.a!.db!)} res ${f(r.a!.res!)} wk ${f(r.a!.wk!)} (batch ${r.a!.n})`);
// The event loop and GC per second over the span, and the drain rounds' synchronous stretches.
const eld = evs.filter((e) => e.ev === 'eld' && e.t >= from && e.t <= to + 1000);
console.log(`event loop per second (monitorEventLoopDelay, 5 ms resolution): p99 ${eld.map((e) => f(e.p99!)).join(' ')}`);
console.log(`                                                      max ${eld.map((e) => f(e.max!)).join(' ')}`);
console.log(`GC ms per second ${eld.map((e) => f(e.gcMs!)).join(' ')}; longest pause per second ${eld.map((e) => f(e.gcMax!)).join(' ')}; full GCs ${eld.reduce((s, e) => s + (e.gcMajor ?? 0), 0)}`);
const rounds = evs.filter((e) => e.ev === 'round' && e.t >= from && e.t <= to);
if (rounds.length) {
  console.log(`drain rounds: ${rounds.length}; classify p50/p99/max ${f(pct(rounds.map((r) => r.cls!), 50))}/${f(pct(rounds.map((r) => r.cls!), 99))}/${f(Math.max(...rounds.map((r) => r.cls!)))} ms; transaction ${f(pct(rounds.map((r) => r.tx!), 50))}/${f(pct(rounds.map((r) => r.tx!), 99))}/${f(Math.max(...rounds.map((r) => r.tx!)))} ms; after commit ${f(pct(rounds.map((r) => r.chk!), 50))}/${f(pct(rounds.map((r) => r.chk!), 99))} ms; conversations p50/max ${pct(rounds.map((r) => r.n!), 50)}/${Math.max(...rounds.map((r) => r.n!))}`);
}
