/**
 * `npm run chaos`: the fault suite of issue #8. The app runs as its own processes (an api and a
 * worker, `src/main.ts --role …`) on a Postgres cluster and a redis-server of this run's own (free
 * ports), sending through a local fake Twilio that answers some sends with 500s and times out on
 * others. Each repetition is a small burst of signed HELP replies at a fixed rate, from debtors of
 * its own, plus timers falling due around the fault; one fault lands at 25 %, 50 % or 75 % of the
 * burst; a webhook that fails is retried with the same MessageSid, as a provider does. Status
 * callbacks (sent, delivered, each twice) are posted shuffled. After every repetition it waits for
 * the recovery (fault → first answer the provider accepted after it), then moves on; at the end it
 * counts, per repetition, from the provider's side and from the database: answered exactly once
 * (lost / doubled), every accepted inbound stored and processed, every timer fired and none before
 * its due time, nothing left pending.
 *
 *   npm run chaos                    # every fault ×20, without and with 3 CPU burners (~20 min)
 *   npm run chaos -- --short         # CI: every fault ×1, no burners (~1–2 min)
 *   npm run chaos -- --reps 5 --faults pg-restart,redis-flush --burners 0,3 --rate 20 --burst 5
 *   npm run chaos -- --no-provider-faults   # a provider that never fails
 *
 * Exits 1 when anything was lost, doubled, left pending or fired early. One line per repetition,
 * then a table per fault and CPU setting.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import postgres from 'postgres';
import twilio from 'twilio';
import { createBullmqQueue } from '../src/queue/bullmq-queue';
import { relay } from '../src/outbox/relay';
import { FAKE_TWILIO_DOMESTIC, startFakeTwilio, type FakeTwilio } from '../test/support/fake-twilio';
import { freePort, startPgCluster, startRedis, type PgCluster, type RedisServer } from '../test/support/servers';

type Fault = 'none' | 'kill-api' | 'kill-worker' | 'redis-flush' | 'redis-restart' | 'pg-restart';
const ALL_FAULTS: Fault[] = ['kill-api', 'kill-worker', 'redis-flush', 'redis-restart', 'pg-restart'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const short = process.argv.includes('--short');
const reps = Number(arg('reps') ?? (short ? 1 : 20));
const faults = (arg('faults')?.split(',') as Fault[] | undefined) ?? ALL_FAULTS;
const burnerSets = (arg('burners') ?? (short ? '0' : '0,3')).split(',').map(Number);
const rate = Number(arg('rate') ?? 20);
const burst = Number(arg('burst') ?? 5);
/** Timers per repetition, due from the burst's start to 2 s after its end (so faults land among them). */
const timersPerRep = Number(arg('timers') ?? 3);
const providerFaults = !process.argv.includes('--no-provider-faults');
/** After a repetition: wait at most this for its answers before the next fault (the final tally waits longer). */
const repWaitMs = Number(arg('rep-wait-ms') ?? 30_000);
/** After a fault: wait at most this for the first answer (the recovery) before the next fault. */
const recoverWaitMs = Number(arg('recover-wait-ms') ?? 180_000);
const settleMs = Number(arg('settle-ms') ?? 120_000);
/** Sends whose outcome was lost are reconciled after this (the app's RECONCILE_AFTER_MS; its minimum). */
const reconcileAfterMs = 15_000;
const out = arg('out');
/** Where in the burst the fault lands, cycled over repetitions. */
const POINTS = [0.25, 0.5, 0.75];

const ADMIN = `chaos-admin-${randomBytes(8).toString('hex')}`;
const FROM = '+815012345678';

interface Rep {
  fault: Fault;
  burners: number;
  point: number;
  phones: string[];
  sids: string[];
  timerIds: string[];
  sent: number;
  accepted: number;
  recoverMs: number | null;
  webhookRetries: number;
  // filled in by the final tally
  stored: number;
  lost: number;
  doubled: number;
  unprocessed: number;
  timersEarly: number;
  timersUnfired: number;
  timerLateMaxMs: number;
}

