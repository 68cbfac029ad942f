import type { Hono } from 'hono';
import type { Classifier } from '../../src/classify/port';
import twilio from 'twilio';
import { buildServices } from '../../src/bootstrap';
import { createSimulatorProvider } from '../../src/channels';
import { createTwilioProvider } from '../../src/channels/twilio/provider';
import { parseEnv } from '../../src/config/env';
import { openPglite, type Database } from '../../src/db/client';
import { createApp, type AppEnv } from '../../src/http/app';
import { createBullmqQueue } from '../../src/queue/bullmq-queue';
import { createMemoryQueue } from '../../src/queue/memory-queue';
import type { JobQueue } from '../../src/queue/port';
import { startWorkers } from '../../src/workers/workers';
import type { Services } from '../../src/services';
import { ManualClock, type Clock } from '../../src/shared/clock';
import { freshDatabase } from './db';
import { testLogger } from './test-log';
import { FAKE_TWILIO_DOMESTIC, startFakeTwilio, type FakeTwilio } from './fake-twilio';
import { startFakeRakuten, type FakeRakuten } from './fake-rakuten';
import { createRakutenProvider } from '../../src/channels/rakuten/provider';
import { startFakeRbm, type FakeRbm } from './fake-rbm';
import { deleteKeys } from './redis-keys';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const PUBLIC_BASE_URL = 'https://saisoku.test';
export const TWILIO_FROM = '+15005550006';
export const RAKUTEN_FROM = '815012345678';
export const RAKUTEN_WEBHOOK_SECRET = 'rakuten-webhook-secret-0123456789';

/** Real Postgres when DATABASE_URL is set (CI), otherwise PGlite in memory. */
export async function testDatabase(): Promise<Database> {
  return process.env.DATABASE_URL ? freshDatabase() : openPglite();
}

/** BullMQ on the real Redis under a prefix of this test's own when REDIS_URL is set, else in-process. */
export function testQueue(prefix: string, kind?: 'memory'): JobQueue {
  return process.env.REDIS_URL && kind !== 'memory' ? createBullmqQueue(process.env.REDIS_URL, { prefix, backoffMs: 50 }) : createMemoryQueue({ backoffMs: 50 });
}

export interface Harness {
  services: Services;
  app: Hono<AppEnv>;
  clock: Clock;
  fake: FakeTwilio | null;
  /** The fake Rakuten CPaaS when the harness was started with `rakuten: true`. */
  rakuten: FakeRakuten | null;
  /** The fake RBM API when started with `rbm: true` (RCS for JP numbers that it marks capable). */
  rbm: FakeRbm | null;
  prefix: string;
  workers: ReturnType<typeof startWorkers> | null;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  twilioPost(path: string, params: Record<string, string>, opts?: { signature?: string }): Promise<Response>;
  /** Stop this process's workers and queue connections, as a crash or deploy would. */
  stopWorkers(): Promise<void>;
  /** A new queue connection and workers, as a restarted worker process would have. */
  restartWorkers(): Promise<void>;
  /** Everything this test keeps in Redis is gone (FLUSHALL, scoped to this test's prefix). */
  loseQueue(): Promise<void>;
  waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startHarness(opts: { clock?: Clock; provider?: 'twilio' | 'simulator'; rakuten?: boolean; rbm?: boolean; workers?: boolean; database?: Database; env?: Record<string, string>; queue?: 'memory'; classifier?: Classifier; prefix?: string } = {}): Promise<Harness> {
  const clock = opts.clock ?? new ManualClock('2026-11-20T10:00:00+09:00');
  // `prefix`: another harness's Redis prefix (a second process of one deployment, e.g. a worker beside an api).
  const prefix = opts.prefix ?? `t${crypto.randomUUID().slice(0, 8)}`;
  const database = opts.database ?? (await testDatabase());
  let queue = testQueue(prefix, opts.queue);
  const fake = opts.provider === 'simulator' ? null : await startFakeTwilio();
  const provider = fake
    ? createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, from: TWILIO_FROM, apiBaseUrl: fake.baseUrl })
    : createSimulatorProvider({ token: 'sim-token' });
  const rakuten = opts.rakuten ? await startFakeRakuten() : null;
  const extra = rakuten ? [createRakutenProvider({ apiKey: rakuten.apiKey, apiSecret: rakuten.apiSecret, from: RAKUTEN_FROM, webhookSecret: RAKUTEN_WEBHOOK_SECRET, apiBaseUrl: rakuten.baseUrl })] : [];
  // The fake Twilio has stood in for the Japanese route since before routing existed: it is declared a
  // domestic (Twilio-compatible) route for JP so those tests keep passing COMPLIANCE rule 12; tests of
  // rule 12 itself pass SMS_DOMESTIC_ROUTES: ''.
  const rbm = opts.rbm ? await startFakeRbm() : null;
  const rbmEnv = rbm ? { RBM_AGENT_ID: rbm.agentId, RBM_ACCESS_TOKEN: rbm.accessToken, RBM_CLIENT_TOKEN: rbm.clientToken, RBM_API_BASE_URL: rbm.baseUrl, RCS_COUNTRIES: 'JP' } : {};
  const env = parseEnv({ PUBLIC_BASE_URL, ADMIN_API_TOKEN: ADMIN_TOKEN, SWEEP_INTERVAL_MS: '600000', DATA_DIR: '/tmp/saisoku-test-unused', ...FAKE_TWILIO_DOMESTIC, SEND_RATE_LIMITS: 'twilio=off', ...rbmEnv, ...opts.env });
  const log = testLogger();
  // Aborted first by close(), as the process's shutdown does: the UI's change streams end before the pool closes.
  const stopping = new AbortController();
  const services = await buildServices(env, { database, queue, provider, providers: extra, clock, log, stopping: stopping.signal, ...(opts.classifier && { classifier: opts.classifier }) });
  const app = createApp(services);
  let workers = opts.workers === false ? null : startWorkers(services, { sweep: false, concurrency: 2 });

  const h: Harness = {
    services,
    app,
    clock,
    fake,
    rakuten,
    rbm,
    prefix,
    get workers() {
      return workers;
    },
    async api(method, path, body) {
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    async twilioPost(path, params, o = {}) {
      const url = `${PUBLIC_BASE_URL}${path}`;
      const signature = o.signature ?? twilio.getExpectedTwilioSignature(fake!.authToken, url, params);
      return app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
    },
    async stopWorkers() {
      await workers?.stop();
      workers = null;
      await queue.close();
    },
    async restartWorkers() {
      queue = testQueue(prefix, opts.queue);
      // The new client connects before the test's next sweep uses it (else that sweep races the
      // connect and is refused as "redis is connect" — a flake under load, not the fault tested).
      await queue.ping();
      (services as { queue: JobQueue }).queue = queue;
      workers = startWorkers(services, { sweep: false, concurrency: 2 });
    },
    async loseQueue() {
      if (process.env.REDIS_URL) await loseKeys(prefix);
      else {
        await h.stopWorkers();
        await h.restartWorkers();
      }
    },
    async waitFor(fn, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = await fn();
        if (v) return v as never;
        if (Date.now() > end) throw new Error('waitFor timed out');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      stopping.abort();
      await workers?.stop();
      await queue.close();
      await fake?.close();
      await rakuten?.close();
      await rbm?.close();
      await loseKeys(prefix);
      await database.close();
    },
  };
  return h;
}

