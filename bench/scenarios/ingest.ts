/**
 * Scenario 1 — webhook ingest. Twilio-shaped, signed form POSTs at fixed arrival rates (open loop) to
 * one child process per variant; variants alternate and the order reverses each round. Then a short
 * closed-loop capacity probe per variant (req/s at saturation, comparable to the anchor figures).
 */
import type { Child } from '../lib/child';
import { closedLoop, openLoop, type OpenLoopResult, type Req } from '../lib/loadgen';
import { orderFor, round, sleep, summarise, type Summary } from '../lib/stats';
import { INBOUND_PATH, jpPhone, makeSigner, type TwilioCreds } from '../lib/twilio-body';

export const OPEN_LOOP_VARIANTS = ['raw', 'hono-bare', 'hono-hmac', 'full'] as const;
export const PROBE_VARIANTS = ['raw', 'hono-bare', 'hono-text', 'hono-parsebody', 'hono-hmac', 'full'] as const;
export const LABEL: Record<string, string> = {
  raw: 'node:http',
  'hono-bare': 'A: Hono bare',
  'hono-text': 'Hono text()+URLSearchParams',
  'hono-parsebody': 'Hono parseBody()',
  'hono-hmac': 'B: Hono parse+HMAC',
  full: 'C: full ingest',
};
export const SEEDED_DEBTORS = 50;
const KNEE_MS = 50;

export interface IngestOptions {
  rates: number[];
  durationS: number;
  rounds: number;
  warmupS: number;
  probeS: number;
  probeRounds: number;
  probeConcurrency: number;
  log: (s: string) => void;
}

type Run = OpenLoopResult & { round: number; variant: string; serverCpuUsPerReq: number };

function requestBuilder(creds: TwilioCreds, texts: string[], variant: string) {
  const phones = Array.from({ length: SEEDED_DEBTORS }, (_, i) => jpPhone(i).e164);
  const signer = makeSigner(creds, phones, texts);
  const toReq = (r: { body: string; signature: string }): Req => ({
    path: INBOUND_PATH,
    body: r.body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': r.signature },
  });
  if (variant === 'full') return (i: number) => toReq(signer.next(i)); // every MessageSid new: no dedupe short-cut
  const pool = Array.from({ length: 4096 }, (_, i) => toReq(signer.next(i)));
  return (i: number) => pool[i % pool.length]!;
}