const log = (...a: unknown[]) => process.stdout.write(`${a.join(' ')}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The app, bundled once by esbuild (what tsx runs it through anyway; packages stay external): a
 * process then starts in about a second instead of compiling every module on each restart, so the
 * time to recover measures the app, not the TypeScript loader. Placed so that the paths the app
 * resolves from its own file (../../db/migrations, ../flows, node_modules) are the repository's.
 */
// One per run (two runs side by side must not rebuild each other's app); a direct child of the repository.
const BUILD_DIR = join(process.cwd(), `.chaos-build-${process.pid}`);
const APP_ENTRY = join(BUILD_DIR, 'app', 'main.mjs');
function buildApp() {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(join(BUILD_DIR, 'app'), { recursive: true });
  symlinkSync(join(process.cwd(), 'flows'), join(BUILD_DIR, 'flows'));
  const r = spawnSync(join(process.cwd(), 'node_modules', '.bin', 'esbuild'), ['src/main.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${APP_ENTRY}`, '--log-level=warning'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`esbuild failed: ${r.stderr}`);
}

class App {
  proc: ChildProcess | null = null;
  output = '';
  constructor(
    readonly role: 'api' | 'worker',
    readonly env: Record<string, string>,
  ) {}
  start() {
    this.output = '';
    const p = spawn(process.execPath, [APP_ENTRY, '--role', this.role], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout!.on('data', (d) => (this.output = (this.output + d).slice(-20_000)));
    p.stderr!.on('data', (d) => (this.output = (this.output + d).slice(-20_000)));
    this.proc = p;
  }
  async kill9() {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }
  alive() {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }
  /** SIGTERM; resolves with the exit code and how long it took (null code = killed after `ms`). */
  async term(ms: number): Promise<{ code: number | null; tookMs: number }> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return { code: p?.exitCode ?? null, tookMs: 0 };
    const t0 = Date.now();
    const exited = new Promise<number | null>((r) => p.once('exit', (c) => r(c)));
    p.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(ms).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      p.kill('SIGKILL');
      await exited;
      return { code: null, tookMs: Date.now() - t0 };
    }
    return { code, tookMs: Date.now() - t0 };
  }
}

async function waitHealthy(port: number, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      /* not up */
    }
    await sleep(200);
  }
  throw new Error(`api on ${port} not healthy within ${timeoutMs} ms`);
}

