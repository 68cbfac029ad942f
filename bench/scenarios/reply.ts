/**
 * Scenario 2 — reply → outbound at RISING rates until the backlog grows (up to 2,000/s).
 * N conversations are loaded through the CSV import (due date weeks ahead, so no reminder is due
 * and each conversation's only outbound is the answer to its reply); then, per rate, one signed
 * reply per conversation for `stepS` seconds. t0 is the reply's scheduled send time at the generator,
 * t3 is when the answer reaches the fake Twilio (its `at`); both clocks are this process's clock.
 * Replies are matched to answers by the debtor's phone (one reply per conversation, so one answer each).
 * Baselines in the same run: the no-op pipeline with the same hops (webhook → queue → queue → POST),
 * alternating with the app at every rate; a bare one-statement transition loop on Postgres
 * (UPDATE + INSERT as one CTE, 10 concurrent, postgres.js) and `pgbench -b simple-update -c10`
 * (when the binary is there), each on a throwaway database, before and after the rates.
 * Then more conversations are loaded (full: to 100,000) and the first rate is measured again: how
 * CPU, statements and latency per reply, and the app's RSS, grow with the number of conversations.
 */
import { pgClient } from '../lib/pg';
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { printPgStats } from '../lib/pg-stats';
import { promisify } from 'node:util';
import type { FakeTwilio } from '../../test/support/fake-twilio';
import type { Child } from '../lib/child';
import { openLoop } from '../lib/loadgen';
import { median, percentile, round, sleep, sortNumbers, stepShape, seriesCell, steadyCell, steadyState, summarise, type SteadyState, type StepShape } from '../lib/stats';
import { INBOUND_PATH, jpPhone, makeSigner, type TwilioCreds } from '../lib/twilio-body';
import { campaignCsv, postImport } from './import';
import { boxDelta, boxSnapshot, pidsCpuUs, type BoxWho } from '../lib/proc-cpu';

export interface ReplyOptions {
  /** Conversations loaded before the rates (at least the replies the app's steps need). */
  conversations: number;
  /** Conversations in total for the growth step (RSS and cost per reply at N vs this). */
  growTo: number;
  rates: number[];
  stepS: number;
  /**
   * Seconds for particular rates instead of `stepS` (decision 0182): the full form runs its 1,000/s step for 30 s so
   * that `npm run bench` itself can give issue #12's "≥ 1,000 replies/s sustained" verdict (a steady part needs it).
   */
  stepSByRate?: Record<number, number>;
  /**
   * Replies per target at the first rate before the counted rates (JIT, prepared statements, pools and
   * BullMQ's scripts warm), not counted and never stopping a target: a cold first step once stopped a
   * whole run (44 of 50/s achieved). 0 = none.
   */
  warmupReplies?: number;
  log: (s: string) => void;
  drainTimeoutMs: number;
  idleProbeMs: number;
  /**
   * Seconds of replies at each step's own rate sent just before the step's counted replies, in the same
   * timetable and after the idle probe (decision 0167): the step then measures the sustained state, and
   * these first seconds after the idle gap are reported apart as `lead`. 0 = the old shape: idle probe, then
   * the counted step from a standstill. bench/run.ts sets 2 (decision 0167).
   */
  leadS?: number;
  /**
   * Experiment (decision 0167): a pause of this many ms between the lead and the counted step inside the same
   * timetable (the same connections, requests built before) — the idle gap without the generator's own restart.
   */
  leadGapMs?: number;
  /** Transitions per round of the bare CTE loop; pgbench seconds. */
  cteTransitions: number;
  pgbenchS: number;
}

const APP_PREFIX = '80';
const BASE_PREFIX = '90';
const PGBENCH = '/usr/lib/postgresql/15/bin/pgbench';

async function until(pred: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (pred()) return true;
    await sleep(25);
  }
  return pred();
}

