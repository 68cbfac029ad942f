import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createMetrics } from '../metrics/prometheus';
import type { Services } from '../services';
import { AppError, codeOf, errorBody } from '../shared/errors';
import { dependencyOf } from '../shared/dependency';
import type { Actor } from '../auth/actor';
import { bearerAuth } from './auth';
import { conversationPolicy } from './conversation-policy';
import { requestIdFrom, securityHeaders } from './headers';
import { requestLimits } from './limits';
import { accessPolicy } from './policy';
import { campaignRoutes } from './routes/campaigns';
import { classifyRoutes } from './routes/classify';
import { collectorRoutes } from './routes/collector';
import { conversationRoutes } from './routes/conversations';
import { deadLetterRoutes } from './routes/dead-letters';
import { debtRoutes } from './routes/debts';
import { healthRoutes } from './routes/health';
import { payRoutes } from './routes/pay';
import { simulatorRoutes } from './routes/simulator';
import { campaignUiRoutes } from './ui/campaign-routes';
import { deadLetterUiRoutes } from './ui/dead-letters';
import { peopleAndUiRoutes, publicUiRoutes } from './ui/routes';
import { paymentWebhooks } from './webhooks/payments';
import { twilioWebhooks } from './webhooks/twilio';
import { rakutenWebhooks } from './webhooks/rakuten';
import { rbmWebhooks } from './webhooks/rbm';
import { flowCostRoutes } from './routes/flow-cost';

export type AppEnv = {
  Variables: {
    services: Services;
    requestId: string;
    /** Who is asking: set by authenticate() on /api/* and /ui/*. */
    actor: Actor;
    /** The browser session behind `actor`, when it came from a cookie. */
    session: { id: string; csrfToken: string } | null;
  };
};

export interface AppOptions {
  /** Extra routers mounted by later capabilities (classification, payments, UI). */
  extend?: (app: Hono<AppEnv>, services: Services) => void;
}

/** The HTTP app: no Node-only APIs here, so the same app can run on Workers. */
export function createApp(services: Services, opts: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('services', services);
    c.set('requestId', requestIdFrom(c.req.header('x-request-id')));
    await next();
    // On the response's own headers, as securityHeaders() does: c.header() after the answer is made
    // reads `bodyUsed` and copies the response, which makes @hono/node-server build a web Response and
    // stream out its body instead of writing the string it holds (~3 % of a webhook's CPU, #12).
    c.res.headers.set('x-request-id', c.get('requestId'));
  });
  app.use('*', securityHeaders({ https: services.config.publicBaseUrl.startsWith('https:') }));
  // Body size per route, before anything reads it.
  app.use('*', requestLimits());
  // Who may call what: one table (policy.ts), checked before any route.
  app.use('*', accessPolicy());
  const metrics = createMetrics(services);
  app.use('/webhooks/*', metrics.observeWebhooks);
  app.get('/metrics', metrics.handler);
  app.route('/', healthRoutes());
  app.route('/webhooks/twilio', twilioWebhooks());
  app.route('/webhooks/rakuten', rakutenWebhooks());
  app.route('/webhooks/rbm', rbmWebhooks());
  app.route('/webhooks/payments', paymentWebhooks());
  app.route('/p', payRoutes());
  app.route('/', publicUiRoutes());
  app.use('/api/*', bearerAuth());
  app.use('/api/conversations/*', conversationPolicy());
  app.route('/api/debts', debtRoutes());
  app.route('/api/admin/dead-letters', deadLetterRoutes());
  app.route('/api/conversations', conversationRoutes());
  app.route('/api/conversations', collectorRoutes());
  app.route('/api/campaigns', campaignRoutes());
  app.route('/api/flows', flowCostRoutes());
  app.route('/api/classify', classifyRoutes<AppEnv>({ classifier: services.classifier, clock: services.clock }));
  if (services.provider.name === 'simulator') {
    // The web phone shows every debtor's thread and can speak for any number: admins only (policy.ts).
    app.route('/simulator', simulatorRoutes());
  }
  app.route('/', campaignUiRoutes());
  app.route('/', deadLetterUiRoutes());
  app.route('/', peopleAndUiRoutes());
  opts.extend?.(app, services);

  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`, c.get('requestId')), 404));
  app.onError((e, c) => {
    const requestId = c.get('requestId') ?? crypto.randomUUID();
    if (e instanceof AppError) {
      return c.json(errorBody(e.code, e.message, requestId, { ...(e.reason ? { reason: e.reason } : {}), ...(e.details ? { details: e.details } : {}) }), e.status);
    }
    if (e instanceof HTTPException) {
      // A framework refusal keeps its status (413 body limit, 403, …) and gets the code of that status.
      return c.json(errorBody(codeOf(e.status), e.message, requestId), e.status);
    }
    // A dependency that is down is a 503 with Retry-After: the caller (a provider's webhook, a
    // browser) retries; nothing was accepted and dropped.
    const down = dependencyOf(e);
    if (down) {
      services.log.warn({ err: e, requestId, path: c.req.path, dependency: down }, 'dependency down');
      c.header('retry-after', '5');
      return c.json(errorBody('unavailable', `the ${down} is unavailable; retry shortly`, requestId), 503);
    }
    // A character no text column can hold (NUL) that got past the validators: the input's fault, and nothing was written.
    if (hasDbCode(e, ['22021', '22P05'])) return c.json(errorBody('unprocessable', 'the input holds a character that cannot be stored (NUL)', requestId), 422);
    services.log.error({ err: e, requestId, path: c.req.path }, 'unhandled error');
    return c.json(errorBody('internal', 'internal error', requestId), 500);
  });
  return app;
}

/** postgres.js and PGlite put the SQLSTATE on the error; drizzle wraps it in `cause`. */
function hasDbCode(e: unknown, codes: string[]): boolean {
  for (let cur = e as { code?: unknown; cause?: unknown } | undefined, i = 0; cur && i < 4; cur = cur.cause as typeof cur, i++) {
    if (typeof cur.code === 'string' && codes.includes(cur.code)) return true;
  }
  return false;
}
