import { Hono } from 'hono';
import { ClassifyInput, type Classifier } from '../../classify/port.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';

/**
 * POST / (mounted at /api/classify, behind bearer auth): classify one reply, CONTRACT.md
 * "Classification". `now` is optional and defaults to the injected clock (never the machine's).
 */
export function classifyRoutes<E extends object = object>(deps: { classifier: Classifier; clock: Clock }): Hono<E> {
  const app = new Hono<E>();
  app.post('/', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new AppError('bad_request', 'body must be JSON');
    }
    if (body && typeof body === 'object' && !Array.isArray(body) && (body as { now?: unknown }).now === undefined) {
      body = { ...body, now: deps.clock.now().toISOString() };
    }
    const parsed = ClassifyInput.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.join('.') || 'body';
      throw new AppError('unprocessable', `${where}: ${first?.message ?? 'invalid'}`, { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    }
    try {
      new Intl.DateTimeFormat('en', { timeZone: parsed.data.timezone });
    } catch {
      throw new AppError('unprocessable', `timezone: unknown time zone ${JSON.stringify(parsed.data.timezone)}`);
    }
    return c.json(await deps.classifier.classify(parsed.data));
  });
  return app;
}