async function loseKeys(prefix: string) {
  if (process.env.REDIS_URL) await deleteKeys(process.env.REDIS_URL, prefix);
}

/**
 * A test file's signed Twilio inbound replies (a fresh MessageSid each, padded with `fill` so two files'
 * sids never meet) and what the fake provider received for a phone. `harness` is read at call time.
 */
export function twilioChat(harness: () => Harness, fill: string) {
  let sid = 0;
  return {
    reply: (from: string, body: string) =>
      harness().twilioPost('/webhooks/twilio/inbound', { MessageSid: `SM${String(++sid).padStart(32, fill)}`, AccountSid: harness().fake!.accountSid, From: from, To: TWILIO_FROM, Body: body, NumMedia: '0' }),
    sentTo: (to: string) => harness().fake!.received.filter((r) => r.sid && r.to === to),
    /** `n` debts through the API (phones jpMobile(firstPhone…), refs `<refPrefix><i>`), once each first reminder reached the fake provider. */
    async debtsReminded(n: number, firstPhone: number, refPrefix: string): Promise<Array<{ id: string; phone: string }>> {
      const h = harness();
      const convs: Array<{ id: string; phone: string }> = [];
      for (let i = 0; i < n; i++) {
        const p = jpMobile(firstPhone + i);
        const r = await h.api('POST', '/api/debts', debtPayload({ ref: `${refPrefix}${i}`, phone: p.local, dueDate: '2026-11-21' }));
        if (r.status !== 201) throw new Error(`debt ${refPrefix}${i}: ${r.status} ${JSON.stringify(r.json)}`);
        convs.push({ id: r.json.conversationId, phone: p.e164 });
      }
      await h.waitFor(async () => convs.every((c) => h.fake!.received.filter((r) => r.sid && r.to === c.phone).length === 1), 60_000);
      return convs;
    },
  };
}

/** A valid debt payload; override what the test is about. */
export function debtPayload(o: { ref?: string; phone?: string; dueDate?: string; amount?: number; locale?: 'ja' | 'en'; flow?: string } = {}) {
  const ref = o.ref ?? crypto.randomUUID().slice(0, 8);
  return {
    debtor: {
      externalRef: `C-${ref}`,
      name: '山田 太郎',
      phone: o.phone ?? '090-1234-5678',
      locale: o.locale ?? 'ja',
      timezone: o.locale === 'en' ? 'America/New_York' : 'Asia/Tokyo',
      consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'contract' },
    },
    debt: { externalRef: `INV-${ref}`, amount: o.amount ?? 12000, currency: o.locale === 'en' ? 'USD' : 'JPY', dueDate: o.dueDate ?? '2026-11-21' },
    ...(o.flow ? { flow: o.flow } : {}),
  };
}

/** Distinct valid Japanese mobile numbers for tests that need many debtors. */
export function jpMobile(i: number): { local: string; e164: string } {
  const n = String(10000000 + i).slice(-8);
  return { local: `090${n}`, e164: `+8190${n}` };
}
