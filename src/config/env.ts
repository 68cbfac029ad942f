import { z } from 'zod';
import { parseDomesticList, parseRouteList } from './route-lists';
import { parseRateLimits } from './rate-limits';

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
const opt = <T extends z.ZodTypeAny>(s: T) => z.preprocess(emptyToUndefined, s.optional());

/** Parsed once at boot; a bad value stops the process with a message naming the variable. */
export const Env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_BASE_URL: opt(z.string().url()),
    DATABASE_URL: opt(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
    REDIS_URL: opt(z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL')),
    DATA_DIR: z.string().default('.data'),
    ADMIN_API_TOKEN: opt(z.string().min(16, 'must be at least 16 characters')),
    SMS_PROVIDER: z.enum(['simulator', 'twilio', 'rakuten']).default('simulator'),
    /** Routing per debtor (src/channels/routing.ts): "JP=rakuten,*=twilio"; "JP=rakuten>x" adds a failover route. Default: "*=SMS_PROVIDER". */
    SMS_ROUTES: opt(z.string()),
    /** Routes the operator declares domestic (COMPLIANCE rule 12), e.g. "twilio=JP" for a domestic Twilio-compatible endpoint. */
    SMS_DOMESTIC_ROUTES: opt(z.string()),
    /** Failover to the secondary route on 5xx/429/unreachable (never after a timeout): on by default. */
    SMS_FAILOVER: z.enum(['on', 'off']).default('on'),
    /**
     * Messages per second per sending number or service (src/config/rate-limits.ts), e.g.
     * "twilio=1,twilio:MG…=100,rakuten=20,simulator=off". Unlisted: Twilio long code 1/s, short code or
     * messaging service 100/s, other routes unlimited. Sends beyond it wait in Postgres (notBefore), not in a worker.
     */
    SEND_RATE_LIMITS: opt(z.string()),
    /**
     * V8's heap growing factor as a percentage over 1 (src/heap.ts, decision 0134): 30 keeps the RSS flat after a
     * 100,000-row import at some CPU for more frequent full GCs; 0 leaves V8's own (dynamic, up to ~4×) factor.
     */
    HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(400).default(30),
    RAKUTEN_API_KEY: opt(z.string().min(1)),
    RAKUTEN_API_SECRET: opt(z.string().min(1)),
    /** Registered sender ID or number for Rakuten CPaaS. */
    RAKUTEN_FROM: opt(z.string().min(1)),
    /** Shared secret in the MO / delivery-report webhook URL (/webhooks/rakuten/<secret>/inbound) or header. */
    RAKUTEN_WEBHOOK_SECRET: opt(z.string().min(16, 'must be at least 16 characters')),
    /** RCS over Google RBM (issue #13): the agent, an OAuth2 access token for the rcsbusinessmessaging scope, the webhook clientToken. */
    RBM_AGENT_ID: opt(z.string().min(1)),
    RBM_ACCESS_TOKEN: opt(z.string().min(1)),
    RBM_CLIENT_TOKEN: opt(z.string().min(8)),
    RBM_API_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().default('https://rcsbusinessmessaging.googleapis.com')),
    /** Countries whose numbers get RCS first when capable, e.g. "JP,US"; empty = RCS off. */
    RCS_COUNTRIES: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z]{2}(\s*,\s*[A-Za-z]{2})*$/, 'must be ISO country codes like JP,US').optional()),
    /** An RCS message not delivered within this is revoked and its SMS form sent (default 10 minutes). */
    RCS_FALLBACK_AFTER_MS: z.coerce.number().int().min(1000).max(7 * 86_400_000).default(600_000),
    RAKUTEN_API_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().default('https://api.cpaas.symphony.rakuten.net')),
    TWILIO_ACCOUNT_SID: opt(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC + 32 hex digits')),
    TWILIO_AUTH_TOKEN: opt(z.string().min(8)),
    TWILIO_FROM: opt(z.string()),
    TWILIO_MESSAGING_SERVICE_SID: opt(z.string().regex(/^MG[0-9a-fA-F]{32}$/)),
    TWILIO_API_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().default('https://api.twilio.com')),
    OPENAI_API_KEY: opt(z.string()),
    OPENAI_BASE_URL: opt(z.string().url()),
    OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4o-mini')),
    OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
    PAYMENT_WEBHOOK_SECRET: opt(z.string().min(16)),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
    /** A send left 'sending' (its worker died) or 'unknown' (provider timeout) this long is reconciled with the provider; above its 10 s call timeout. */
    RECONCILE_AFTER_MS: z.coerce.number().int().min(15_000).max(3_600_000).default(60_000),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(8),
    /** Postgres pool size; default 3 queues × WORKER_CONCURRENCY + 4 (the start refuses a smaller pool). */
    DB_POOL_MAX: opt(z.coerce.number().int().min(1).max(1000)),
    /** Connections of the webhooks' group commit, a pool apart from DB_POOL_MAX's (decision 0170); 0 (the default): the ingest shares the main pool. */
    DB_INGEST_POOL: z.coerce.number().int().min(0).max(16).default(0),
    /** Seconds a pooled Postgres connection may sit unused before it is closed; 0 (the default): never (decision 0144). */
    DB_IDLE_TIMEOUT_S: z.coerce.number().int().min(0).max(86_400).default(0),
    /** SIGTERM: everything closes within this, or the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  })
  .superRefine((e, ctx) => {
    if (e.SMS_PROVIDER === 'rakuten') {
      for (const k of ['RAKUTEN_API_KEY', 'RAKUTEN_API_SECRET', 'RAKUTEN_FROM', 'RAKUTEN_WEBHOOK_SECRET'] as const)
        if (!e[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required when SMS_PROVIDER=rakuten' });
    }
    if (e.RCS_COUNTRIES) {
      for (const k of ['RBM_AGENT_ID', 'RBM_ACCESS_TOKEN', 'RBM_CLIENT_TOKEN'] as const)
        if (!e[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required when RCS_COUNTRIES is set' });
    }
    if (e.SEND_RATE_LIMITS) {
      try {
        parseRateLimits(e.SEND_RATE_LIMITS);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['SEND_RATE_LIMITS'], message: (err as Error).message });
      }
    }
    for (const k of ['SMS_ROUTES', 'SMS_DOMESTIC_ROUTES'] as const) {
      const v = e[k];
      if (!v) continue;
      try {
        (k === 'SMS_ROUTES' ? parseRouteList : parseDomesticList)(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: [k], message: (err as Error).message });
      }
    }
    if (e.SMS_PROVIDER === 'twilio') {
      for (const k of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_BASE_URL'] as const)
        if (!e[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required when SMS_PROVIDER=twilio' });
      if (!e.TWILIO_FROM && !e.TWILIO_MESSAGING_SERVICE_SID)
        ctx.addIssue({ code: 'custom', path: ['TWILIO_FROM'], message: 'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is required when SMS_PROVIDER=twilio' });
    }
  });
export type Env = z.infer<typeof Env>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const r = Env.safeParse(source);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return r.data;
}
