import { keepAliveFetch } from './channels/keep-alive-fetch';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { withVerifiers } from './auth/password';
import { createScryptHasher } from './auth/password-node';
import { createPbkdf2Hasher } from './auth/password-webcrypto';
import { reassignmentFromEnv } from './campaigns/reassigned';
import { createConfiguredProviders, createProvider } from './channels';
import { routerFromEnv } from './channels/routing';
import { createRbmProvider, type RbmProvider } from './channels/rbm/provider';
import type { SmsProvider } from './channels/port';
import { detectOptKeyword } from './classify';
import { classifiersFromEnv } from './classify/from-env';
import type { Classifier } from './classify/port';
import type { Env } from './config/env';
import { parseRateLimits } from './config/rate-limits';
import { FlowStore } from './conversation/flow-store';
import { driverPatchProblem, openPglite, openPostgres, type Database } from './db/client';
import { createBullmqQueue } from './queue/bullmq-queue';
import { createMemoryQueue } from './queue/memory-queue';
import { requiredPool } from './workers/workers';
import type { JobQueue } from './queue/port';
import { createLogger } from './log';
import type { Services } from './services';
import { systemClock, type Clock } from './shared/clock';

const FLOWS_DIR = new URL('../flows', import.meta.url).pathname;

export function shippedFlowSources(dir = FLOWS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/**
 * Ingress asks isOptOut, then isOptIn, of the same text: one detection answers both (normalising a
 * reply was the largest app-side cost of a webhook in the ingest profile). Pure, so a one-entry memo.
 */
let lastKeyword: { text: string; keyword: ReturnType<typeof detectOptKeyword> } | undefined;
function optKeyword(text: string): ReturnType<typeof detectOptKeyword> {
  if (lastKeyword?.text !== text) lastKeyword = { text, keyword: detectOptKeyword(text) };
  return lastKeyword.keyword;
}

/** Opt-out at ingress: the rules' deterministic stop keywords (the same decision classifyByRules makes first). */
export const rulesOptOut = (text: string): boolean => optKeyword(text) === 'stop';
/** Re-subscribe at ingress (START, 配信再開), also deterministic. */
export const rulesOptIn = (text: string): boolean => optKeyword(text) === 'start';

/**
 * The embedded default keeps password hashes, debtor data and the admin token under DATA_DIR: the
 * directory is the owner's alone (0700), also when an older version left it open. New files
 * inside are private through the process umask (077), set by the entry point.
 */
export function privateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** chmod go-rwx on everything under `dir` (files 0600, directories 0700). */
export function ownerOnly(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      chmodSync(p, 0o700);
      ownerOnly(p);
    } else if (e.isFile()) chmodSync(p, statSync(p).mode & 0o700);
  }
}