/** A throwaway database next to DATABASE_URL (never `test`): its URL and a drop. */
async function throwawayDb(tag: string) {
  const url = process.env.DATABASE_URL!;
  const name = `saisoku_bench_${tag}_${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = pgClient(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * The floor for one transition: a conversation row updated and an event row inserted in ONE
 * statement (a CTE), 10 at a time from postgres.js. CPU is this process's (the bench's event loop is
 * otherwise idle while it runs).
 */
export async function cteLoop(n: number, concurrency = 10) {
  const db = await throwawayDb('cte');
  const sql = pgClient(db.url, { max: concurrency, onnotice: () => {} });
  try {
    await sql`create table conv (id int primary key, state text not null, version int not null default 0)`;
    await sql`create table events (id bigserial primary key, conv_id int not null, type text not null, data jsonb not null, at timestamptz not null default now())`;
    await sql`insert into conv (id, state) select g, 'dunning' from generate_series(1, 10000) g`;
    const one = (i: number) =>
      sql`with u as (update conv set state = ${i % 2 ? 'paid_claimed' : 'dunning'}, version = version + 1 where id = ${(i % 10000) + 1} returning id)
          insert into events (conv_id, type, data) select id, 'transition', ${sql.json({ event: 'paid', i })} from u`;
    for (let i = 0; i < 200; i++) await one(i); // warm-up, prepared
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < n) await one(next++);
    }));
    const s = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { transitions: n, perS: round(n / s, 0), cpuUsPerTransition: round((cpu.user + cpu.system) / n, 1), statementsPerTransition: 1 };
  } finally {
    await sql.end();
    await db.drop();
  }
}

/** `pgbench -b simple-update -c10` for `seconds` on a throwaway database (scale 2); null without the binary. */
export async function pgbench(seconds: number): Promise<{ tps: number; seconds: number; clients: number } | null> {
  if (!existsSync(PGBENCH) || !process.env.DATABASE_URL) return null;
  const db = await throwawayDb('pgbench');
  const run = promisify(execFile);
  try {
    await run(PGBENCH, ['-i', '-q', '-s', '2', db.url], { timeout: 120_000 });
    const { stdout } = await run(PGBENCH, ['-n', '-b', 'simple-update', '-c', '10', '-j', '2', '-T', String(seconds), db.url], { timeout: (seconds + 60) * 1000 });
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    return { tps: round(tps, 0), seconds, clients: 10 };
  } finally {
    await db.drop();
  }
}

type StepResult = {
  sent: number;
  webhookOk: number;
  webhookP99Ms: number;
  /** The webhook ack's median (ack17), beside its p99. */
  webhookP50Ms?: number;
  /** The generator's own lateness: each webhook's actual send − its scheduled t0 (counted in every latency). */
  sendLag: { p50Ms: number; p99Ms: number; maxMs: number };
  answered: number;
  drained: boolean;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  achievedPerS: number;
  backlogGrowth: number;
  serverCpuUsPerReply: number;
  serverCpuUsPerReplyNet: number;
  idleCpuPercent: number;
  statementsPerReply: number;
  rssMiB: number;
  /**
   * The whole box's CPU µs per reply over the step, by part (bench/lib/proc-cpu.ts): gross, and net of each
   * part's rate in the idle probe just before. Null off Linux.
   */
  box: { gross: Record<string, number>; net: Record<string, number> } | null;
  /**
   * The step over time (decision 0167), by scheduled t0 from the step's first counted send: p50/p99 without its
   * first 2 s, and the p99 of each second.
   */
  shape: StepShape;
  /**
   * Whether the step sustained its offered rate (decision 0182): the steady part's start (the first second after
   * which every second's p99 stays within 1 s), its length, per-second p99 range, answers per second in it, growth,
   * and the verdict ('too short' for a step under 30 s).
   */
  steady: SteadyState;
  startedAtMs: number;
  leadStartedAtMs?: number;
  /** With `leadS`: the lead's replies (the first seconds after the idle gap, not counted above). */
  lead?: { n: number; p50Ms: number; p99Ms: number; shape: StepShape };
  /** --app-split: each process's CPU µs per reply over the step (gross, /proc), api first then worker. */
  cpuByProcessUsPerReply?: number[];
};

/** One open-loop step of `phones.length` replies at `rate` against one child, measured at the fake. */
async function step(child: Child, fake: FakeTwilio, creds: TwilioCreds, rate: number, counted: string[], o: Pick<ReplyOptions, 'drainTimeoutMs' | 'idleProbeMs' | 'leadGapMs'>, who: BoxWho = {}, leadPhones: string[] = []): Promise<StepResult> {
  // With a lead (decision 0167) its replies go first in the same timetable; everything below counts `counted` only.
  const phones = leadPhones.length ? [...leadPhones, ...counted] : counted;
  const nLead = leadPhones.length;
  const signer = makeSigner(creds, phones, ['払いました']);
  // The step's webhooks are built and signed by openLoop just before its first send. gen15 tried signing them
  // before the idle probe instead: its garbage landed inside the probe and the no-op floor's p99 at 500/s grew
  // (decision 0164, that half not merged). Latency starts at each request's scheduled time either way.
  const build = (i: number) => {
    const r = signer.next(i, phones[i]!);
    return { path: INBOUND_PATH, body: r.body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': r.signature } };
  };
  const t0 = new Map<string, number>();
  const mark = fake.received.length;
  // The process's CPU while idle (BullMQ workers poll), measured just before, is subtracted below.
  const box0 = boxSnapshot(who);
  const idle0 = await child.cpuUs();
  const idleT = Date.now();
  await sleep(o.idleProbeMs);
  const box1 = boxSnapshot(who);
  let cpu0 = await child.cpuUs();
  let per0 = child.pids.map((p) => pidsCpuUs([p]));
  let st0 = await child.statements();
  const idleUsPerMs = (cpu0 - idle0) / Math.max(1, Date.now() - idleT);
  let stepT = Date.now();
  // With a lead, the counted step's CPU, statements and box start at its first counted send (taken then, off the send's turn).
  let boxAt: ReturnType<typeof boxSnapshot> = box1;
  let atBoundary: Promise<void> | undefined;
  const wanted = new Set(phones);
  const isAnswer = (r: (typeof fake.received)[number]) => Boolean(r.sid && r.to && wanted.has(r.to));
  // Answers counted as they arrive (an index into the fake's list), not by re-filtering the whole step's list every poll.
  let scanned = mark;
  let answeredN = 0;
  const answeredCount = () => {
    const got = fake.received;
    for (; scanned < got.length; scanned++) {
      if (isAnswer(got[scanned]!)) answeredN++;
    }
    return answeredN;
  };
  const http = await openLoop({
    origin: child.origin,
    rate,
    durationS: phones.length / rate,
    build,
    ...(nLead && o.leadGapMs ? { pauseAt: nLead, pauseMs: o.leadGapMs } : {}),
    onSend: (i, wall) => {
      t0.set(phones[i]!, wall);
      if (nLead && i === nLead)
        atBoundary = new Promise<void>((res) =>
          setImmediate(() => {
            stepT = Date.now();
            boxAt = boxSnapshot(who);
            per0 = child.pids.map((p) => pidsCpuUs([p]));
            void Promise.all([child.cpuUs(), child.statements()]).then(([c, s]) => {
              cpu0 = c;
              st0 = s;
              res();
            });
          }),
        );
    },
  });
  await atBoundary;
  const answered = () => fake.received.slice(mark).filter(isAnswer);
  const drained = await until(() => answeredCount() >= t0.size, o.drainTimeoutMs);
  const box2 = boxSnapshot(who);
  const cpu1 = await child.cpuUs();
  const per1 = child.pids.map((p) => pidsCpuUs([p]));
  const st1 = await child.statements();
  const mem = await child.mem();
  const stepMs = Date.now() - stepT;
  const seen = new Set<string>();
  const lat: Array<[number, number]> = [];
  const leadLat: Array<[number, number]> = [];
  const isLead = new Set(leadPhones);
  let lastT3 = 0;
  for (const r of answered()) {
    if (seen.has(r.to!)) continue;
    seen.add(r.to!);
    const start = t0.get(r.to!);
    if (start === undefined) continue;
    if (isLead.has(r.to!)) {
      leadLat.push([start, r.at.getTime() - start]);
      continue;
    }
    lat.push([start, r.at.getTime() - start]);
    lastT3 = Math.max(lastT3, r.at.getTime());
  }
  lat.sort((a, b) => a[0] - b[0]);
  const sorted = sortNumbers(lat.map((x) => x[1]));
  const countedT0 = counted.map((p) => t0.get(p)).filter((x): x is number => x !== undefined);
  const firstT0 = countedT0.length ? Math.min(...countedT0) : NaN;
  const leadT0 = leadLat.length ? Math.min(...leadLat.map((x) => x[0])) : NaN;
  const leadSorted = sortNumbers(leadLat.map((x) => x[1]));
  const fifth = Math.max(1, Math.floor(lat.length / 5));
  const early = median(lat.slice(0, fifth).map((x) => x[1]));
  const late = median(lat.slice(-fifth).map((x) => x[1]));
  return {
    sent: http.sent - nLead,
    webhookOk: http.ok - Math.min(nLead, http.ok),
    webhookP99Ms: http.p99Ms,
    webhookP50Ms: http.p50Ms,
    sendLag: { p50Ms: http.sendLagP50Ms, p99Ms: http.sendLagP99Ms, maxMs: http.sendLagMaxMs },
    answered: lat.length,
    drained,
    p50Ms: round(percentile(sorted, 50), 1),
    p99Ms: round(percentile(sorted, 99), 1),
    maxMs: round(sorted.length ? sorted[sorted.length - 1]! : NaN, 1),
    achievedPerS: round(lat.length / Math.max(0.001, (lastT3 - firstT0) / 1000), 1),
    /**
     * Median latency of the last fifth over the first fifth (the first floored at 50 ms, so jitter
     * between 2 and 6 ms is not read as a backlog): well above 1 means the backlog grew.
     */
    backlogGrowth: round(late / Math.max(50, early), 2),
    serverCpuUsPerReply: round((cpu1 - cpu0) / Math.max(1, lat.length), 0),
    /** The same less the idle rate × the step's length: the work the replies themselves cost. */
    serverCpuUsPerReplyNet: round(Math.max(0, cpu1 - cpu0 - idleUsPerMs * stepMs) / Math.max(1, lat.length), 0),
    idleCpuPercent: round(idleUsPerMs / 10, 1),
    /** SQL statements (BEGIN/COMMIT included) the process sent over the step ÷ replies; postgres.js only. */
    statementsPerReply: round((st1 - st0) / Math.max(1, lat.length), 1),
    rssMiB: round(mem.rss / 2 ** 20, 1),
    box: box0 && box1 && boxAt && box2 ? boxPerReply(box0, box1, box2, lat.length, boxAt) : null,
    shape: stepShape(lat, firstT0, 2000, 1000, { stepMs: (counted.length / rate) * 1000, lastMs: 10_000 }),
    steady: steadyState(lat, firstT0, { rate, stepMs: (counted.length / rate) * 1000, sent: http.sent - nLead, drained }),
    /** Wall-clock ms of the first counted reply's scheduled send (and of the lead's): to line the step up with a trace or a CPU sampler. */
    startedAtMs: round(firstT0, 0),
    ...(nLead ? { leadStartedAtMs: round(leadT0, 0) } : {}),
    ...(nLead
      ? { lead: { n: leadLat.length, p50Ms: round(percentile(leadSorted, 50), 1), p99Ms: round(percentile(leadSorted, 99), 1), shape: stepShape(leadLat, leadT0) } }
      : {}),
    ...(child.pids.length > 1 ? { cpuByProcessUsPerReply: per1.map((u, k) => round((u - per0[k]!) / Math.max(1, lat.length), 0)) } : {}),
  };
}

/** Idle rates from a→b; the work from `from` (b, or the first counted send after a lead) to c. */
function boxPerReply(a: NonNullable<ReturnType<typeof boxSnapshot>>, b: typeof a, c: typeof a, replies: number, from: typeof a = b) {
  const idle = boxDelta(a, b);
  const work = boxDelta(from, c);
  const idleMs = Math.max(1, b.at - a.at);
  const stepMs = c.at - from.at;
  const gross: Record<string, number> = {};
  const net: Record<string, number> = {};
  for (const [k, us] of Object.entries(work)) {
    gross[k] = round(us / Math.max(1, replies), 0);
    net[k] = round((us - ((idle[k] ?? 0) / idleMs) * stepMs) / Math.max(1, replies), 0);
  }
  return { gross, net };
}

/**
 * The rising rates' test (all answered, achieved ≥ 90 % of offered, no backlog growth); a step of 30 s or more must
 * also pass the steady-state verdict (decision 0182): on a 10 s step the old test passed a 1,000/s step whose start
 * backlog was still draining at its end, and on a 30 s one a step whose p99 stood at 6–9 s throughout.
 */
const sustains = (x: StepResult | undefined, rate: number) =>
  !!x && x.drained && x.answered === x.sent && x.backlogGrowth < 2 && x.achievedPerS >= 0.9 * rate && x.steady?.verdict !== 'not sustained';

export async function runReply(app: Child, baseline: Child, fake: FakeTwilio, creds: TwilioCreds, o: ReplyOptions) {
  const postgresHere = !!process.env.DATABASE_URL;
  const dbName = (c: Child) => (typeof c.info.dbUrl === 'string' ? new URL(c.info.dbUrl).pathname.slice(1) : undefined);
  const who: BoxWho = { appPid: app.pid, appPids: app.pids, appDb: dbName(app), basePid: baseline.pid, baseDb: dbName(baseline) };
  const floors: Array<{ when: string; cte: Awaited<ReturnType<typeof cteLoop>> | null; pgbench: Awaited<ReturnType<typeof pgbench>> }> = [];
  const measureFloors = async (when: string) => {
    if (!postgresHere) return;
    const cte = await cteLoop(o.cteTransitions).catch((e: unknown) => (o.log(`reply: CTE loop failed: ${String(e)}`), null));
    const pgb = await pgbench(o.pgbenchS).catch((e: unknown) => (o.log(`reply: pgbench failed: ${String(e)}`), null));
    floors.push({ when, cte, pgbench: pgb });
    o.log(`reply floors (${when}): one-statement CTE transition ${cte?.perS ?? '–'}/s, ${cte?.cpuUsPerTransition ?? '–'} µs CPU each; pgbench simple-update -c10 ${pgb ? `${pgb.tps} TPS` : 'not available'}`);
  };

  const mem0 = await app.mem();
  const t = Date.now();
  const loaded = await postImport(app.origin, campaignCsv(o.conversations, { prefix: APP_PREFIX, dueDate: '2026-12-31', badEvery: 0 }));
  const created = loaded.created ?? 0;
  const seedS = (Date.now() - t) / 1000;
  const memLoaded = await app.mem();
  o.log(`reply: ${created} conversations loaded by import in ${seedS.toFixed(1)} s; app RSS ${(mem0.rss / 2 ** 20).toFixed(0)} → ${(memLoaded.rss / 2 ** 20).toFixed(0)} MiB`);
  await measureFloors('before the rates');

  let used = 0;
  let baseUsed = 0;
  let appStopped = false;
  let baseStopped = false;
  const warmup: { rate: number; replies: number; app?: StepResult; baseline?: StepResult } = { rate: o.rates[0]!, replies: Math.min(o.warmupReplies ?? 0, Math.floor(created / 10)) };
  if (warmup.replies > 0) {
    const phonesOf = (from: number, prefix: string) => Array.from({ length: warmup.replies }, (_, i) => jpPhone(from + i, prefix).e164);
    warmup.app = await step(app, fake, creds, warmup.rate, phonesOf(used, APP_PREFIX), o, who);
    used += warmup.replies;
    await sleep(500);
    warmup.baseline = await step(baseline, fake, creds, warmup.rate, phonesOf(baseUsed, BASE_PREFIX), o, who);
    baseUsed += warmup.replies;
    for (const t of ['app', 'baseline'] as const) o.log(`reply warm-up ${warmup.rate}/s ${t.padEnd(8)} answered ${warmup[t]!.answered}/${warmup[t]!.sent} p99 ${warmup[t]!.p99Ms} ms achieved ${warmup[t]!.achievedPerS}/s cpu ${warmup[t]!.serverCpuUsPerReply} µs/reply (not counted)`);
    await sleep(500);
  }
  const steps: Array<{ rate: number; replies: number; app?: StepResult; baseline?: StepResult; ratios?: Record<string, number> }> = [];
  // BENCH_PG_STATS=<server log> (the app's database logs each statement's backend CPU): summed per statement over the counted steps.
  const pgStatsLog = process.env.BENCH_PG_STATS;
  const pgStatsFrom = pgStatsLog && who.appDb ? statSync(pgStatsLog).size : 0;
  for (const [s, rate] of o.rates.entries()) {
    if (appStopped && baseStopped) break;
    const n = Math.max(1, Math.round(rate * (o.stepSByRate?.[rate] ?? o.stepS)));
    const nLead = Math.max(0, Math.round(rate * (o.leadS ?? 0)));
    const entry: (typeof steps)[number] = { rate, replies: n };
    const order = s % 2 === 0 ? (['app', 'baseline'] as const) : (['baseline', 'app'] as const);
    for (const target of order) {
      if (target === 'app') {
        if (appStopped) continue;
        if (used + nLead + n > created) {
          o.log(`reply: the app's ${rate}/s step needs ${nLead + n} fresh conversations, ${created - used} left: stopping the app here`);
          appStopped = true;
          continue;
        }
        const lead = Array.from({ length: nLead }, (_, i) => jpPhone(used + i, APP_PREFIX).e164);
        used += nLead;
        const phones = Array.from({ length: n }, (_, i) => jpPhone(used + i, APP_PREFIX).e164);
        used += n;
        entry.app = await step(app, fake, creds, rate, phones, o, who, lead);
        if (!sustains(entry.app, rate)) appStopped = true;
      } else {
        if (baseStopped) continue;
        const lead = Array.from({ length: nLead }, (_, i) => jpPhone(baseUsed + i, BASE_PREFIX).e164);
        baseUsed += nLead;
        const phones = Array.from({ length: n }, (_, i) => jpPhone(baseUsed + i, BASE_PREFIX).e164);
        baseUsed += n;
        entry.baseline = await step(baseline, fake, creds, rate, phones, o, who, lead);
        if (!sustains(entry.baseline, rate)) baseStopped = true;
      }
      const r = entry[target]!;
      o.log(`reply ${String(rate).padStart(4)}/s ${target.padEnd(8)} answered ${r.answered}/${r.sent} p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms achieved ${r.achievedPerS}/s growth ×${r.backlogGrowth} stmts ${r.statementsPerReply}/reply cpu ${r.serverCpuUsPerReply} µs/reply (net of idle ${r.serverCpuUsPerReplyNet}; idle ${r.idleCpuPercent} %) rss ${r.rssMiB} MiB send lag p50/p99 ${r.sendLag.p50Ms}/${r.sendLag.p99Ms} ms webhook ack p50/p99 ${r.webhookP50Ms}/${r.webhookP99Ms} ms${sustains(r, rate) ? '' : ' — not sustained'}`);
      o.log(`reply ${String(rate).padStart(4)}/s ${target.padEnd(8)} without the first ${r.shape.after.skipMs / 1000} s p50/p99 ${r.shape.after.p50Ms}/${r.shape.after.p99Ms} ms; p99 per second ${seriesCell(r.shape.perBinP99)}${r.shape.last ? `; from ${r.shape.last.fromMs / 1000} s (the last 10 s) p50/p99 ${r.shape.last.p50Ms}/${r.shape.last.p99Ms} ms` : ''}${r.lead ? `; lead ${r.lead.n} replies (after the idle gap, not counted) p50/p99 ${r.lead.p50Ms}/${r.lead.p99Ms} ms, per second ${seriesCell(r.lead.shape.perBinP99)}` : ''}`);
      o.log(`reply ${String(rate).padStart(4)}/s ${target.padEnd(8)} steady state (decision 0182): ${steadyCell(r.steady)}`);
      if (r.cpuByProcessUsPerReply) o.log(`reply ${String(rate).padStart(4)}/s ${target.padEnd(8)} app CPU µs/reply by process (gross): api ${r.cpuByProcessUsPerReply[0]}, worker ${r.cpuByProcessUsPerReply[1]}`);
      if (r.box) o.log(`reply ${String(rate).padStart(4)}/s ${target.padEnd(8)} box CPU µs/reply (net of idle): ${Object.entries(r.box.net).filter(([, v]) => Math.abs(v) >= 1).map(([k, v]) => `${k} ${v}`).join('; ')}`);
      await sleep(500);
    }
    if (entry.app && entry.baseline)
      entry.ratios = {
        'app/baseline p50': round(entry.app.p50Ms / entry.baseline.p50Ms, 2),
        'app/baseline p99': round(entry.app.p99Ms / entry.baseline.p99Ms, 2),
        'app/baseline CPU per reply': round(entry.app.serverCpuUsPerReplyNet / Math.max(1, entry.baseline.serverCpuUsPerReplyNet), 2),
      };
    steps.push(entry);
  }
  if (pgStatsLog && who.appDb) printPgStats(pgStatsLog, pgStatsFrom, who.appDb, steps.reduce((a, st) => a + (st.app?.answered ?? 0), 0));
  await measureFloors('after the rates');
  const sustained = (k: 'app' | 'baseline') => Math.max(0, ...steps.filter((st) => sustains(st[k], st.rate)).map((st) => st.rate));

  // Growth: more conversations (the app's backlog drained first), then the first rate again.
  let growth: Record<string, unknown> | null = null;
  if (o.growTo > created) {
    await until(() => false, 0);
    const before = steps.find((st) => st.app)?.app;
    const t1 = Date.now();
    let total = created;
    for (let off = created; off < o.growTo; off += 50_000) {
      const more = await postImport(app.origin, campaignCsv(Math.min(50_000, o.growTo - off), { prefix: APP_PREFIX, offset: off, dueDate: '2026-12-31', badEvery: 0 }));
      total += more.created ?? 0;
    }
    const loadS = (Date.now() - t1) / 1000;
    const memGrown = await app.mem();
    const rate = o.rates[0]!;
    const n = Math.max(1, Math.round(rate * o.stepS));
    const nLead = Math.max(0, Math.round(rate * (o.leadS ?? 0)));
    const lead = Array.from({ length: nLead }, (_, i) => jpPhone(total - n - nLead + i, APP_PREFIX).e164);
    const phones = Array.from({ length: n }, (_, i) => jpPhone(total - n + i, APP_PREFIX).e164);
    const growFrom = pgStatsLog && who.appDb ? statSync(pgStatsLog).size : 0;
    const after = await step(app, fake, creds, rate, phones, o, who, lead);
    if (pgStatsLog && who.appDb) printPgStats(pgStatsLog, growFrom, who.appDb, after.answered);
    o.log(`reply growth: ${total} conversations (+${total - created} in ${loadS.toFixed(1)} s); at ${rate}/s p50 ${after.p50Ms} ms, ${after.serverCpuUsPerReplyNet} µs CPU and ${after.statementsPerReply} statements per reply; RSS ${(memLoaded.rss / 2 ** 20).toFixed(0)} MiB at ${created} → ${(memGrown.rss / 2 ** 20).toFixed(0)} MiB at ${total}`);
    growth = {
      rate,
      conversationsBefore: created,
      conversationsAfter: total,
      loadSeconds: round(loadS, 1),
      before: before ?? null,
      after,
      rssMiB: { beforeLoad: round(mem0.rss / 2 ** 20, 1), atFirst: round(memLoaded.rss / 2 ** 20, 1), atGrown: round(memGrown.rss / 2 ** 20, 1), heapUsedAtFirst: round(memLoaded.heapUsed / 2 ** 20, 1), heapUsedAtGrown: round(memGrown.heapUsed / 2 ** 20, 1) },
      ratios: before
        ? {
            'CPU per reply, grown/first': round(after.serverCpuUsPerReplyNet / Math.max(1, before.serverCpuUsPerReplyNet), 2),
            'statements per reply, grown/first': round(after.statementsPerReply / Math.max(0.1, before.statementsPerReply), 2),
            'p50, grown/first': round(after.p50Ms / Math.max(0.1, before.p50Ms), 2),
            'RSS, grown/first': round(memGrown.rss / memLoaded.rss, 2),
          }
        : {},
    };
  }
  const appSus = sustained('app');
  const cteMed = median(floors.map((f) => f.cte?.perS ?? NaN));
  const cteCpu = median(floors.map((f) => f.cte?.cpuUsPerTransition ?? NaN));
  const pgbMed = median(floors.map((f) => f.pgbench?.tps ?? NaN));
  // The app's rate against the floors: its sustained rate, or (none sustained) the best it achieved.
  const appBest = Math.max(0, ...steps.filter((st) => st.app).map((st) => st.app!.achievedPerS));
  const appRate = appSus || appBest;
  const appCpu = median(steps.filter((st) => st.app && (!appSus || sustains(st.app, st.rate))).map((st) => st.app!.serverCpuUsPerReplyNet));
  const appStmts = median(steps.filter((st) => st.app).map((st) => st.app!.statementsPerReply));
  return {
    ...(app.pids.length > 1 ? { appProcesses: app.variant } : {}),
    conversations: created,
    seedSeconds: round(seedS, 1),
    stepSeconds: o.stepS,
    ...(o.stepSByRate ? { stepSecondsByRate: o.stepSByRate } : {}),
    leadSeconds: o.leadS ?? 0,
    leadGapMs: o.leadGapMs ?? 0,
    warmup,
    steps,
    floors,
    sustainedRepliesPerS: { app: appSus, baseline: sustained('baseline'), note: 'highest offered rate fully answered, with achieved ≥ 90 % of offered and no backlog growth; rates rise until a target fails (or the rate list ends)' },
    ratioSummary: {
      'app/baseline p50': summarise(steps.filter((st) => st.ratios).map((st) => st.ratios!['app/baseline p50']!)),
      'app/baseline p99': summarise(steps.filter((st) => st.ratios).map((st) => st.ratios!['app/baseline p99']!)),
      'app/baseline CPU per reply': summarise(steps.filter((st) => st.ratios).map((st) => st.ratios!['app/baseline CPU per reply']!)),
    },
    vsFloors: {
      [`app ${appSus ? 'sustained' : 'best achieved (none sustained)'} replies/s ÷ CTE transitions/s`]: round(appRate / cteMed, 4),
      [`app ${appSus ? 'sustained' : 'best achieved (none sustained)'} replies/s ÷ pgbench TPS`]: round(appRate / pgbMed, 4),
      'app CPU µs per reply ÷ CTE CPU µs per transition': round(appCpu / cteCpu, 1),
      'app SQL statements per reply ÷ 1 (the CTE)': round(appStmts, 1),
    },
    growth,
  };
}
