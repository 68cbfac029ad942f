/**
 * Closed-loop cost of the reply path's rounds, in one process (no load generator, no open-loop
 * queueing: what a shared, noisy machine does to the open-loop bench barely moves it).
 *   DATABASE_URL=… npx tsx bench/round-cost.ts [--rounds=40] [--k=1,20]
 * For each k: `rounds` times, k replies are stored (ingestInbound, as the webhook does), then ONE
 * drain round takes them (classify + transition + writes) and the send stage delivers the answers
 * to a local fake Twilio. Reported per k: median and min–max over rounds of the process's CPU µs per
 * reply (user + system, includes the fake's side of HTTP), statements per reply and wall ms per round (and of the
 * drain round alone, without the delivery).
 * `--pause=<ms>`: that long idle before each round (with `BENCH_IDLE_TIMEOUT=20`, the pool's idle timeout before decision 0144,
 * past 20 s its connections close; the default now keeps them).
 * `--pauses=<ms,ms,…>`: the pauses in turn, round after round (e.g. `0,0,0,10000`): back-to-back and idle rounds
 * interleaved in one process, so the machine's load drifts over both alike; figures are reported per pause.
 * `--mode=timers`: the same for fired reminders (a timer storm's rounds of k) instead of replies.
 * `BENCH_EXPLAIN=<ms>`: auto_explain (ANALYZE, BUFFERS, triggers) of the throwaway database's statements slower than that, into the server's log
 * (`BENCH_EXPLAIN_PLAIN=1`: plans and durations only, without ANALYZE's per-node timing overhead).
 * `BENCH_WAL=1`: the WAL of each k's last drain round per relation (pg_walinspect), then of that round's delivery.
 * `BENCH_PLANS=1`: at the end, each pooled connection's prepared statements with their generic and custom
 * plan counts (pg_prepared_statements is per session: all 10 connections are held at once to read it on each).
 * `BENCH_PLAN_CACHE_MODE=<auto|force_generic_plan|force_custom_plan>`: that plan_cache_mode on the throwaway database.
 * `--windows=<file>` with `node --cpu-prof`: the measured windows, to read the profile over them only.
 * `BENCH_ROUNDS=1`: each measured round on its own line — the ingest's (before the window) and the round's wall and CPU,
 * the drain and send stages apart, and the GCs that ran in it (a quiet service's lone reply: where the extra time goes).
 * `BENCH_IDLE_GCS=<n>` (with `node --expose-gc`): n full GCs in each pause, as hours of a quiet process would run (the
 * memory reducer, timers' garbage): V8 flushes the bytecode of functions that did not run over several of them
 * (`--bytecode-old-age`), so the next round compiles them again; `--trace-flush-code` counts what was flushed.
 * Round trips to Postgres per round (the drain round's, then the delivery's): a write on a Postgres socket after an
 * answer came on it starts one (postgres.js writes a pipeline of statements, then waits for its answers).
 * `BENCH_CONTROL=1`: before each round's ingest (right after its pause), a fixed piece of plain JS (sort and JSON of
 * 5,000 small objects, the same function every round, so its code is hot) is timed: what the machine alone does to
 * CPU after an idle spell (caches, frequency, the scheduler), against what the app's own state does to the round.
 * Needs Postgres (a throwaway database, dropped at the end); the queue is in-process.
 */