function adminToken(env: Env, dataDir: string, embedded: boolean): string {
  if (env.ADMIN_API_TOKEN) return env.ADMIN_API_TOKEN;
  if (!embedded) throw new Error('ADMIN_API_TOKEN is required when DATABASE_URL is set');
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  privateDataDir(dataDir);
  const token = `sk_${crypto.randomUUID().replace(/-/g, '')}`;
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

export interface BuildOverrides {
  database?: Database;
  queue?: JobQueue;
  provider?: SmsProvider;
  /** More adapters beside `provider` (tests: a fake Rakuten next to the fake Twilio). */
  providers?: SmsProvider[];
  /** The RBM adapter (tests: pointed at the fake RBM). */
  rbm?: RbmProvider;
  classifier?: Classifier;
  clock?: Clock;
  log?: Logger;
  fetch?: typeof fetch;
  /** Aborted when the process (or a test's harness) begins to shut down: see Services.stopping. */
  stopping?: AbortSignal;
  /** Where a patched dependency is installed, instead of node_modules (driverPatchProblem; tests). */
  driverDirs?: Record<string, string>;
}

/** Builds every service from the environment: PGlite + in-process queue when no URLs are set. */
export async function buildServices(env: Env, o: BuildOverrides = {}): Promise<Services> {
  const log = o.log ?? createLogger(env.LOG_LEVEL);
  // Dependencies installed without their patches (--ignore-scripts): said at once. The embedded
  // default does not use postgres.js and starts anyway; openPostgres refuses an unpatched driver.
  const unpatched = driverPatchProblem({ dirs: o.driverDirs });
  if (unpatched) log.error({ dependencyPatches: 'missing' }, unpatched);
  const embedded = !env.DATABASE_URL;
  if (embedded && !o.database) privateDataDir(env.DATA_DIR);
  const database =
    o.database ??
    (env.DATABASE_URL
      ? await openPostgres(env.DATABASE_URL, {
          max: env.DB_POOL_MAX ?? requiredPool(env.WORKER_CONCURRENCY),
          ingestPool: env.DB_INGEST_POOL,
          idleTimeoutS: env.DB_IDLE_TIMEOUT_S,
          onNestedQuery: (e) => log.error({ err: e }, 'query outside the transaction handle (pool starvation risk)'),
        })
      : await openPglite(join(env.DATA_DIR, 'pglite')));
  // PGlite's file layer sets its own modes (0666) on files it unpacks: take them back to the owner.
  if (embedded && !o.database) ownerOnly(env.DATA_DIR);
  const queue =
    o.queue ??
    (env.REDIS_URL
      ? createBullmqQueue(env.REDIS_URL, { onError: (e, name) => log.warn({ err: e, queue: name }, 'job failed') })
      : createMemoryQueue({ onError: (e, name) => log.warn({ err: e, queue: name }, 'job failed') }));
  // Provider calls over node:http with a keep-alive agent (the edge build keeps the platform's fetch).
  const providerFetch = o.fetch ?? keepAliveFetch();
  const provider = o.provider ?? createProvider(env, { fetch: providerFetch });
  const providers = { ...createConfiguredProviders(env, { fetch: providerFetch }, provider), ...Object.fromEntries((o.providers ?? []).map((p) => [p.name, p])) };
  const router = routerFromEnv(env, providers, provider);
  if (env.RCS_COUNTRIES && env.RBM_AGENT_ID && env.RBM_ACCESS_TOKEN && env.RBM_CLIENT_TOKEN) {
    router.rcs = {
      provider: o.rbm ?? createRbmProvider({ agentId: env.RBM_AGENT_ID, accessToken: env.RBM_ACCESS_TOKEN, clientToken: env.RBM_CLIENT_TOKEN, apiBaseUrl: env.RBM_API_BASE_URL, fetch: providerFetch }),
      clientToken: env.RBM_CLIENT_TOKEN,
      countries: env.RCS_COUNTRIES.split(',').map((c) => c.trim().toUpperCase()),
      fallbackAfterMs: env.RCS_FALLBACK_AFTER_MS,
    };
  }
  const classifiers = classifiersFromEnv(env, o.classifier);
  const clock = o.clock ?? systemClock;
  const flows = new FlowStore(database.db);
  await flows.seed(shippedFlowSources(), clock.now());
  return {
    database,
    db: database.db,
    queue,
    provider,
    router,
    classifier: classifiers.rules,
    classifiers,
    isOptOut: rulesOptOut,
    isOptIn: rulesOptIn,
    clock,
    // scrypt for new hashes; people whose password was set on the Workers deployment (PBKDF2) sign in too.
    passwords: withVerifiers(createScryptHasher(), createPbkdf2Hasher()),
    flows,
    log,
    reassignment: reassignmentFromEnv(process.env, (path) => readFileSync(path, 'utf8'), o.fetch),
    ...(o.stopping ? { stopping: o.stopping } : {}),
    config: {
      publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
      adminToken: adminToken(env, env.DATA_DIR, embedded),
      paymentWebhookSecret: env.PAYMENT_WEBHOOK_SECRET,
      sweepIntervalMs: env.SWEEP_INTERVAL_MS,
      reconcileAfterMs: env.RECONCILE_AFTER_MS,
      sendRateLimits: env.SEND_RATE_LIMITS ? parseRateLimits(env.SEND_RATE_LIMITS) : undefined,
    },
  };
}
