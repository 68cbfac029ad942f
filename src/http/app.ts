import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createMetrics } from '../metrics/prometheus';
import type { Services } from '../services';
import { AppError } from '../shared/errors';
import type { Actor } from '../auth/actor';
import { authenticate, bearerAuth } from './auth';
import { conversationPolicy } from './conversation-policy';
import { campaignRoutes } from './routes/campaigns';
import { classifyRoutes } from './routes/classify';
import { collectorRoutes } from './routes/collector';
import { conversationRoutes } from './routes/conversations';
import { debtRoutes } from './routes/debts';
import { healthRoutes } from './routes/health';
import { payRoutes } from './routes/pay';
import { simulatorRoutes } from './routes/simulator';
import { campaignUiRoutes } from './ui/campaign-routes';
import { peopleAndUiRoutes, publicUiRoutes } from './ui/routes';
import { paymentWebhooks } from './webhooks/payments';
import { twilioWebhooks } from './webhooks/twilio';

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
    c.set('requestId', c.req.header('x-request-id') ?? crypto.randomUUID());
    await next();
    c.header('x-request-id', c.get('requestId'));
  });
  const metrics = createMetrics(services);
  app.use('/webhooks/*', metrics.observeWebhooks);
  app.get('/metrics', metrics.handler);
  app.route('/', healthRoutes());
  app.route('/webhooks/twilio', twilioWebhooks());
  app.route('/webhooks/payments', paymentWebhooks());
  app.route('/p', payRoutes());
  app.route('/', publicUiRoutes());
  app.use('/api/*', bearerAuth());
  app.use('/api/conversations/*', conversationPolicy());
  app.route('/api/debts', debtRoutes());
  app.route('/api/conversations', conversationRoutes());
  app.route('/api/conversations', collectorRoutes());
  app.route('/api/campaigns', campaignRoutes());
  app.route('/api/classify', classifyRoutes({ classifier: services.classifier, now: () => services.clock.now() }) as never);
  if (services.provider.name === 'simulator') {
    // The web phone shows every debtor's thread and can speak for any number: signed-in people only.
    app.use('/simulator', authenticate({ unauthenticated: 'redirect' }));
    app.use('/simulator/*', authenticate({ unauthenticated: 'redirect' }));
    app.route('/simulator', simulatorRoutes());
  }
  app.route('/', campaignUiRoutes());
  app.route('/', peopleAndUiRoutes());
  opts.extend?.(app, services);

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}`, requestId: c.get('requestId') } }, 404));
  app.onError((e, c) => {
    const requestId = c.get('requestId') ?? crypto.randomUUID();
    if (e instanceof AppError) {
      return c.json({ error: { code: e.code, message: e.message, requestId, ...(e.details ? { details: e.details } : {}) } }, e.status as never);
    }
    if (e instanceof HTTPException) {
      return c.json({ error: { code: e.status === 401 ? 'unauthorized' : 'bad_request', message: e.message, requestId } }, e.status);
    }
    services.log.error({ err: e, requestId, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: 'internal error', requestId } }, 500);
  });
  return app;
}
