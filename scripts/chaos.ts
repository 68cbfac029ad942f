/**
 * `npm run chaos`: the fault suite of issue #8. The app runs as its own processes (an api and a
 * worker, `src/main.ts --role …`) on a Postgres cluster and a redis-server of this run's own (free
 * ports), sending through a local fake Twilio. Signed HELP replies arrive at a fixed rate; in the
 * middle of each burst one fault is injected; a webhook that fails is retried with the same
 * MessageSid, as a provider does. Then it counts, from the provider's side and from the database:
 * every accepted inbound stored, answered exactly once (lost / doubled), nothing left pending, and
 * the time to recover (fault → first reply the provider accepted after it).
 *
 *   npm run chaos                    # every fault, 20 repetitions, with and without CPU burners
 *   npm run chaos -- --short         # CI: every fault once, no burners
 *   npm run chaos -- --reps 5 --faults pg-restart,redis-flush --burners 0,3 --rate 20 --burst 30
 *   npm run chaos -- --provider-faults   # the fake answers some 500s and times out on some sends
 *
 * Exits 1 when anything was lost or doubled. Prints one line per repetition and a table at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import twilio from 'twilio';
import { startFakeTwilio, type FakeTwilio } from '../test/support/fake-twilio';
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
const burst = Number(arg('burst') ?? (short ? 20 : 30));
const debtorCount = Number(arg('debtors') ?? 60);
const providerFaults = process.argv.includes('--provider-faults');
const settleMs = Number(arg('settle-ms') ?? 90_000);
const out = arg('out');
/** Where in the burst the fault lands, cycled over repetitions. */
const POINTS = [0.25, 0.5, 0.75];

const ADMIN = `chaos-admin-${randomBytes(8).toString('hex')}`;
const FROM = '+815012345678';

interface Rep {
  fault: Fault;
  burners: number;
  point: number;
  sent: number;
  accepted: number;
  stored: number;
  answered: number;
  lost: number;
  doubled: number;
  unprocessed: number;
  stuckSends: number;
  recoverMs: number | null;
  webhookRetries: number;
}

