import { EnvError, parseEnv } from '../config/env';
import type { QueuedJob } from '../queue/cloudflare-queue';
import type { Hyperdrive, Queue } from './bindings';

/** The Worker's bindings (wrangler.toml) plus its vars and secrets, all strings. */
export interface WorkerEnv {
  HYPERDRIVE: Hyperdrive;
  JOBS: Queue<QueuedJob>;
  [name: string]: unknown;
}

function stringVars(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Checked on every invocation: a misconfigured Worker answers 503 with a message naming what is missing. */
export function edgeConfig(env: WorkerEnv) {
  if (!env.HYPERDRIVE?.connectionString) throw new EnvError('the HYPERDRIVE binding is missing (wrangler.toml [[hyperdrive]])');
  if (!env.JOBS) throw new EnvError('the JOBS queue binding is missing (wrangler.toml [[queues.producers]])');
  const cfg = parseEnv({ ...stringVars(env), DATABASE_URL: env.HYPERDRIVE.connectionString });
  const missing = (['ADMIN_API_TOKEN', 'PUBLIC_BASE_URL'] as const).filter((k) => !cfg[k]);
  if (missing.length) throw new EnvError(`the Worker needs ${missing.join(', ')} (wrangler secret put / [vars])`);
  if (cfg.SMS_PROVIDER !== 'twilio') throw new EnvError('the Worker sends through a real provider: set SMS_PROVIDER=twilio (the simulator keeps state in one process)');
  return cfg;
}