export async function runIngest(children: Record<string, Child>, creds: TwilioCreds, texts: string[], o: IngestOptions) {
  const runs: Run[] = [];
  const one = async (variant: string, rate: number, durationS: number, roundIndex: number) => {
    const c = children[variant]!;
    const build = requestBuilder(creds, texts, variant);
    const cpu0 = await c.cpuUs();
    const r = await openLoop({ origin: c.origin, rate, durationS, build });
    const cpu1 = await c.cpuUs();
    await sleep(300); // let the child settle (GC, Postgres autovacuum) before the next variant
    return { ...r, round: roundIndex, variant, serverCpuUsPerReq: round((cpu1 - cpu0) / Math.max(1, r.ok + r.errors), 1) };
  };

  o.log(`ingest: warm-up ${o.warmupS}s per variant`);
  for (const v of OPEN_LOOP_VARIANTS) await one(v, o.rates[0]!, o.warmupS, -1);

  for (let r = 0; r < o.rounds; r++) {
    for (const rate of r % 2 === 0 ? o.rates : [...o.rates].reverse()) {
      for (const v of orderFor(OPEN_LOOP_VARIANTS, r)) {
        const run = await one(v, rate, o.durationS, r);
        runs.push(run);
        o.log(`ingest r${r} ${String(rate).padStart(4)}/s ${LABEL[v]!.padEnd(22)} p50 ${run.p50Ms.toFixed(2).padStart(7)} ms  p99 ${run.p99Ms.toFixed(2).padStart(8)} ms  ok ${run.ok}/${run.sent} err ${run.errors} shed ${run.shed}  cpu ${run.serverCpuUsPerReq} µs/req`);
      }
    }
  }

  // Per variant and rate: medians (min–max) over rounds.
  const cell = (v: string, rate: number) => runs.filter((x) => x.variant === v && x.rate === rate && x.round >= 0);
  const perVariant: Record<string, Record<number, { p50Ms: Summary; p99Ms: Summary; achievedRps: Summary; serverCpuUsPerReq: Summary; sendLagP50Ms: Summary; sendLagP99Ms: Summary; errors: number; shed: number }>> = {};
  for (const v of OPEN_LOOP_VARIANTS) {
    perVariant[v] = {};
    for (const rate of o.rates) {
      const xs = cell(v, rate);
      perVariant[v]![rate] = {
        p50Ms: summarise(xs.map((x) => x.p50Ms)),
        p99Ms: summarise(xs.map((x) => x.p99Ms)),
        achievedRps: summarise(xs.map((x) => x.achievedRps)),
        serverCpuUsPerReq: summarise(xs.map((x) => x.serverCpuUsPerReq)),
        sendLagP50Ms: summarise(xs.map((x) => x.sendLagP50Ms)),
        sendLagP99Ms: summarise(xs.map((x) => x.sendLagP99Ms)),
        errors: xs.reduce((a, x) => a + x.errors, 0),
        shed: xs.reduce((a, x) => a + x.shed, 0),
      };
    }
  }
  // Ratios per round (same round, same rate, side by side), then median and min–max.
  const ratio = (num: string, den: string, rate: number, k: 'p50Ms' | 'p99Ms' | 'achievedRps' | 'serverCpuUsPerReq') =>
    summarise(
      Array.from({ length: o.rounds }, (_, r) => {
        const a = runs.find((x) => x.round === r && x.rate === rate && x.variant === num);
        const b = runs.find((x) => x.round === r && x.rate === rate && x.variant === den);
        return a && b ? a[k] / b[k] : NaN;
      }),
    );
  const ratios: Record<number, Record<string, Summary>> = {};
  for (const rate of o.rates) {
    ratios[rate] = {
      'C/A p50': ratio('full', 'hono-bare', rate, 'p50Ms'),
      'C/A p99': ratio('full', 'hono-bare', rate, 'p99Ms'),
      'C/node:http p99': ratio('full', 'raw', rate, 'p99Ms'),
      'B/A p50': ratio('hono-hmac', 'hono-bare', rate, 'p50Ms'),
      'A/raw p50': ratio('hono-bare', 'raw', rate, 'p50Ms'),
      'C/A server CPU per request': ratio('full', 'hono-bare', rate, 'serverCpuUsPerReq'),
      'B/A server CPU per request': ratio('hono-hmac', 'hono-bare', rate, 'serverCpuUsPerReq'),
    };
  }
  const knee: Record<string, { rate: number | null; lastPassing: number | null; note: string }> = {};
  for (const v of OPEN_LOOP_VARIANTS) {
    const failing = o.rates.find((rate) => perVariant[v]![rate]!.p99Ms.median > KNEE_MS);
    const passing = o.rates.filter((rate) => perVariant[v]![rate]!.p99Ms.median <= KNEE_MS);
    knee[v] = {
      rate: failing ?? null,
      lastPassing: passing.length ? Math.max(...passing) : null,
      note: failing ? `median p99 passes ${KNEE_MS} ms at ${failing} req/s` : `median p99 stays under ${KNEE_MS} ms up to ${Math.max(...o.rates)} req/s`,
    };
  }
  const kneeRate = knee.full!.rate ?? Math.max(...o.rates);
  const throughputAtKnee = { rate: kneeRate, cKneeFound: knee.full!.rate !== null, 'C/A achieved throughput': ratio('full', 'hono-bare', kneeRate, 'achievedRps') };

  // Capacity probe (closed loop): alternate variants, reversed each round.
  o.log(`ingest: closed-loop capacity probe, ${o.probeS}s × ${o.probeRounds} rounds per variant, ${o.probeConcurrency} connections`);
  const probeRuns: Array<{ round: number; variant: string; rps: number; errors: number }> = [];
  for (let r = 0; r < o.probeRounds; r++) {
    for (const v of orderFor(PROBE_VARIANTS, r)) {
      const res = await closedLoop({ origin: children[v]!.origin, concurrency: o.probeConcurrency, durationS: o.probeS, build: requestBuilder(creds, texts, v), maxRequests: 200_000 });
      probeRuns.push({ round: r, variant: v, rps: res.rps, errors: res.errors });
      o.log(`probe r${r} ${LABEL[v]!.padEnd(28)} ${res.rps} req/s (errors ${res.errors})`);
      await sleep(300);
    }
  }
  const probe: Record<string, Summary> = {};
  for (const v of PROBE_VARIANTS) probe[v] = summarise(probeRuns.filter((x) => x.variant === v).map((x) => x.rps));
  const pr = (a: string, b: string) =>
    summarise(Array.from({ length: o.probeRounds }, (_, r) => (probeRuns.find((x) => x.round === r && x.variant === a)?.rps ?? NaN) / (probeRuns.find((x) => x.round === r && x.variant === b)?.rps ?? NaN)));
  const probeRatios = {
    'parseBody() / text()+URLSearchParams': pr('hono-parsebody', 'hono-text'),
    'A / node:http': pr('hono-bare', 'raw'),
    'B / A': pr('hono-hmac', 'hono-bare'),
    'C / A': pr('full', 'hono-bare'),
  };
  return { perVariant, ratios, knee, throughputAtKnee, probe, probeRatios, runs, probeRuns };
}