const log = (...a: unknown[]) => process.stdout.write(`${a.join(' ')}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class App {
  proc: ChildProcess | null = null;
  output = '';
  constructor(
    readonly role: 'api' | 'worker',
    readonly env: Record<string, string>,
  ) {}
  start() {
    this.output = '';
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', this.role], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
  log(`chaos: reps=${reps} faults=${faults.join(',')} burners=${burnerSets.join(',')} rate=${rate}/s burst=${burst} providerFaults=${providerFaults}`);
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
    SWEEP_INTERVAL_MS: '1000',
    WORKER_CONCURRENCY: '4',
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    DATA_DIR: dataDir,
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  const api = new App('api', env);
  const worker = new App('worker', env);
  const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
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
    // Debtors due in 30 days: nothing is sent to them but the answers to their replies.
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const phones: string[] = [];
    for (let i = 0; i < debtorCount; i++) {
      const phone = `+8190${String(10_000_000 + i).padStart(8, '0')}`;
      const r = await fetch(`${base}/api/debts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          debtor: { externalRef: `C-${i}`, name: `Debtor ${i}`, phone, locale: 'ja', timezone: 'Asia/Tokyo', consent: { obtainedAt: '2026-01-01T00:00:00Z', source: 'contract' } },
          debt: { externalRef: `INV-${i}`, amount: 5000, currency: 'JPY', dueDate: due },
        }),
      });
      if (r.status !== 201) throw new Error(`seeding debtor ${i}: ${r.status} ${await r.text()}`);
      phones.push(phone);
    }
    if (providerFaults) fake.chaos({ fail500: 0.05, hangDropped: 0.03, hangAccepted: 0.03, hangMs: 11_000 });

    let seq = 0;
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

    /** Status callbacks for every accepted send: sent, delivered, each twice, shuffled. */
    const callbacks = async (since: number) => {
      const batch = fake.received.filter((r) => r.sid && r.status === 201 && r.at.getTime() >= since);
      const events = batch.flatMap((r) => ['sent', 'delivered', 'sent', 'delivered'].map((s) => ({ sid: r.sid!, to: r.to!, s })));
      for (let i = events.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [events[i], events[j]] = [events[j]!, events[i]!];
      }
      for (const e of events) {
        try {
          const r = await post('/webhooks/twilio/status', { MessageSid: e.sid, MessageStatus: e.s, AccountSid: fake.accountSid, From: FROM, To: e.to });
          await r.arrayBuffer();
          statusCallbacks++;
        } catch {
          /* the app may be restarting: a provider gives up on callbacks too */
        }
      }
    };

    const answeredBy = () => {
      const m = new Map<string, number>();
      for (const r of fake.received) if (r.sid && r.status === 201 && r.to) m.set(r.to, (m.get(r.to) ?? 0) + 1);
      return m;
    };

    let pending: Promise<void> | null = null;
    const inject = async (fault: Fault): Promise<number> => {
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
      return Date.now();
    };

    const plan: Array<{ fault: Fault; burners: number; point: number }> = [];
    for (const b of burnerSets) for (const fault of faults) for (let i = 0; i < reps; i++) plan.push({ fault, burners: b, point: POINTS[i % POINTS.length]! });

    for (const [n, step] of plan.entries()) {
      if (stopRequested) {
        log(`stopped on request after ${n} of ${plan.length} repetitions`);
        break;
      }
      const burn = burners(step.burners);
      try {
        const before = answeredBy();
        const owedBefore = new Map(owed);
        const t0 = Date.now();
        const stats = { retries: 0 };
        const faultAt = Math.floor(burst * step.point);
        let faultTime = 0;
        const deliveries: Array<Promise<boolean>> = [];
        const sids: string[] = [];
        for (let i = 0; i < burst; i++) {
          if (i === faultAt) faultTime = await inject(step.fault);
          const phone = phones[(seq++) % phones.length]!;
          const sid = `SM${randomBytes(16).toString('hex')}`;
          sids.push(sid);
          deliveries.push(deliver(phone, sid, stats));
          await sleep(1000 / rate);
        }
        await Promise.all(deliveries);
        await pending;
        pending = null;
        // Wait until every owed answer arrived (or settleMs passed), then a little longer for doubles.
        const expect = () => {
          const now = answeredBy();
          let missing = 0;
          for (const [p, o] of owed) missing += Math.max(0, o - (owedBefore.get(p) ?? 0) - ((now.get(p) ?? 0) - (before.get(p) ?? 0)));
          return missing;
        };
        const end = Date.now() + settleMs;
        while (expect() > 0 && Date.now() < end) await sleep(250);
        await callbacks(t0);
        await sleep(1500);
        const now = answeredBy();
        let lost = 0;
        let doubled = 0;
        let answered = 0;
        const phonesTouched = new Set([...owed.keys()]);
        for (const p of phonesTouched) {
          const o = (owed.get(p) ?? 0) - (owedBefore.get(p) ?? 0);
          const got = (now.get(p) ?? 0) - (before.get(p) ?? 0);
          answered += Math.min(o, got);
          if (got < o) lost += o - got;
          if (got > o) doubled += got - o;
        }
        const firstAfter = fake.received.filter((r) => r.sid && r.status === 201 && r.at.getTime() >= faultTime).map((r) => r.at.getTime());
        const recoverMs = firstAfter.length ? Math.min(...firstAfter) - faultTime : null;
        const accepted = sids.filter((s) => acceptedSids.has(s)).length;
        const db = await retryDb(() =>
          sql<Array<{ stored: number; unprocessed: number }>>`
            select count(*)::int as stored, count(*) filter (where processed_at is null)::int as unprocessed
            from messages where direction = 'inbound' and provider_message_id = any(${sids})`,
        );
        const [stuck] = await retryDb(() => sql<Array<{ n: number }>>`select count(*)::int as n from outbox where status in ('pending', 'sending')`);
        const rep: Rep = {
          fault: step.fault,
          burners: step.burners,
          point: step.point,
          sent: burst,
          accepted,
          stored: db[0]!.stored,
          answered,
          lost,
          doubled,
          unprocessed: db[0]!.unprocessed,
          stuckSends: stuck!.n,
          recoverMs,
          webhookRetries: stats.retries,
        };
        reports.push(rep);
        log(
          `[${n + 1}/${plan.length}] ${rep.fault.padEnd(13)} burners=${rep.burners} at=${rep.point} accepted=${rep.accepted}/${rep.sent} stored=${rep.stored} answered=${rep.answered} lost=${rep.lost} doubled=${rep.doubled} unprocessed=${rep.unprocessed} stuckSends=${rep.stuckSends} recover=${rep.recoverMs ?? '-'}ms retries=${rep.webhookRetries} api=${api.alive() ? 'up' : 'DOWN'} worker=${worker.alive() ? 'up' : 'DOWN'}`,
        );
        if (!api.alive() || !worker.alive()) {
          log(`a process died:\n--- api ---\n${api.output.slice(-3000)}\n--- worker ---\n${worker.output.slice(-3000)}`);
          if (!api.alive()) api.start();
          if (!worker.alive()) worker.start();
          await waitHealthy(apiPort, 120_000);
        }
      } finally {
        for (const b of burn) b.kill('SIGKILL');
      }
    }

    // The whole run, per phone: a reply answered late (after its repetition's settle window) shows
    // up in the next repetition's window; over the whole run it must be exactly once.
    const totalOwed = () => [...owed.values()].reduce((a, b) => a + b, 0);
    const tally = () => {
      const got = answeredBy();
      let lost = 0;
      let doubled = 0;
      for (const p of phones) {
        const o = owed.get(p) ?? 0;
        const g = got.get(p) ?? 0;
        if (g < o) lost += o - g;
        if (g > o) doubled += g - o;
      }
      return { lost, doubled };
    };
    const endAll = Date.now() + settleMs;
    const open = async () => (await retryDb(() => sql<Array<{ n: number }>>`select count(*)::int as n from outbox where status in ('pending', 'sending', 'unknown')`))[0]!.n;
    while ((tally().lost > 0 || (await open()) > 0) && Date.now() < endAll) await sleep(500);
    await sleep(3000);
    const total = tally();
    const [leftover] = await retryDb(() =>
      sql<Array<{ unprocessed: number; pending: number; uncertain: number; dead: number }>>`
        select (select count(*)::int from messages where direction = 'inbound' and processed_at is null) as unprocessed,
               (select count(*)::int from outbox where status in ('pending', 'sending', 'unknown')) as pending,
               (select count(*)::int from outbox where status = 'uncertain') as uncertain,
               (select count(*)::int from dead_letters where status = 'dead') as dead`,
    );
    log(
      `whole run: ${acceptedSids.size} replies accepted, ${totalOwed()} answers owed; lost ${total.lost}, doubled ${total.doubled}; ` +
        `unprocessed inbound ${leftover!.unprocessed}, sends still pending ${leftover!.pending}, held as uncertain ${leftover!.uncertain}, dead letters ${leftover!.dead}`,
    );

    // Graceful shutdown with a dependency gone: Postgres stopped, then SIGTERM must end both within the bound.
    pg.stop();
    const [a, w] = await Promise.all([api.term(15_000), worker.term(15_000)]);
    log(`shutdown with Postgres down: api exit=${a.code} in ${a.tookMs} ms, worker exit=${w.code} in ${w.tookMs} ms (bound: SHUTDOWN_TIMEOUT_MS=5000 + 1 s)`);
    const shutdownOk = a.code !== null && w.code !== null && a.tookMs < 7_000 && w.tookMs < 7_000;
    pg.start();
    await sleep(500);

    const summary = summarise(reports);
    log(`\nstatus callbacks posted (duplicated, shuffled): ${statusCallbacks}`);
    log(summary);
    if (out) writeFileSync(out, JSON.stringify({ reports, total, leftover, statusCallbacks, shutdown: { api: a, worker: w } }, null, 2));
    const bad = total.lost > 0 || total.doubled > 0 || leftover!.unprocessed > 0 || leftover!.pending > 0 || reports.some((r) => r.stored !== r.accepted);
    if (bad || !shutdownOk) exitCode = 1;
    log(bad || !shutdownOk ? 'chaos: FAIL' : 'chaos: 0 lost, 0 doubled');
  } finally {
    await api.kill9();
    await worker.kill9();
    await sql.end({ timeout: 1 }).catch(() => {});
    await fake.close();
    await redis.stop();
    pg.destroy();
  }
  process.exit(exitCode);
}

async function retryDb<T>(f: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (e) {
      if (i > 40) throw e;
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
  // Per repetition: "late" = not answered within its own settle window; "early" = an answer owed by an earlier repetition.
  const lines = ['| fault | CPU burners | reps | replies sent | late | early | not processed | recovery median / max (ms) |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const [k, rs] of groups) {
    const [fault, b] = k.split('|');
    const rec = rs.map((r) => r.recoverMs).filter((x): x is number => x !== null).sort((x, y) => x - y);
    const med = rec.length ? rec[Math.floor(rec.length / 2)] : '-';
    const max = rec.length ? rec[rec.length - 1] : '-';
    const sum = (f: (r: Rep) => number) => rs.reduce((n, r) => n + f(r), 0);
    lines.push(`| ${fault} | ${b} | ${rs.length} | ${sum((r) => r.sent)} | ${sum((r) => r.lost)} | ${sum((r) => r.doubled)} | ${sum((r) => r.unprocessed)} | ${med} / ${max} |`);
  }
  return lines.join('\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
