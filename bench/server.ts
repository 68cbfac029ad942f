/**
 * One benchmark variant per child process, so the load generator does not share its event loop.
 *   tsx bench/server.ts <variant>   (spawned by bench/run.ts; talks over the IPC channel)
 * Variants:
 *   raw              node:http, read the body, 200
 *   hono-bare        (A) Hono POST route, 200 without reading the body
 *   hono-hmac        (B) Hono + c.req.text() + URLSearchParams + the project's Twilio HMAC check
 *   hono-text        Hono + c.req.text() + URLSearchParams (side ratio)
 *   hono-parsebody   Hono + c.req.parseBody() (side ratio)
 *   full             (C) the real app: createApp(buildServices(...)), Twilio provider, no workers
 *   full-workers     the real app + workers (conversation, timer, send), provider → the parent's fake Twilio
 *   noop-pipeline    baseline of the reply path: webhook → in-process coalesced signal → batch loop → POST to the fake Twilio
 * Postgres/Redis when DATABASE_URL/REDIS_URL are set (a fresh database per child, dropped at exit, and a
 * Redis key prefix per child, deleted at exit); otherwise PGlite in memory and the in-process queue.
 */
import { pgClient } from './lib/pg';
import { appendFileSync, readFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { createServer, type Server } from 'node:http';
import { constants as perfConstants, PerformanceObserver, performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { verifyTwilioSignature } from '../src/channels/twilio/signature';
import type { Database } from '../src/db/client';
import type { JobQueue } from '../src/queue/port';
import { BENCH_PUBLIC_BASE_URL, jpPhone, TWILIO_TO } from './lib/twilio-body';
import { FAKE_TWILIO_DOMESTIC } from '../test/support/fake-twilio';

// The light variants import nothing else: the app's modules load only in the variants that use them.
const loadApp = () =>
  Promise.all([
    import('../src/bootstrap'),
    import('../src/channels/twilio/provider'),
    import('../src/config/env'),
    import('../src/db/client'),
    import('../src/dunning/debts'),
    import('../src/http/app'),
    import('../src/workers/workers'),
    import('../src/log'),
    import('../src/shared/clock'),
    import('../src/outbox/relay'),
    import('../src/outbox/queue'),
    import('drizzle-orm'),
    import('../src/channels/keep-alive-fetch'),
  ]).then(([bootstrap, twilio, env, db, debts, http, workers, log, clock, relay, outboxQueue, orm, keepAlive]) => ({ ...bootstrap, ...twilio, ...keepAlive, ...env, ...db, ...debts, ...http, ...workers, ...log, ...clock, ...relay, emptyPostCommit: outboxQueue.emptyPostCommit, sql: orm.sql }));

export type Variant = 'raw' | 'hono-bare' | 'hono-hmac' | 'hono-text' | 'hono-parsebody' | 'full' | 'full-workers' | 'noop-pipeline';

export interface ChildConfig {
  variant: Variant;
  accountSid: string;
  authToken: string;
  /** Fake Twilio base URL (full-workers, noop-pipeline). */
  fakeBaseUrl?: string;
  /** Conversations to create at start (full: a few debtors so ingest finds a conversation). */
  seed?: number;
  /** Phone number prefix for seeded debtors ('90' → +8190…). */
  phonePrefix?: string;
  /**
   * 'fixed' (default): the app's clock stays at a weekday 10:00 JST. 'running': it starts there and
   * advances with real time (timers come due, a throttle's notBefore passes).
   */
  clock?: 'fixed' | 'running';
  /** Extra app environment (e.g. SEND_RATE_LIMITS for the drain half of scenario 3). */
  env?: Record<string, string>;
  /** Worker concurrency per queue (full-workers; default 2). */
  concurrency?: number;
  /** Run the periodic sweep as production does (SWEEP_INTERVAL_MS 5000); off by default in the bench. */
  sweep?: boolean;
  /**
   * --app-split: use another child's database and Redis prefix instead of fresh ones (that child drops
   * them at its exit), as a second process of one deployment does (the worker beside `--role api`).
   */
  attach?: { dbUrl: string; redisPrefix?: string };
  /** false: no HTTP server (the worker of --app-split, as `--role worker`); port 0 is reported. */
  http?: boolean;
}

type Msg =
  | { cmd: 'cpu' }
  | { cmd: 'seed'; n: number; offset: number; prefix: string }
  | { cmd: 'arm'; n: number; leadMs: number; spreadMs: number; conversationPhonePrefix: string }
  | { cmd: 'mem' }
  | { cmd: 'stop' };

const cfg = JSON.parse(process.env.BENCH_CHILD ?? '{}') as ChildConfig;
// BENCH_V8_FLAGS='--heap-growing-percent=50 …': V8 flags NODE_OPTIONS does not take, set before the app loads (experiments).
// The app's own heap policy first (as main.ts), then any experiment's flags over it.
// HEAP_GROWING_PERCENT (the app's env, default 30; 0 = V8's own factor) as main.ts reads it.
if (cfg.variant === 'full' || cfg.variant === 'full-workers') (await import('../src/heap')).installHeapPolicy(Number(process.env.HEAP_GROWING_PERCENT ?? 30));
if (process.env.BENCH_V8_FLAGS) setFlagsFromString(process.env.BENCH_V8_FLAGS);
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const inboundUrl = `${BENCH_PUBLIC_BASE_URL}/webhooks/twilio/inbound`;
const cleanups: Array<() => Promise<void>> = [];
let statements = 0;
/** The child's own database (Postgres only): the parent reads timers rows there (scenario 4). */
let dbUrl: string | undefined;
let redisPrefix: string | undefined;

function send(m: unknown) {
  process.send?.(m);
}

async function freshPostgres(url: string): Promise<Database> {
  const { openPostgres } = await import('../src/db/client');
  if (cfg.attach) {
    // Another child's database (--app-split): migrated and dropped by that child.
    dbUrl = cfg.attach.dbUrl;
    const idle = process.env.DB_IDLE_TIMEOUT_S ? Number(process.env.DB_IDLE_TIMEOUT_S) : undefined;
    const db = await openPostgres(dbUrl, { max: Math.max(10, 3 * (cfg.concurrency ?? 2) + 4), idleTimeoutS: idle, migrate: false, onStatement: () => statements++ });
    cleanups.push(() => db.close());
    return db;
  }
  const name = `saisoku_bench_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = pgClient(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  // BENCH_PG_STATS=<server log>: each statement's parse/bind/execute CPU in its backend goes to the server log (bench/lib/pg-stats.ts reads it).
  if (process.env.BENCH_PG_STATS) for (const k of ['log_statement_stats = on', 'log_min_duration_statement = 0']) await admin.unsafe(`alter database ${name} set ${k}`);
  // BENCH_EXPLAIN=<ms>: auto_explain of the app's statements slower than that (plans only, no ANALYZE timing), into the server's log,
  // as bench/round-cost.ts does: which plan (generic or custom) each execution really ran, e.g. before statistics and after an import.
  // BENCH_PLAN_CACHE_MODE=<mode>: that plan_cache_mode on the app's database (decision 0151 tried force_generic_plan).
  if (process.env.BENCH_PLAN_CACHE_MODE) await admin.unsafe(`alter database ${name} set plan_cache_mode = '${process.env.BENCH_PLAN_CACHE_MODE.replace(/[^a-z_]/g, '')}'`);
  if (process.env.BENCH_EXPLAIN) {
    await admin.unsafe(`alter database ${name} set session_preload_libraries = 'auto_explain'`);
    for (const [k, v] of [['log_min_duration', Number(process.env.BENCH_EXPLAIN)], ['log_nested_statements', 'on'], ['log_format', 'json']] as const)
      await admin.unsafe(`alter database ${name} set auto_explain.${k} = '${v}'`);
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  dbUrl = u.toString();
  // BENCH_SQL_LOG=<file>: every statement's first 110 characters with a ms stamp (how many round trips a reply costs).
  const sqlLog = process.env.BENCH_SQL_LOG;
  const onStatement = sqlLog
    ? (_connection: number, query: string) => {
        statements++;
        appendFileSync(sqlLog, `${Date.now()} ${query.replace(/\s+/g, ' ').slice(0, 110)}\n`);
      }
    : () => statements++;
  // DB_IDLE_TIMEOUT_S (the app's env, default 0: connections kept; decision 0144) as bootstrap reads it.
  const idleTimeoutS = process.env.DB_IDLE_TIMEOUT_S ? Number(process.env.DB_IDLE_TIMEOUT_S) : undefined;
  // DB_INGEST_POOL (the app's env, default 0: none; decision 0170): the webhooks' group commit's own connections, as bootstrap opens them.
  const ingestPool = process.env.DB_INGEST_POOL ? Number(process.env.DB_INGEST_POOL) : 0;
  const db = await openPostgres(u.toString(), { max: Math.max(10, 3 * (cfg.concurrency ?? 2) + 4), ingestPool, idleTimeoutS, onStatement, warm: process.env.DB_POOL_WARM === '1' });
  cleanups.push(async () => {
    await db.close();
    // BENCH_KEEP_DB=<file>: the kept database's name is appended to that file; =1 (as round-cost.ts takes it): printed only.
    const keep = process.env.BENCH_KEEP_DB;
    if (keep === '1' || keep === 'true') console.error(`kept database ${name}`);
    else if (keep) appendFileSync(keep, name + '\n');
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  return db;
}

async function benchQueue(): Promise<{ queue: JobQueue; kind: string }> {
  const url = process.env.REDIS_URL;
  const { createMemoryQueue } = await import('../src/queue/memory-queue');
  const { createBullmqQueue } = await import('../src/queue/bullmq-queue');
  const { Redis } = await import('ioredis');
  if (!url) return { queue: createMemoryQueue({ backoffMs: 50 }), kind: 'memory' };
  if (cfg.attach?.redisPrefix) {
    // Another child's prefix (--app-split): its keys are deleted by that child.
    redisPrefix = cfg.attach.redisPrefix;
    return { queue: createBullmqQueue(url, { prefix: redisPrefix }), kind: `bullmq (prefix ${redisPrefix}, shared)` };
  }
  const prefix = `bench${crypto.randomUUID().slice(0, 8)}`;
  redisPrefix = prefix;
  const queue = createBullmqQueue(url, { prefix });
  cleanups.push(async () => {
    const r = new Redis(url);
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0' && ++rounds < 100_000);
    r.disconnect();
  });
  return { queue, kind: `bullmq (prefix ${prefix})` };
}

function listenHono(app: Hono<any>): Promise<number> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port)) as Server;
    server.keepAliveTimeout = 60_000;
    cleanups.unshift(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
  });
}

function verify(rawBody: string, signature: string | undefined) {
  return verifyTwilioSignature({ authToken: cfg.authToken, url: inboundUrl, signature, rawBody });
}

let onSeed: ((n: number, offset: number, prefix: string) => Promise<number>) | null = null;
type Armed = { armed: number; loMs: number; hiMs: number };
let onArm: ((n: number, leadMs: number, spreadMs: number, phonePrefix: string) => Promise<Armed>) | null = null;

/** Starts at `start` and advances with the real clock. */
function runningClock(start: string) {
  const offset = new Date(start).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

async function start(): Promise<{ port: number; info: Record<string, unknown> }> {
  switch (cfg.variant) {
    case 'raw': {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          Buffer.concat(chunks);
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(EMPTY_TWIML);
        });
      });
      server.keepAliveTimeout = 60_000;
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
      return { port: (server.address() as AddressInfo).port, info: {} };
    }
    case 'hono-bare': {
      const app = new Hono().post('/webhooks/twilio/inbound', (c) => c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml' }));
      return { port: await listenHono(app), info: {} };
    }
    case 'hono-text': {
      const app = new Hono().post('/webhooks/twilio/inbound', async (c) => {
        const form = new URLSearchParams(await c.req.text());
        if (!form.get('MessageSid')) return c.text('bad', 400);
        return c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml' });
      });
      return { port: await listenHono(app), info: {} };
    }
    case 'hono-parsebody': {
      const app = new Hono().post('/webhooks/twilio/inbound', async (c) => {
        const form = await c.req.parseBody();
        if (!form['MessageSid']) return c.text('bad', 400);
        return c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml' });
      });
      return { port: await listenHono(app), info: {} };
    }
    case 'hono-hmac': {
      const app = new Hono().post('/webhooks/twilio/inbound', async (c) => {
        const raw = await c.req.text();
        if (!(await verify(raw, c.req.header('x-twilio-signature')))) return c.text('forbidden', 403);
        const form = new URLSearchParams(raw);
        if (!form.get('MessageSid') || !form.get('From')) return c.text('bad', 400);
        return c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml' });
      });
      return { port: await listenHono(app), info: {} };
    }
    case 'full':
    case 'full-workers': {
      const { openPglite, createTwilioProvider, keepAliveFetch, ManualClock, parseEnv, createLogger, buildServices, createApp, startWorkers, createDebt, relay, emptyPostCommit, sql } = await loadApp();
      const database = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : await openPglite();
      const { queue, kind } = await benchQueue();
      const provider = createTwilioProvider({
        accountSid: cfg.accountSid,
        authToken: cfg.authToken,
        from: TWILIO_TO,
        apiBaseUrl: cfg.fakeBaseUrl ?? 'http://127.0.0.1:9',
        fetch: keepAliveFetch(),
      });
      // A weekday morning in Tokyo: inside the allowed hours, so replies are answered at once.
      const clock = cfg.clock === 'running' ? runningClock('2026-11-20T10:00:00+09:00') : new ManualClock('2026-11-20T10:00:00+09:00');
      // SMS_DOMESTIC_ROUTES: the fake Twilio stands in for a domestic route for the +81 debtors (COMPLIANCE rule 12).
      // SEND_RATE_LIMITS twilio=off: the send stage's throttle (send-batch) would hold the bench's long code to
      // Twilio's 1 msg/s, and under the fixed clock forever; only the drain scenario sets a limit (cfg.env).
      const env = parseEnv({ PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL, ADMIN_API_TOKEN: 'bench-admin-token-0123456789', SWEEP_INTERVAL_MS: cfg.sweep ? '5000' : '600000', DATA_DIR: '/tmp/saisoku-bench-unused', ...FAKE_TWILIO_DOMESTIC, SEND_RATE_LIMITS: 'twilio=off', ...cfg.env });
      const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent');
      const services = await buildServices(env, { database, queue, provider, clock, log });
      const app = cfg.http === false ? null : createApp(services);
      const workers = cfg.variant === 'full-workers' ? startWorkers(services, { sweep: cfg.sweep ?? false, concurrency: cfg.concurrency ?? 2 }) : null;
      cleanups.unshift(async () => {
        workers?.stop();
        await queue.close();
      });
      cleanups.push(() => database.close().catch(() => {}));
      onSeed = async (n, offset, prefix) => {
        let created = 0;
        let next = 0;
        const one = async () => {
          while (next < n) {
            const i = offset + next++;
            const phone = jpPhone(i, prefix);
            const r = await createDebt(services, {
              debtor: { externalRef: `C-${prefix}-${i}`, name: '山田 太郎', phone: phone.local, locale: 'ja', timezone: 'Asia/Tokyo', consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'contract' } },
              debt: { externalRef: `INV-${prefix}-${i}`, amount: 12000, currency: 'JPY', dueDate: '2026-11-21' },
              flow: 'standard-ja',
            } as never);
            if (r.status === 'created') created++;
          }
        };
        await Promise.all(Array.from({ length: database.kind === 'postgres' ? 8 : 1 }, one));
        return created;
      };
      onArm = async (n, leadMs, spreadMs, phonePrefix) => {
        const startMs = clock.now().getTime() + leadMs;
        // One new 'reminder' timer (the first step's event) for each of n conversations whose debtor's
        // number starts with the prefix, due from startMs over spreadMs, written in one statement and
        // woken the way the app wakes its own new timers after commit (relay). The debtors are read once (an
        // array), then their conversations by conversations_debtor_idx: as a join, without statistics, the
        // second shape's arming was planned as a scan of every debtor per conversation (12–13.5 s for 20,000,
        // the storm's replies then squeezed into its last 1.5–3 s; storm13).
        const rows = await database.db.execute(sql`
          insert into timers (conversation_id, name, event, due_at)
          select c.id, 'reminder', '{"type":"reminder","step":0}'::jsonb,
                 to_timestamp((${startMs}::float8 + ${spreadMs}::float8 * (row_number() over (order by c.id) - 1) / ${n}::float8) / 1000.0)
          from (select c.id from conversations c
                where c.status = 'active' and c.debtor_id = any(array(select d.id from debtors d where d.phone like ${`+81${phonePrefix}%`}))
                order by c.id limit ${n}) c
          returning id, due_at`);
        const armed = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<{ id: string; due_at: string | Date }>;
        for (let i = 0; i < armed.length; i += 500)
          await relay(services, { ...emptyPostCommit(), timers: armed.slice(i, i + 500).map((t) => ({ id: t.id, dueAt: new Date(t.due_at) })) });
        return { armed: armed.length, loMs: startMs, hiMs: startMs + spreadMs };
      };
      if (cfg.seed) await onSeed(cfg.seed, 0, cfg.phonePrefix ?? '90');
      return {
        port: app ? await listenHono(app) : 0,
        info: {
          ...(cfg.attach ? { role: cfg.http === false ? 'worker (no HTTP)' : 'attached' } : {}),
          database: database.kind,
          queue: kind,
          workers: cfg.variant === 'full-workers' ? `conversation/timer/send, concurrency ${cfg.concurrency ?? 2}` : 'none',
          clock: cfg.clock ?? 'fixed',
          /** The app's clock minus the real one (ms): due times in rows are in the app's clock. */
          clockOffsetMs: clock.now().getTime() - Date.now(),
          ...(cfg.env ? { env: cfg.env } : {}),
          // Whether this build's configuration knows a per-sender send rate (send-batch's throttle).
          throttleConfig: Object.entries(env).filter(([k, v]) => /rate_?limit/i.test(k) && v != null && (typeof v !== 'object' || Object.keys(v as object).length > 0)).map(([k]) => k),
          dbUrl,
          redisPrefix,
        },
      };
    }
    case 'noop-pipeline': {
      const endpoint = `${cfg.fakeBaseUrl}/2010-04-01/Accounts/${cfg.accountSid}/Messages.json`;
      const authorization = `Basic ${Buffer.from(`${cfg.accountSid}:${cfg.authToken}`).toString('base64')}`;
      // Same hops as the real path since #12's drain: HTTP in → in-process coalesced signal → one loop takes
      // everything waiting → provider calls concurrently (≤ 16, as deliverOutbox) → HTTP out. No DB, no work.
      const waiting: string[] = [];
      let running = false;
      const post = async (to: string) => {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ To: to, From: TWILIO_TO, Body: 'ok' }).toString(),
        });
        await res.arrayBuffer();
      };
      const kick = () => {
        if (running) return;
        running = true;
        void (async () => {
          try {
            while (waiting.length) {
              const batch = waiting.splice(0, 200);
              for (let i = 0; i < batch.length; i += 16) await Promise.all(batch.slice(i, i + 16).map((to) => post(to).catch(() => {})));
            }
          } finally {
            running = false;
            if (waiting.length) kick();
          }
        })();
      };
      const app = new Hono().post('/webhooks/twilio/inbound', async (c) => {
        const raw = await c.req.text();
        if (!(await verify(raw, c.req.header('x-twilio-signature')))) return c.text('forbidden', 403);
        const from = new URLSearchParams(raw).get('From');
        if (!from) return c.text('bad', 400);
        waiting.push(from);
        kick();
        return c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml' });
      });
      return { port: await listenHono(app), info: { queue: 'in-process signal', workers: 'one coalescing loop, 16 provider calls in flight' } };
    }
  }
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const t = setTimeout(() => process.exit(code), 15_000);
  t.unref();
  for (const c of cleanups) await c().catch(() => {});
  process.exit(code);
}

/** Linux: the RSS split into anonymous (heap, malloc) and file-backed (code) pages, bytes; {} elsewhere. */
function procStatus(): { rssAnon?: number; rssFile?: number; rssBrk?: number; lazyFree?: number } {
  try {
    const t = readFileSync('/proc/self/status', 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(t)?.[1] ?? NaN) * 1024;
    // The RSS of glibc's main arena ([heap], grown by brk) apart from the other anonymous mappings (V8's pages, large mmap'd blocks).
    // And LazyFree: pages given back with madvise(MADV_FREE) (V8 frees heap pages so), still counted in
    // the RSS until the kernel needs the memory.
    let brk = 0;
    let lazyFree = 0;
    let inHeap = false;
    const kbOf = (line: string) => Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
    for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
      if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inHeap = line.endsWith('[heap]');
      else if (inHeap && line.startsWith('Rss:')) brk += kbOf(line);
      else if (line.startsWith('LazyFree:')) lazyFree += kbOf(line);
    }
    return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), rssBrk: brk, lazyFree };
  } catch {
    return {};
  }
}

/**
 * BENCH_PEAK=1: the highs between two 'mem' probes (sampled every 100 ms, no GC): what an import's
 * peak costs, which the after-GC figures do not show (bench/rss-growth.ts turns it on). Off by
 * default (decision 0188): the sampler runs on the app's own thread, where in the timer storm it
 * competes with the firing, and no figure `npm run bench` reports reads it — the RSS from 10k to
 * 100k conversations is the 'mem' probe's after-GC RSS. VmHWM, the kernel's own RSS high-water
 * mark, is sent either way.
 */
const peak = process.env.BENCH_PEAK === '1' ? { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0, newSpace: 0, oldSpace: 0, largeObject: 0 } : null;
if (peak) {
  setInterval(() => {
    const u = process.memoryUsage();
    const sp = Object.fromEntries(getHeapSpaceStatistics().map((x) => [x.space_name, x.space_size]));
    const hi = (k: keyof typeof peak, v: number) => (peak[k] = Math.max(peak[k], v ?? 0));
    hi('rss', u.rss), hi('heapTotal', u.heapTotal), hi('heapUsed', u.heapUsed), hi('external', u.external), hi('arrayBuffers', u.arrayBuffers);
    hi('newSpace', sp.new_space ?? 0), hi('oldSpace', sp.old_space ?? 0), hi('largeObject', sp.large_object_space ?? 0);
  }, 100).unref();
}
const resetPeak = () => peak && Object.keys(peak).forEach((k) => (peak[k as keyof typeof peak] = 0));

// BENCH_GC=<file>: every GC pause (performance.now ms, kind, duration ms) and every CPU reading (a mark: the scenario
// takes one at each step's edges) as JSON lines; bench/gc-steps.ts prints count/max/sum per kind between the marks.
const gcLog = process.env.BENCH_GC ? `${process.env.BENCH_GC}-${process.pid}.jsonl` : undefined;
if (gcLog) {
  const c = perfConstants;
  const kinds: Record<number, string> = { [c.NODE_PERFORMANCE_GC_MINOR]: 'minor', [c.NODE_PERFORMANCE_GC_MAJOR]: 'major', [c.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [c.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb' };
  new PerformanceObserver((list) => {
    const lines = list.getEntries().map((e) => {
      const d = (e as { detail?: { kind?: number; flags?: number } }).detail ?? {};
      // A forced GC (the 'mem' probe's gc(), after the step) is labelled so: it is no pause of the app's own.
      const forced = ((d.flags ?? 0) & c.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;
      return JSON.stringify({ t: Math.round(e.startTime), kind: `${kinds[d.kind ?? 0] ?? String(d.kind)}${forced ? '-forced' : ''}`, ms: Math.round(e.duration * 10) / 10 });
    });
    appendFileSync(gcLog, lines.join('\n') + '\n');
  }).observe({ entryTypes: ['gc'] });
}

// BENCH_HEAP_SAMPLE=<file> (tail19): V8's sampling heap profiler between two CPU readings (BENCH_HEAP_SAMPLE_MARKS=<a>,<b>,
// 0-based, default 9,10: scenario 2's one-step form, the counted step — readings come in pairs, cpu then statements), keeping objects a major GC collected and dropping
// those a scavenge collected: what is left is what the step promoted (or still held at its end). Written as JSON to
// <file>-<pid>.heapprofile; bench/heap-sample.ts reads it. The app's full variants only.
const heapSample = process.env.BENCH_HEAP_SAMPLE && (cfg.variant === 'full' || cfg.variant === 'full-workers') ? `${process.env.BENCH_HEAP_SAMPLE}-${process.pid}.heapprofile` : undefined;
const [heapFrom, heapTo] = (process.env.BENCH_HEAP_SAMPLE_MARKS ?? '9,10').split(',').map(Number);
let cpuReadings = 0;
let heapSession: import('node:inspector/promises').Session | undefined;
const heapMark = async (i: number) => {
  if (!heapSample) return;
  if (i === heapFrom) {
    const { Session } = await import('node:inspector/promises');
    heapSession = new Session();
    heapSession.connect();
    await heapSession.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false } as never);
  } else if (i === heapTo && heapSession) {
    const r = (await heapSession.post('HeapProfiler.stopSampling')) as { profile: unknown };
    (await import('node:fs')).writeFileSync(heapSample, JSON.stringify(r.profile));
    heapSession.disconnect();
    heapSession = undefined;
  }
};

// BENCH_HEAP_SNAPSHOT=<prefix> (heap20): heap snapshots of the app, to see what holds the reply path's objects. At each CPU
// reading listed in BENCH_HEAP_SNAPSHOT_MARKS (0-based, default "9,9": the counted step of the one-step reply form; 5 is
// its idle probe) it waits BENCH_HEAP_SNAPSHOT_AT ms (default 2000) and takes a snapshot; a mark listed twice takes a second
// one BENCH_HEAP_SNAPSHOT_GAP ms (default 1500) after the first is written. One inspector session for all, so a node id
// is the same object in every snapshot. Files: <prefix>-<pid>-<n>.heapsnapshot, and V8's heap spaces just before each
// on stderr. bench/heap-snap.ts reads them. A snapshot stops the loop for seconds: no timing of such a run means anything.
// The app's full variants only.
const heapSnap = process.env.BENCH_HEAP_SNAPSHOT && (cfg.variant === 'full' || cfg.variant === 'full-workers') ? process.env.BENCH_HEAP_SNAPSHOT : undefined;
const snapMarks = (process.env.BENCH_HEAP_SNAPSHOT_MARKS ?? '9,9').split(',').map(Number);
let snapReadings = 0;
let snapN = 0;
let snapSession: import('node:inspector/promises').Session | undefined;
const takeSnapshots = async (count: number) => {
  const { Session } = await import('node:inspector/promises');
  const { openSync, writeSync, closeSync } = await import('node:fs');
  const v8 = await import('node:v8');
  if (!snapSession) { snapSession = new Session(); snapSession.connect(); }
  const s = snapSession;
  const at = Number(process.env.BENCH_HEAP_SNAPSHOT_AT ?? 2000);
  const gap = Number(process.env.BENCH_HEAP_SNAPSHOT_GAP ?? 1500);
  for (let k = 0; k < count; k++) {
    await new Promise((r) => setTimeout(r, k === 0 ? at : gap));
    const n = ++snapN;
    const file = `${heapSnap}-${process.pid}-${n}.heapsnapshot`;
    const spaces = v8.getHeapSpaceStatistics().map((x) => `${x.space_name} ${(x.space_used_size / 1e6).toFixed(1)}`).join(', ');
    const fd = openSync(file, 'w');
    const onChunk = (m: { params: { chunk: string } }) => writeSync(fd, m.params.chunk);
    s.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    const t0 = performance.now();
    await s.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false } as never);
    s.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    closeSync(fd);
    console.error(`heap snapshot ${n}: ${file} (${Math.round(performance.now() - t0)} ms); MB used before it: ${spaces}`);
  }
};

process.on('message', (m: Msg) => {
  if (m.cmd === 'cpu') {
    void heapMark(cpuReadings++).catch((e: unknown) => console.error('heap sample', e));
    if (heapSnap) { const i = snapReadings++; const c = snapMarks.filter((x) => x === i).length; if (c) void takeSnapshots(c).catch((e: unknown) => console.error('heap snapshot', e)); }
    if (gcLog) appendFileSync(gcLog, `${JSON.stringify({ t: Math.round(performance.now()), mark: true })}\n`);
    // BENCH_CPU_PROF: every CPU reading's time (µs, the profile's clock) goes to <dir>/marks-<pid>.jsonl, so
    // bench/profile-reply.ts can read the profile over one step only (the step is between two readings).
    if (process.env.BENCH_CPU_PROF) appendFileSync(`${process.env.BENCH_CPU_PROF}/marks-${process.pid}.jsonl`, `${Math.round(Number(process.hrtime.bigint()) / 1000)}\n`);
    const u = process.cpuUsage();
    send({ type: 'cpu', userUs: u.user, systemUs: u.system, statements });
  } else if (m.cmd === 'seed') {
    (onSeed ? onSeed(m.n, m.offset, m.prefix) : Promise.resolve(0)).then(
      (created) => send({ type: 'seeded', created }),
      (e: unknown) => send({ type: 'error', message: String((e as Error)?.stack ?? e) }),
    );
  } else if (m.cmd === 'arm') {
    (onArm ? onArm(m.n, m.leadMs, m.spreadMs, m.conversationPhonePrefix) : Promise.resolve({ armed: 0, loMs: 0, hiMs: 0 })).then(
      (armed) => send({ type: 'armed', ...armed }),
      (e: unknown) => send({ type: 'error', message: String((e as Error)?.stack ?? e) }),
    );
  } else if (m.cmd === 'mem') {
    // Retained memory, not garbage waiting for the next collection (the child runs with --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    const u = process.memoryUsage();
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((x) => [x.space_name, Math.round(x.space_size / 2 ** 20)]));
    const h = getHeapStatistics();
    const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) * 1024;
    const since = { ...peak, hwm };
    resetPeak();
    send({ type: 'mem', rss: u.rss, heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external, arrayBuffers: u.arrayBuffers, ...procStatus(), peak: since, v8: { physical: h.total_physical_size, malloced: h.malloced_memory, peakMalloced: h.peak_malloced_memory, spacesMiB: spaces } });
  } else if (m.cmd === 'stop') void stop(0);
});
// The parent went away: never linger.
process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

start().then(
  ({ port, info }) => send({ type: 'ready', port, info }),
  (e: unknown) => {
    send({ type: 'error', message: String((e as Error)?.stack ?? e) });
    void stop(1);
  },
);
