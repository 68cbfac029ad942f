import { requiredPool } from '../workers/workers';
import { withVerifiers } from '../auth/password';
import { createScryptHasher } from '../auth/password-node';
import { createPbkdf2Hasher } from '../auth/password-webcrypto';
import { createConfiguredProviders, createProvider } from '../channels';
import { routerFromEnv } from '../channels/routing';
import { parseRateLimits } from '../config/rate-limits';
import { detectOptKeyword } from '../classify';
import { classifiersFromEnv } from '../classify/from-env';
import { FlowStore } from '../conversation/flow-store';
import { openPostgres } from '../db/client';
import { createCloudflareQueue, type CloudflareJobQueue } from '../queue/cloudflare-queue';
import { createLogger } from '../log';
import type { Services } from '../services';
import { systemClock } from '../shared/clock';
import { edgeConfig, type WorkerEnv } from './config';
import { shippedFlows } from './flows';

export type { WorkerEnv } from './config';

export type EdgeServices = Services & { queue: CloudflareJobQueue };

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
  const database = await openPostgres(cfg.DATABASE_URL!, { max: requiredPool(1), migrate: false });
  const queue = createCloudflareQueue(env.JOBS, { onError: (e, name) => log.warn({ err: e, queue: name }, 'job failed') });
  const classifiers = classifiersFromEnv(cfg);
  // The same route table as on Node (SMS_ROUTES, SMS_DOMESTIC_ROUTES, SMS_FAILOVER): without it a +81
  // number has no domestic route and every send to it is refused (COMPLIANCE rule 12).
  const provider = createProvider(cfg);
  const router = routerFromEnv(cfg, createConfiguredProviders(cfg, {}, provider), provider);
  const flows = new FlowStore(database.db);
  if (!seeded) {
    await flows.seed(shippedFlows, systemClock.now());
    seeded = true;
  }
  return {
    database,
    db: database.db,
    queue,
    provider,
    router,
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
      sendRateLimits: cfg.SEND_RATE_LIMITS ? parseRateLimits(cfg.SEND_RATE_LIMITS) : undefined,
    },
  };
}