function burners(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

/** SIGINT/SIGTERM: finish the repetition in flight, then tally, shut down and clean up. */
let stopRequested = false;
process.on('SIGINT', () => (stopRequested = true));
process.on('SIGTERM', () => (stopRequested = true));

async function main() {
  const plan: Array<{ fault: Fault; burners: number; point: number }> = [];
  for (const b of burnerSets) for (const fault of faults) for (let i = 0; i < reps; i++) plan.push({ fault, burners: b, point: POINTS[i % POINTS.length]! });
  log(
    `chaos: reps=${reps} faults=${faults.join(',')} burners=${burnerSets.join(',')} rate=${rate}/s burst=${burst} timers/rep=${timersPerRep} providerFaults=${providerFaults} (${plan.length} repetitions, ${plan.length * burst} debtors)`,
  );
  const startedAt = Date.now();
  buildApp();
  const pg: PgCluster = await startPgCluster();
  const redis: RedisServer = await startRedis();
  const twilioPort = await freePort();
  const fake: FakeTwilio = await startFakeTwilio({ port: twilioPort });
  const apiPort = await freePort();
  const base = `http://127.0.0.1:${apiPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'saisoku-chaos-'));
  const env = {
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    PORT: String(apiPort),
    PUBLIC_BASE_URL: base,
    ADMIN_API_TOKEN: ADMIN,
    SMS_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM: FROM,
    TWILIO_API_BASE_URL: fake.baseUrl,
    ...FAKE_TWILIO_DOMESTIC,
    // The per-sender throttle on, at a rate the bursts stay under mostly: deferred sends must survive the faults too.
    SEND_RATE_LIMITS: 'twilio=50',
    SWEEP_INTERVAL_MS: '1000',
    RECONCILE_AFTER_MS: String(reconcileAfterMs),
    WORKER_CONCURRENCY: '4',
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    DATA_DIR: dataDir,
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  const api = new App('api', env);
  const worker = new App('worker', env);
  const sql = postgres(pg.url, { max: 2, onnotice: () => {}, connect_timeout: 2 });
  // The run's own producer: timers get their wake-up the way the app's relay gives them one.
  const queue = createBullmqQueue(redis.url);
  const quiet = pino({ level: 'silent' });
  const reports: Rep[] = [];
  let exitCode = 0;
  try {
    // Migrate once before two processes start (each would migrate on its own otherwise).
    const { openPostgres } = await import('../src/db/client');
    await (await openPostgres(pg.url, { max: 1 })).close();
    api.start();
    worker.start();
    await waitHealthy(apiPort, 120_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- api ---\n${api.output}\n--- worker ---\n${worker.output}`);
    });
    // Debtors due in 30 days: nothing is sent to them but the answers to their replies. Each
    // repetition has debtors of its own, so every answer counts for exactly one repetition.
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    // Answers are held outside 08:00–21:00 in the debtor's zone (quiet hours): debtors live where it
    // is about 13:00 now, so a run at any hour of the day (CI included) is answered at once.
    const timezone = middayZone(new Date());
    const phones: string[] = Array.from({ length: plan.length * burst }, (_, i) => `+8190${String(10_000_000 + i).padStart(8, '0')}`);
    const convOf = new Map<string, string>();
    const seed = async (i: number) => {
      const r = await fetch(`${base}/api/debts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          debtor: { externalRef: `C-${i}`, name: `Debtor ${i}`, phone: phones[i], locale: 'ja', timezone, consent: { obtainedAt: '2026-01-01T00:00:00Z', source: 'contract' } },
          debt: { externalRef: `INV-${i}`, amount: 5000, currency: 'JPY', dueDate: due },
        }),
      });
      if (r.status !== 201) throw new Error(`seeding debtor ${i}: ${r.status} ${await r.text()}`);
      const body = (await r.json()) as { conversationId: string };
      convOf.set(phones[i]!, body.conversationId);
    };
    for (let i = 0; i < phones.length; i += 10) await Promise.all(phones.slice(i, i + 10).map((_, j) => seed(i + j)));
    log(`seeded ${phones.length} debtors in ${Math.round((Date.now() - startedAt) / 1000)} s since start`);
    if (providerFaults) fake.chaos({ fail500: 0.05, hangDropped: 0.02, hangAccepted: 0.02, hangMs: 11_000 });

    /** Inbound sids the app has answered 200 for; per phone, how many replies it owes. */
    const owed = new Map<string, number>();
    const acceptedSids = new Set<string>();
    let statusCallbacks = 0;

    const post = async (path: string, params: Record<string, string>) => {
      const url = `${base}${path}`;
      const signature = twilio.getExpectedTwilioSignature(fake.authToken, url, params);
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(15_000),
      });
    };

    /** A provider's delivery: retried with the same MessageSid until 200 (for up to 3 minutes). */
    const deliver = async (phone: string, sid: string, stats: { retries: number }) => {
      const end = Date.now() + 180_000;
      for (;;) {
        try {
          const r = await post('/webhooks/twilio/inbound', { MessageSid: sid, AccountSid: fake.accountSid, From: phone, To: FROM, Body: 'HELP', NumMedia: '0' });
          await r.arrayBuffer();
          if (r.status === 200) {
            acceptedSids.add(sid);
            owed.set(phone, (owed.get(phone) ?? 0) + 1);
            return true;
          }
        } catch {
          /* refused / reset / timed out: retry */
        }
        stats.retries++;
        if (Date.now() > end) return false;
        await sleep(500);
      }
    };

    /** Status callbacks for every accepted send to `to`: sent, delivered, each twice, shuffled. */
    const callbacks = async (to: Set<string>) => {
      const batch = fake.received.filter((r) => r.sid && r.status === 201 && r.to && to.has(r.to));
      const events = batch.flatMap((r) => ['sent', 'delivered', 'sent', 'delivered'].map((s) => ({ sid: r.sid!, to: r.to!, s })));
      for (let i = events.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [events[i], events[j]] = [events[j]!, events[i]!];
      }
      await Promise.all(
        events.map(async (e) => {
          try {
            const r = await post('/webhooks/twilio/status', { MessageSid: e.sid, MessageStatus: e.s, AccountSid: fake.accountSid, From: FROM, To: e.to });
            await r.arrayBuffer();
            statusCallbacks++;
          } catch {
            /* the app may be restarting: a provider gives up on callbacks too */
          }
        }),
      );
    };

    const answeredBy = () => {
      const m = new Map<string, number>();
      for (const r of fake.received) if (r.sid && r.status === 201 && r.to) m.set(r.to, (m.get(r.to) ?? 0) + 1);
      return m;
    };

    /** Timer rows due from now to `spanMs`, on this repetition's conversations, woken like the relay does. */
    const armTimers = async (repPhones: string[], spanMs: number): Promise<string[]> => {
      if (timersPerRep === 0) return [];
      const now = Date.now();
      const rows = Array.from({ length: timersPerRep }, (_, i) => ({
        conversation_id: convOf.get(repPhones[i % repPhones.length]!)!,
        name: 'chaos',
        event: sql.json({ type: 'timeout.chaos' }),
        due_at: new Date(now + 300 + Math.round(((i + 1) / timersPerRep) * spanMs)),
      }));
      const ids = await retryDb(() => sql<Array<{ id: string; due_at: Date }>>`insert into timers ${sql(rows)} returning id, due_at`);
      await relay({ queue, clock: { now: () => new Date() }, log: quiet }, { outbox: [], timers: ids.map((t) => ({ id: t.id, dueAt: t.due_at })) });
      return ids.map((t) => t.id);
    };

    let pending: Promise<void> | null = null;
    const inject = async (fault: Fault): Promise<number> => {
      const at = Date.now();
      switch (fault) {
        case 'kill-api':
          await api.kill9();
          api.start();
          break;
        case 'kill-worker':
          await worker.kill9();
          worker.start();
          break;
        case 'redis-flush':
          await redis.flushAll();
          break;
        case 'redis-restart':
          // Not awaited: replies keep arriving while Redis is away.
          pending = redis.restart();
          break;
        case 'pg-restart':
          pending = pg.restart();
          break;
        case 'none':
          break;
      }
      return at;
    };

    const burstMs = (burst * 1000) / rate;
    for (const [n, step] of plan.entries()) {
      if (stopRequested) {
        log(`stopped on request after ${n} of ${plan.length} repetitions`);
        break;
      }
      const burn = burners(step.burners);
      try {
        const repPhones = phones.slice(n * burst, (n + 1) * burst);
        const stats = { retries: 0 };
        const faultAt = Math.min(burst - 1, Math.floor(burst * step.point));
        const timerIds = await armTimers(repPhones, burstMs + 2000);
        let faultTime = 0;
        const deliveries: Array<Promise<boolean>> = [];
        const sids: string[] = [];
        for (let i = 0; i < burst; i++) {
          if (i === faultAt) faultTime = await inject(step.fault);
          const sid = `SM${randomBytes(16).toString('hex')}`;
          sids.push(sid);
          deliveries.push(deliver(repPhones[i]!, sid, stats));
          await sleep(1000 / rate);
        }
        await Promise.all(deliveries);
        await pending;
        pending = null;
        // Recovered = an answer the provider accepted after the fault; then (briefly) the rest of
        // this repetition's answers, so the next fault starts from a system that is working.
        const firstAfter = () => fake.received.find((r) => r.sid && r.status === 201 && r.at.getTime() >= faultTime);
        const missing = () => {
          const got = answeredBy();
          return repPhones.reduce((m, p) => m + Math.max(0, (owed.get(p) ?? 0) - (got.get(p) ?? 0)), 0);
        };
        // A process restarted under load can take longer than a repetition's wait: the next fault
        // must not land before it is up (a worker killed again while it starts proves nothing).
        const recoverEnd = Date.now() + recoverWaitMs;
        while (!firstAfter() && Date.now() < recoverEnd) await sleep(100);
        const end = Date.now() + repWaitMs;
        while (missing() > 0 && Date.now() < end) await sleep(100);
        const first = firstAfter();
        await callbacks(new Set(repPhones));
        const rep: Rep = {
          fault: step.fault,
          burners: step.burners,
          point: step.point,
          phones: repPhones,
          sids,
          timerIds,
          sent: burst,
          accepted: sids.filter((s) => acceptedSids.has(s)).length,
          recoverMs: first ? first.at.getTime() - faultTime : null,
          webhookRetries: stats.retries,
          stored: 0,
          lost: 0,
          doubled: 0,
          unprocessed: 0,
          timersEarly: 0,
          timersUnfired: 0,
          timerLateMaxMs: 0,
        };
        reports.push(rep);
        log(
          `[${n + 1}/${plan.length}] ${rep.fault.padEnd(13)} burners=${rep.burners} at=${rep.point} accepted=${rep.accepted}/${rep.sent} answered-now=${burst - missing()} recover=${rep.recoverMs ?? '-'}ms retries=${rep.webhookRetries} api=${api.alive() ? 'up' : 'DOWN'} worker=${worker.alive() ? 'up' : 'DOWN'}`,
        );
        if (!api.alive() || !worker.alive()) {
          log(`a process died:\n--- api ---\n${api.output.slice(-3000)}\n--- worker ---\n${worker.output.slice(-3000)}`);
          exitCode = 1;
          if (!api.alive()) api.start();
          if (!worker.alive()) worker.start();
          await waitHealthy(apiPort, 120_000);
        }
      } finally {
        for (const b of burn) b.kill('SIGKILL');
      }
    }

    // The final tally, once nothing is owed any more (or settleMs passed): a reply answered after
    // its repetition moved on (a provider timeout is reconciled after RECONCILE_AFTER_MS) counts
    // for its own repetition, because its debtor is in no other.
    const open = async () =>
      (
        await retryDb(() =>
          sql<Array<{ n: number }>>`select (select count(*)::int from outbox where status in ('pending', 'sending', 'unknown'))
            + (select count(*)::int from timers where name = 'chaos' and status = 'pending') as n`,
        )
      )[0]!.n;
    const owedMissing = () => {
      const got = answeredBy();
      return [...owed].reduce((m, [p, o]) => m + Math.max(0, o - (got.get(p) ?? 0)), 0);
    };
    const endAll = Date.now() + settleMs;
    while ((owedMissing() > 0 || (await open()) > 0) && Date.now() < endAll) await sleep(500);
    await sleep(3000);
    await callbacks(new Set(phones));
    const got = answeredBy();
    const inbound = await retryDb(() =>
      sql<Array<{ sid: string; processed: boolean }>>`select provider_message_id as sid, processed_at is not null as processed from messages where direction = 'inbound'`,
    );
    const inboundBySid = new Map(inbound.map((r) => [r.sid, r.processed]));
    const timerRows = await retryDb(() =>
      sql<Array<{ id: string; status: string; early: boolean; late_ms: number | null }>>`
        select id, status, fired_at < due_at as early, (extract(epoch from (fired_at - due_at)) * 1000)::int as late_ms from timers where name = 'chaos'`,
    );
    const timerById = new Map(timerRows.map((t) => [t.id, t]));
    for (const r of reports) {
      for (const p of r.phones) {
        const o = owed.get(p) ?? 0;
        const g = got.get(p) ?? 0;
        if (g < o) r.lost += o - g;
        if (g > o) r.doubled += g - o;
      }
      r.stored = r.sids.filter((s) => inboundBySid.has(s)).length;
      r.unprocessed = r.sids.filter((s) => inboundBySid.get(s) === false).length;
      for (const id of r.timerIds) {
        const t = timerById.get(id);
        if (!t || t.status !== 'fired') r.timersUnfired++;
        else {
          if (t.early) r.timersEarly++;
          r.timerLateMaxMs = Math.max(r.timerLateMaxMs, t.late_ms ?? 0);
        }
      }
    }
    const [leftover] = await retryDb(() =>
      sql<Array<{ unprocessed: number; pending: number; held: number; uncertain: number; dead: number; early: number }>>`
        select (select count(*)::int from messages where direction = 'inbound' and processed_at is null) as unprocessed,
               (select count(*)::int from outbox where status = 'held') as held,
               (select count(*)::int from outbox where status in ('pending', 'sending', 'unknown')) as pending,
               (select count(*)::int from outbox where status = 'uncertain') as uncertain,
               (select count(*)::int from dead_letters where status = 'dead') as dead,
               (select count(*)::int from timers where fired_at < due_at) as early`,
    );
    const sum = (f: (r: Rep) => number) => reports.reduce((n, r) => n + f(r), 0);
    const total = { lost: sum((r) => r.lost), doubled: sum((r) => r.doubled), timersEarly: sum((r) => r.timersEarly), timersUnfired: sum((r) => r.timersUnfired) };
    log(
      `\nwhole run: ${acceptedSids.size} replies accepted, ${[...owed.values()].reduce((a, b) => a + b, 0)} answers owed; lost ${total.lost}, doubled ${total.doubled}; ` +
        `timers ${sum((r) => r.timerIds.length)} (fired early ${total.timersEarly}, not fired ${total.timersUnfired}); ` +
        `unprocessed inbound ${leftover!.unprocessed}, sends still pending ${leftover!.pending}, held by the send gate ${leftover!.held}, held as uncertain ${leftover!.uncertain}, dead letters ${leftover!.dead}; ` +
        `provider: ${fake.received.filter((r) => r.status === 500).length} sends answered 500, status callbacks posted (duplicated, shuffled) ${statusCallbacks}`,
    );

    // Graceful shutdown with a dependency gone: Postgres stopped, then SIGTERM must end both within the bound.
    pg.stop();
    const [a, w] = await Promise.all([api.term(15_000), worker.term(15_000)]);
    log(`shutdown with Postgres down: api exit=${a.code} in ${a.tookMs} ms, worker exit=${w.code} in ${w.tookMs} ms (bound: SHUTDOWN_TIMEOUT_MS=5000 + 1 s)`);
    const shutdownOk = a.code !== null && w.code !== null && a.tookMs < 7_000 && w.tookMs < 7_000;
    pg.start();
    await sleep(500);

    log(`\n${summarise(reports)}`);
    log(`\nrun took ${Math.round((Date.now() - startedAt) / 1000)} s`);
    if (out) writeFileSync(out, JSON.stringify({ reports, total, leftover, statusCallbacks, shutdown: { api: a, worker: w } }, null, 2));
    const bad =
      total.lost > 0 ||
      total.doubled > 0 ||
      total.timersEarly > 0 ||
      total.timersUnfired > 0 ||
      leftover!.early > 0 ||
      leftover!.unprocessed > 0 ||
      leftover!.pending > 0 ||
      reports.some((r) => r.stored !== r.accepted);
    if (bad || !shutdownOk) exitCode = 1;
    log(exitCode ? 'chaos: FAIL' : 'chaos: 0 lost, 0 doubled, 0 timers early');
  } finally {
    await api.kill9();
    await worker.kill9();
    await queue.close().catch(() => {});
    rmSync(BUILD_DIR, { recursive: true, force: true });
    await sql.end({ timeout: 1 }).catch(() => {});
    await fake.close();
    await redis.stop();
    pg.destroy();
  }
  process.exit(exitCode);
}

/** An IANA zone (Etc/GMT±N: POSIX signs, inverted) where the local time is about 13:00 at `now`. */
function middayZone(now: Date): string {
  let offset = 13 - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

async function retryDb<T>(f: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (e) {
      if (i > 80) throw e;
      await sleep(250);
    }
  }
}

function summarise(reports: Rep[]): string {
  const groups = new Map<string, Rep[]>();
  for (const r of reports) {
    const k = `${r.fault}|${r.burners}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const lines = [
    '| fault | CPU burners | reps | replies | lost | doubled | not processed | timers | timers early | timers not fired | timer late max (ms) | recovery median / p90 / max (ms) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [k, rs] of groups) {
    const [fault, b] = k.split('|');
    const rec = rs.map((r) => r.recoverMs).filter((x): x is number => x !== null).sort((x, y) => x - y);
    const q = (f: number) => (rec.length ? rec[Math.min(rec.length - 1, Math.floor(rec.length * f))] : '-');
    const sum = (f: (r: Rep) => number) => rs.reduce((n, r) => n + f(r), 0);
    const noRecovery = rs.length - rec.length;
    lines.push(
      `| ${fault} | ${b} | ${rs.length} | ${sum((r) => r.sent)} | ${sum((r) => r.lost)} | ${sum((r) => r.doubled)} | ${sum((r) => r.unprocessed)} | ${sum((r) => r.timerIds.length)} | ${sum((r) => r.timersEarly)} | ${sum((r) => r.timersUnfired)} | ${Math.max(0, ...rs.map((r) => r.timerLateMaxMs))} | ${q(0.5)} / ${q(0.9)} / ${rec.length ? rec[rec.length - 1] : '-'}${noRecovery ? ` (${noRecovery} not within ${recoverWaitMs} ms)` : ''} |`,
    );
  }
  return lines.join('\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
