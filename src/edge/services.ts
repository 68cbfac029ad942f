import { withVerifiers } from '../auth/password';
import { createScryptHasher } from '../auth/password-node';
import { createPbkdf2Hasher } from '../auth/password-webcrypto';
import { createProvider } from '../channels';
import { createClassifier, createLlmClassifier, detectOptKeyword } from '../classify';
import { EnvError, parseEnv } from '../config/env';
import { FlowStore } from '../conversation/flow-store';
import { openPostgres } from '../db/client';
import { createCloudflareQueue, type CloudflareJobQueue, type QueuedJob } from '../jobs/cloudflare-queue';
import { createLogger } from '../log';
import type { Services } from '../services';
import { systemClock } from '../shared/clock';
import type { Hyperdrive, Queue } from './bindings';
import { shippedFlows } from './flows';

/** The Worker's bindings (wrangler.toml) plus its vars and secrets, all strings. */
export interface WorkerEnv {
  HYPERDRIVE: Hyperdrive;
  JOBS: Queue<QueuedJob>;
  [name: string]: unknown;
}

export type EdgeServices = Services & { queue: CloudflareJobQueue };

function stringVars(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Checked once per isolate: a misconfigured Worker answers every request with the same clear error. */
export function edgeConfig(env: WorkerEnv) {
  if (!env.HYPERDRIVE?.connectionString) throw new EnvError('the HYPERDRIVE binding is missing (wrangler.toml [[hyperdrive]])');
  if (!env.JOBS) throw new EnvError('the JOBS queue binding is missing (wrangler.toml [[queues.producers]])');
  const cfg = parseEnv({ ...stringVars(env), DATABASE_URL: env.HYPERDRIVE.connectionString });
  const missing = (['ADMIN_API_TOKEN', 'PUBLIC_BASE_URL'] as const).filter((k) => !cfg[k]);
  if (missing.length) throw new EnvError(`the Worker needs ${missing.join(', ')} (wrangler secret put / [vars])`);
  if (cfg.SMS_PROVIDER !== 'twilio') throw new EnvError('the Worker sends through a real provider: set SMS_PROVIDER=twilio (the simulator keeps state in one process)');
  return cfg;
}

let seeded = false;

/**
 * Services for one request, queue batch or cron run. A Worker may not reuse a socket across
 * requests, so each invocation opens its own postgres.js client over Hyperdrive (which pools the
 * real connections) and the caller closes it with ctx.waitUntil(services.database.close()).
 */
export async function openEdgeServices(env: WorkerEnv): Promise<EdgeServices> {
  const cfg = edgeConfig(env);
  const log = createLogger(cfg.LOG_LEVEL);
  // Migrations run from Node (npm run db:migrate): drizzle's migrator reads db/migrations from disk.
  const database = await openPostgres(cfg.DATABASE_URL!, { max: 5, migrate: false });
  const queue = createCloudflareQueue(env.JOBS, { onError: (e, name) => log.warn({ err: e, queue: name }, 'job failed') });
  const llm = cfg.OPENAI_API_KEY
    ? createLlmClassifier({ apiKey: cfg.OPENAI_API_KEY, baseURL: cfg.OPENAI_BASE_URL, model: cfg.OPENAI_MODEL, timeoutMs: cfg.OPENAI_TIMEOUT_MS })
    : undefined;
  const classifiers = { rules: createClassifier({ llm, onLlmFailure: 'rules' }), human: createClassifier({ llm, onLlmFailure: 'human' }) };
  const flows = new FlowStore(database.db);
  if (!seeded) {
    await flows.seed(shippedFlows, systemClock.now());
    seeded = true;
  }
  return {
    database,
    db: database.db,
    queue,
    provider: createProvider(cfg),
    classifier: classifiers.rules,
    classifiers,
    isOptOut: (text) => detectOptKeyword(text) === 'stop',
    isOptIn: (text) => detectOptKeyword(text) === 'start',
    clock: systemClock,
    // PBKDF2 for new hashes (WebCrypto); scrypt hashes made on Node still verify through nodejs_compat.
    passwords: withVerifiers(createPbkdf2Hasher(), createScryptHasher()),
    flows,
    log,
    config: {
      publicBaseUrl: cfg.PUBLIC_BASE_URL!.replace(/\/$/, ''),
      adminToken: cfg.ADMIN_API_TOKEN!,
      paymentWebhookSecret: cfg.PAYMENT_WEBHOOK_SECRET,
      sweepIntervalMs: 60_000,
    },
  };
}
