import type { MiddlewareHandler } from 'hono';
import type { Histogram, Registry } from 'prom-client';
import { sql, type SQL } from 'drizzle-orm';
import { sameSecret } from '../auth/tokens';
import { rowsOf as rows } from '../db/batch';
import type { DbOrTx } from '../db/client';
import type { Services } from '../services';

/** Who may scrape: a bearer METRICS_TOKEN, or anyone when METRICS_PUBLIC=1 (a network that already restricts it). */
export interface MetricsAccess {
  token?: string;
  public?: boolean;
}

const env = () => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
export const metricsAccessFromEnv = (): MetricsAccess => ({ token: env().METRICS_TOKEN || undefined, public: env().METRICS_PUBLIC === '1' });

/**
 * Prometheus metrics for one app. Counts that live in Postgres (queue depth, sends, refusals,
 * classifier tiers, dead letters) are read at scrape time, so every process reports the same truth
 * and a restart loses nothing; webhook latency is observed in this process.
 */
export function createMetrics(services: Pick<Services, 'db' | 'clock' | 'log'>, access: () => MetricsAccess = metricsAccessFromEnv) {
  // prom-client is loaded on first use, so the app module itself imports nothing Node-only (Workers).
  let built: Promise<{ registry: Registry; webhook: Histogram } | null> | null = null;
  const build = () =>
    (built ??= import('prom-client')
      .then((prom) => buildRegistry(prom, services))
      .catch((e) => {
        services.log.warn({ err: e }, 'prom-client unavailable on this runtime; /metrics is off');
        return null;
      }));

  /** Times every webhook request. */
  const observeWebhooks: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      // Only paths a route answered become labels: an unknown path cannot grow the series.
      const route = c.res.status === 404 || !/^\/webhooks\/[a-z]+(\/[a-z-]+)?$/.test(c.req.path) ? 'unmatched' : c.req.path;
      const status = String(c.res.status);
      // Recorded without making the webhook wait for the first load of prom-client.
      void build().then((m) => m?.webhook.observe({ route, status }, seconds));
    }
  };

  const handler: MiddlewareHandler = async (c) => {
    const a = access();
    if (!a.public) {
      const h = c.req.header('authorization') ?? '';
      const given = h.startsWith('Bearer ') ? h.slice(7).trim() : '';
      if (!a.token) return c.json({ error: { code: 'not_found', message: 'metrics are off: set METRICS_TOKEN (or METRICS_PUBLIC=1 behind a private network)', requestId: c.get('requestId') } }, 404);
      if (!given || !sameSecret(given, a.token)) return c.json({ error: { code: 'unauthorized', message: 'a valid metrics bearer token is required', requestId: c.get('requestId') } }, 401);
    }
    const m = await build();
    if (!m) return c.json({ error: { code: 'unavailable', message: 'metrics are not available on this runtime', requestId: c.get('requestId') } }, 503);
    return c.body(await m.registry.metrics(), 200, { 'content-type': m.registry.contentType });
  };
  return { observeWebhooks, handler };
}

function buildRegistry(prom: typeof import('prom-client'), services: Pick<Services, 'db' | 'clock'>) {
  const { Gauge, Histogram, Registry, collectDefaultMetrics } = prom;
  const registry = new Registry();
  try {
    collectDefaultMetrics({ register: registry, prefix: 'saisoku_' });
  } catch {
    /* not on Node: process metrics are unavailable */
  }
  const webhook = new Histogram({
    name: 'saisoku_webhook_duration_seconds',
    help: 'Time to answer a webhook (inbound SMS, delivery status, payment), by route and HTTP status',
    labelNames: ['route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const db = services.db;
  const gauge = (name: string, help: string, labelNames: string[], read: () => Promise<Array<{ labels: Record<string, string>; value: number }>>) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const r of await read()) this.set(r.labels, r.value);
      },
    });
  gauge('saisoku_queue_depth', 'Work waiting in Postgres per queue (send: outbox pending/held, timer: pending timers due, conversation: inbound not yet applied)', ['queue', 'state'], async () => {
    const now = services.clock.now();
    const r = await rows<{ queue: string; state: string; n: number }>(
      db,
      sql`select 'send' as queue, status as state, count(*)::int as n from outbox where status in ('pending','held','sending') group by status
          union all select 'timer', case when due_at <= ${now.toISOString()}::timestamptz then 'due' else 'scheduled' end, count(*)::int from timers where status = 'pending' group by 2
          union all select 'conversation', 'waiting', count(*)::int from messages where direction = 'inbound' and processed_at is null and conversation_id is not null`,
    );
    return r.map((x) => ({ labels: { queue: x.queue, state: x.state }, value: Number(x.n) }));
  });
  gauge('saisoku_outbound_messages', 'Outbound messages by delivery status and route (provider, channel)', ['status', 'provider', 'channel'], async () =>
    (await rows<{ status: string; provider: string; channel: string; n: number }>(db, sql`select status, provider, channel, count(*)::int as n from messages where direction = 'outbound' group by 1, 2, 3`)).map((x) => ({
      labels: { status: x.status, provider: x.provider, channel: x.channel },
      value: Number(x.n),
    })),
  );
  gauge('saisoku_gate_decisions', 'Send gate refusals and holds by reason (from the audit log)', ['decision', 'reason'], async () =>
    (
      await rows<{ type: string; reason: string; n: number }>(
        db,
        sql`select type, coalesce(data->>'reason', 'unknown') as reason, count(*)::int as n from audit_events where type in ('send.refused', 'send.held') group by 1, 2`,
      )
    ).map((x) => ({ labels: { decision: x.type === 'send.refused' ? 'refused' : 'held', reason: x.reason }, value: Number(x.n) })),
  );
  gauge('saisoku_classified_messages', 'Inbound messages by the classifier tier that decided them (rules, llm, …)', ['tier'], async () =>
    (await rows<{ tier: string; n: number }>(db, sql`select coalesce(classified_by, 'unclassified') as tier, count(*)::int as n from messages where direction = 'inbound' group by 1`)).map((x) => ({
      labels: { tier: x.tier },
      value: Number(x.n),
    })),
  );
  gauge('saisoku_dead_letters', 'Outbound work that ended failed and will not be retried, by kind', ['kind'], async () =>
    (await rows<{ kind: string; n: number }>(db, sql`select kind, count(*)::int as n from outbox where status = 'failed' group by 1`)).map((x) => ({ labels: { kind: x.kind }, value: Number(x.n) })),
  );
  gauge('saisoku_campaigns', 'Campaigns by status', ['status'], async () =>
    (await rows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from campaigns group by 1`)).map((x) => ({ labels: { status: x.status }, value: Number(x.n) })),
  );

  return { registry, webhook };
}