import { pgClient } from './lib/pg';
import { statSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { buildServices } from '../src/bootstrap';
import { keepAliveFetch } from '../src/channels/keep-alive-fetch';
import { createTwilioProvider } from '../src/channels/twilio/provider';
import { parseEnv } from '../src/config/env';
import { ingestInbound } from '../src/conversation/ingress';
import { drainConversations } from '../src/conversation/drain';
import { openPostgres, type Db } from '../src/db/client';
import { sql } from 'drizzle-orm';
import { createLogger } from '../src/log';
import { createMemoryQueue } from '../src/queue/memory-queue';
import { ManualClock } from '../src/shared/clock';
import { deliverOutbox } from '../src/workers/sender';
import { classifierOf } from '../src/workers/workers';
import { FAKE_TWILIO_DOMESTIC, startFakeTwilio } from '../test/support/fake-twilio';
import { median, round } from './lib/stats';
import { benchCreds, BENCH_PUBLIC_BASE_URL, jpPhone, TWILIO_TO } from './lib/twilio-body';
import { seedJaDebts } from './lib/seed-debts';
import { pidsCpuUs } from './lib/proc-cpu';
import { printPgStats } from './lib/pg-stats';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ROUNDS = Number(flag('rounds') ?? 40);
const KS = (flag('k') ?? '1,20').split(',').map(Number);
/** `--windows=<file>`: the measured windows (µs, process.hrtime), to keep only them when reading a `--cpu-prof` profile. */
const WINDOWS = flag('windows');
/** `--windows-of=drain`: each window ends with the drain round (the delivery left out of the profile's share). */
const WINDOWS_OF_DRAIN = flag('windows-of') === 'drain';
/** `--mode=timers`: no replies; the clock jumps to the first reminder's time, so every conversation has one due timer, and each round fires k of them (a storm's round, `limit` k). */
const TIMERS = flag('mode') === 'timers';
/** `--pause=<ms>`: wait that long before each round (a quiet service: with an idle timeout shorter than the pause the pool's connections close, and the next round opens, parses and plans afresh). */
const PAUSE = Number(flag('pause') ?? 0);
/** `--pauses=<ms,…>`: a pause per round, in turn (the rounds are grouped by their pause in the report). */
const PAUSES = flag('pauses')?.split(',').map(Number) ?? [PAUSE];
const CONTROL = !!process.env.BENCH_CONTROL;
const IDLE_GCS = Number(process.env.BENCH_IDLE_GCS ?? 0);
if (IDLE_GCS && !(globalThis as { gc?: unknown }).gc) throw new Error('BENCH_IDLE_GCS needs node --expose-gc');
let lastControl = 0;
const g0 = (us: number) => (lastControl = us);
/** BENCH_CONTROL: plain JS of fixed size, timed in process CPU µs (see the header). */
function control(): number {
  const c0 = process.cpuUsage();
  const xs = Array.from({ length: 5000 }, (_, i) => ({ id: (i * 7919) % 5000, name: `n${i}`, v: i / 3 }));
  xs.sort((a, b) => a.id - b.id);
  const back = JSON.parse(JSON.stringify(xs)) as typeof xs;
  if (back.length !== xs.length) throw new Error('control');
  const c = process.cpuUsage(c0);
  return c.user + c.system;
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const name = `saisoku_bench_round_${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = pgClient(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  /** BENCH_EXPLAIN=<ms>: auto_explain (ANALYZE, BUFFERS) of this database's statements slower than that, into the server's log. */
  const explainMs = process.env.BENCH_EXPLAIN;
  if (explainMs) {
    await admin.unsafe(`alter database ${name} set session_preload_libraries = 'auto_explain'`);
    for (const [k, v] of [['log_min_duration', Number(explainMs)], ...(process.env.BENCH_EXPLAIN_PLAIN ? [] : ([['log_analyze', 'on'], ['log_buffers', 'on'], ['log_triggers', 'on']] as const)), ['log_nested_statements', 'on']] as const)
      await admin.unsafe(`alter database ${name} set auto_explain.${k} = '${v}'`);
  }
  /** BENCH_PG_STATS=<server log file>: each statement's parse, bind and execute CPU in its backend (log_statement_stats), summed per statement from the log. */
  const pgStatsLog = process.env.BENCH_PG_STATS;
  if (pgStatsLog) for (const k of ['log_statement_stats = on', 'log_min_duration_statement = 0']) await admin.unsafe(`alter database ${name} set ${k}`);
  const planMode = process.env.BENCH_PLAN_CACHE_MODE;
  if (planMode) await admin.unsafe(`alter database ${name} set plan_cache_mode = '${planMode.replace(/[^a-z_]/g, '')}'`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  if (process.env.BENCH_WAL) {
    const c = pgClient(u.toString(), { max: 1, onnotice: () => {} });
    await c.unsafe('create extension if not exists pg_walinspect');
    await c.end();
  }
  let statements = 0;
  /**
   * Round trips to Postgres: a write on a Postgres socket that had an answer since its last write (the app waited for
   * something) starts one; writes in between (postgres.js splits a pipeline at 1 KiB, or flushes it over two loop turns)
   * belong to the same.
   */
  let pgWrites = 0;
  const pgPort = Number(new URL(url).port || 5432);
  const sockWrite = Socket.prototype.write;
  const answered = new WeakMap<Socket, boolean>();
  Socket.prototype.write = function (this: Socket, ...a: unknown[]) {
    if (this.remotePort === pgPort) {
      if (!answered.has(this)) this.on('data', () => answered.set(this, true));
      if (answered.get(this) !== false) pgWrites++;
      answered.set(this, false);
    }
    return (sockWrite as (...x: unknown[]) => boolean).apply(this, a);
  } as typeof Socket.prototype.write;
  /** BENCH_SQL_LOG=1: each k's last measured round's statements (first 100 characters), to see what a round costs. */
  /** BENCH_WAL=1: the WAL this database's last drain round wrote, per relation (pg_walinspect; other databases' records left out). */
  const walLog: string[] | null = process.env.BENCH_WAL ? [] : null;
  const sqlLog = process.env.BENCH_SQL_LOG ? new Map<string, number>() : null;
  const POOL = 10;
  /** BENCH_IDLE_TIMEOUT=<s>: the pool's idle timeout (the app's DB_IDLE_TIMEOUT_S; 20 was the default before decision 0144). */
  const idleTimeoutS = process.env.BENCH_IDLE_TIMEOUT === undefined ? undefined : Number(process.env.BENCH_IDLE_TIMEOUT);
  const database = await openPostgres(u.toString(), { max: POOL, idleTimeoutS, onStatement: (_c: number, text: string) => (statements++, sqlLog?.set(text.slice(0, 100), (sqlLog.get(text.slice(0, 100)) ?? 0) + 1)) });
  const creds = benchCreds();
  const fake = await startFakeTwilio(creds);
  try {
    const provider = createTwilioProvider({ accountSid: creds.accountSid, authToken: creds.authToken, from: TWILIO_TO, apiBaseUrl: fake.baseUrl, fetch: keepAliveFetch() });
    const clock = new ManualClock('2026-11-20T10:00:00+09:00');
    const env = parseEnv({ PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL, ADMIN_API_TOKEN: 'bench-admin-token-0123456789', DATA_DIR: '/tmp/saisoku-bench-unused', ...FAKE_TWILIO_DOMESTIC, SEND_RATE_LIMITS: 'twilio=off' });
    const s = await buildServices(env, { database, queue: createMemoryQueue({ backoffMs: 50 }), provider, clock, log: createLogger('silent') });
    const classify = classifierOf(s);
    const total = KS.reduce((a, k) => a + k * (ROUNDS + 2), 0);
    await seedJaDebts(s, total);
    // New connections read the database's settings: the pool's (opened while seeding) are replaced first.
    if (pgStatsLog) await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
    const logFrom = pgStatsLog ? statSync(pgStatsLog).size : 0;
    if (TIMERS) clock.set('2026-12-28T10:00:01+09:00');
    let used = 0;
    let sid = 0;
    const out: Record<string, unknown> = {};
    const windows: Array<[number, number] | [number, number, number]> = [];
    const us = () => Number(process.hrtime.bigint() / 1000n);
    const perRound = !!process.env.BENCH_ROUNDS;
    const gcs: Array<{ at: number; ms: number; kind: number }> = [];
    const gcObs = perRound ? new PerformanceObserver((l) => gcs.push(...l.getEntries().map((e) => ({ at: e.startTime, ms: e.duration, kind: ((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0 })))) : null;
    gcObs?.observe({ entryTypes: ['gc'] });
    for (const k of KS) {
      /** Per pause: CPU per reply, the drain round's share (classify + transition + writes) before the send stage, statements, walls, the ingest's. */
      const by = new Map<number, { cpu: number[]; cpuDrain: number[]; stm: number[]; wall: number[]; drainWall: number[]; ingest: number[]; control: number[]; pw: number[]; pwDrain: number[] }>();
      /** The Postgres backends of this database (the pool's), their CPU summed over the measured rounds: ingest, drain round, send stage. */
      const pg = { ingest: 0, drain: 0, send: 0, replies: 0 };
      for (let r = 0; r < ROUNDS + 2; r++) {
        const pause = PAUSES[r % PAUSES.length]!;
        if (pause) {
          // The pause in IDLE_GCS + 1 parts, a full GC between them (what a long quiet spell does to V8's code ages).
          for (let i = 0; i <= IDLE_GCS; i++) {
            if (i) (globalThis as { gc?: () => void }).gc!();
            await new Promise((res) => setTimeout(res, pause / (IDLE_GCS + 1)));
          }
        }
        const phones = TIMERS ? [] : Array.from({ length: k }, () => jpPhone(used++, '70').e164);
        if (CONTROL) g0(control());
        const pids = ((await admin.unsafe(`select pid from pg_stat_activity where datname = '${name}'`)) as unknown as Array<{ pid: number }>).map((x) => x.pid);
        const b0 = pidsCpuUs(pids);
        const i0 = performance.now();
        const ic0 = process.cpuUsage();
        const gcFrom = performance.now();
        await Promise.all(phones.map((from) => ingestInbound(s, { provider: 'twilio', providerMessageId: `SM${String(++sid).padStart(32, 'c')}`, from, to: TWILIO_TO, body: '払いました', channel: 'sms' })));
        const ingestMs = performance.now() - i0;
        const ingestCpu = process.cpuUsage(ic0);
        const b1 = pidsCpuUs(pids);
        const w0 = us();
        const c0 = process.cpuUsage();
        const st0 = statements;
        const pw0 = pgWrites;
        sqlLog?.clear();
        const lsn0 = walLog && r === ROUNDS + 1 ? (await admin.unsafe(`select pg_current_wal_lsn() as l`))[0]!.l : null;
        const t0 = performance.now();
        const got = await drainConversations(s, classify, { limit: TIMERS ? k : 200 });
        const cd = process.cpuUsage(c0);
        const dd = performance.now() - t0;
        const pwd = pgWrites - pw0;
        const b2 = pidsCpuUs(pids);
        const w1 = us();
        if (lsn0) walLog!.push(...(await walOf(u.toString(), lsn0)));
        const lsn1 = lsn0 ? (await admin.unsafe(`select pg_current_wal_lsn() as l`))[0]!.l : null;
        await deliverOutbox(s, got.post.outbox.map((o) => o.id));
        if (lsn1) walLog!.push(...(await walOf(u.toString(), lsn1)).map((l, i) => (i === 0 ? l.replace('the last drain round', 'its delivery (send stage)') : l)));
        const dt = performance.now() - t0;
        const c = process.cpuUsage(c0);
        const pwAll = pgWrites - pw0;
        const b3 = pidsCpuUs(pids);
        if (r >= 2) {
          pg.ingest += b1 - b0;
          pg.drain += b2 - b1;
          pg.send += b3 - b2;
          pg.replies += k;
        }
        if (got.applied !== k) throw new Error(`round of ${k} applied ${got.applied}`);
        // The first two rounds of each k warm up (JIT, prepared statements).
        if (perRound) {
          // GC entries arrive after the fact: the ones that started since this round's ingest.
          await new Promise((res) => setImmediate(res));
          const mine = gcs.filter((g) => g.at >= gcFrom);
          const ms = (c: NodeJS.CpuUsage) => round((c.user + c.system) / 1000, 1);
          console.log(`  round ${r}${r < 2 ? ' (warm-up)' : ''} after ${pause} ms: ${CONTROL ? `control ${lastControl} µs; ` : ''}ingest ${round(ingestMs, 1)} ms wall / ${ms(ingestCpu)} ms CPU; round ${round(dt, 1)} ms wall / ${ms(c)} ms CPU (drain ${round(dd, 1)} / ${ms(cd)}, send ${round(dt - dd, 1)} / ${ms({ user: c.user - cd.user, system: c.system - cd.system })}); GC ${mine.length}× ${round(mine.reduce((a, g) => a + g.ms, 0), 1)} ms [${mine.map((g) => `${g.kind}:${round(g.ms, 1)}`).join(' ')}]`);
        }
        if (r < 2) continue;
        windows.push(PAUSES.length > 1 ? [w0, WINDOWS_OF_DRAIN ? w1 : us(), pause] : [w0, WINDOWS_OF_DRAIN ? w1 : us()]);
        const g = by.get(pause) ?? { cpu: [], cpuDrain: [], stm: [], wall: [], drainWall: [], ingest: [], control: [], pw: [], pwDrain: [] };
        by.set(pause, g);
        g.cpu.push((c.user + c.system) / k);
        g.cpuDrain.push((cd.user + cd.system) / k);
        g.stm.push((statements - st0) / k);
        g.pw.push(pwAll);
        g.pwDrain.push(pwd);
        g.wall.push(dt);
        g.drainWall.push(dd);
        g.ingest.push(ingestMs);
        if (CONTROL) g.control.push(lastControl);
      }
      const per = (x: number) => round(x / Math.max(1, pg.replies), 0);
      out[`k=${k} postgres backends`] = { ingestUsPerReply: per(pg.ingest), drainUsPerReply: per(pg.drain), sendUsPerReply: per(pg.send) };
      console.log(`k=${k}: Postgres backends' CPU µs per ${TIMERS ? 'fired timer' : 'reply'} (summed over the measured rounds; 10 ms ticks): ingest ${per(pg.ingest)}, drain round ${per(pg.drain)}, send stage ${per(pg.send)}, all ${per(pg.ingest + pg.drain + pg.send)}`);
      const lo = (xs: number[]) => round(Math.min(...xs), 0);
      const hi = (xs: number[]) => round(Math.max(...xs), 0);
      if (walLog) for (const l of walLog.splice(0)) console.log(`  ${l}`);
      if (sqlLog) for (const [text, n] of sqlLog) console.log(`  ${n}× ${text.replace(/\s+/g, ' ')}`);
      for (const [pause, { cpu, cpuDrain, stm, wall, drainWall, ingest, control: ctl, pw, pwDrain }] of [...by].sort((a, b) => a[0] - b[0])) {
        const key = PAUSES.length > 1 ? `k=${k} pause=${pause}` : `k=${k}`;
        out[key] = { cpuUsPerReply: `${round(median(cpu), 0)} (${lo(cpu)}–${hi(cpu)})`, drainCpuUsPerReply: `${round(median(cpuDrain), 0)} (${lo(cpuDrain)}–${hi(cpuDrain)})`, statementsPerReply: round(median(stm), 2), pgRoundTripsPerRound: `${median(pw)} (drain ${median(pwDrain)}, send ${median(pw.map((x, i) => x - pwDrain[i]!))})`, wallMsPerRound: round(median(wall), 1), drainWallMsPerRound: round(median(drainWall), 1), ingestWallMs: round(median(ingest), 1), ...(ctl.length ? { controlCpuUs: round(median(ctl), 0) } : {}), rounds: wall.length };
        console.log(`${key}: CPU µs per ${TIMERS ? 'fired timer' : 'reply'} ${round(median(cpu), 0)} (${lo(cpu)}–${hi(cpu)}), of which the drain round ${round(median(cpuDrain), 0)} (${lo(cpuDrain)}–${hi(cpuDrain)}), statements per reply ${round(median(stm), 2)}, Postgres round trips per round ${median(pw)} (drain ${median(pwDrain)} + send ${median(pw.map((x, i) => x - pwDrain[i]!))}), wall ms per round ${round(median(wall), 1)} (${lo(wall)}–${hi(wall)}; the drain round alone ${round(median(drainWall), 1)}), ingest before it ${round(median(ingest), 1)} ms${ctl.length ? `, control ${round(median(ctl), 0)} µs (${lo(ctl)}–${hi(ctl)})` : ''} (${wall.length} rounds)`);
      }
    }
    gcObs?.disconnect();
    console.log(JSON.stringify(out));
    if (WINDOWS) writeFileSync(WINDOWS, JSON.stringify(windows));
    if (process.env.BENCH_PLANS) await printPlans(s.db, POOL);
    if (pgStatsLog) printPgStats(pgStatsLog, logFrom, name, total);
  } finally {
    await fake.close();
    await database.close();
    // BENCH_KEEP_DB=1: the database stays, to read its tables and statistics afterwards.
    if (process.env.BENCH_KEEP_DB) console.log(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/**
 * Each pooled connection's prepared statements (generic and custom plan counts): `pool` transactions
 * opened at once hold every connection; each reads its own session's view, then all commit.
 */
async function printPlans(db: Db, pool: number) {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  const per = await Promise.all(
    Array.from({ length: pool }, () =>
      db.transaction(async (tx) => {
        const rows = (await tx.execute(sql`select pg_backend_pid() as pid, name, generic_plans::int as g, custom_plans::int as c, regexp_replace(statement, '[[:space:]]+', ' ', 'g') as st from pg_prepared_statements order by custom_plans + generic_plans desc`)) as unknown as Array<{ pid: number; name: string; g: number; c: number; st: string }>;
        if (++arrived === pool) release();
        await all;
        return rows;
      }),
    ),
  );
  // Summed per statement text over the connections.
  const by = new Map<string, { g: number; c: number; conns: number }>();
  for (const rows of per)
    for (const r of rows) {
      const key = r.st.slice(0, 140);
      const x = by.get(key) ?? { g: 0, c: 0, conns: 0 };
      x.g += r.g;
      x.c += r.c;
      x.conns++;
      by.set(key, x);
    }
  console.log(`prepared statements on ${pool} connections (pids ${per.map((r) => r[0]?.pid).join(',')}): generic / custom plans, connections, text`);
  for (const [st, x] of [...by].sort((a, b) => b[1].g + b[1].c - (a[1].g + a[1].c))) if (x.g + x.c > 0) console.log(`  ${String(x.g).padStart(6)} ${String(x.c).padStart(6)} ${String(x.conns).padStart(3)}  ${st}`);
}

/** WAL records since `from` that touch this database's relations, summed per relation (the round's own, if nothing else wrote there). */
async function walOf(url: string, from: string): Promise<string[]> {
  const c = pgClient(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await c.unsafe(`with r as (
        select w.record_length, w.fpi_length, w.resource_manager, (regexp_match(w.block_ref, 'rel \\d+/(\\d+)/(\\d+)'))::text[] as rel
        from pg_get_wal_records_info('${from}', pg_current_wal_lsn()) w)
      select coalesce(c.relname, r.rel[2]) as rel, count(*)::int as n, sum(r.record_length)::int as bytes, sum(r.fpi_length)::int as fpi
      from r left join pg_class c on c.relfilenode = r.rel[2]::oid
      where r.rel[1]::oid = (select oid from pg_database where datname = current_database())
      group by 1 order by 3 desc`);
    const total = rows.reduce((a, x) => [a[0]! + x.n, a[1]! + x.bytes, a[2]! + x.fpi], [0, 0, 0]);
    return [`WAL of the last drain round: ${total[0]} records, ${total[1]} bytes (${total[2]} of them full pages)`, ...rows.map((x) => `${x.rel}: ${x.n} records, ${x.bytes} bytes (fpi ${x.fpi})`)];
  } finally {
    await c.end();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
