import { Hono } from 'hono';
import { ClassifyInput, type Classifier } from '../../classify/port.js';
import { AppError } from '../../shared/errors.js';

/**
 * POST / (mounted at /api/classify, behind bearer auth): classify one reply, CONTRACT.md
 * "Classification". `now` is optional and defaults to the server clock.
 */
export function classifyRoutes(deps: { classifier: Classifier; now?: () => Date }): Hono {
  const now = deps.now ?? (() => new Date());
  const app = new Hono();
  app.post('/', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new AppError('bad_request', 'body must be JSON');
    }
    if (body && typeof body === 'object' && !Array.isArray(body) && (body as { now?: unknown }).now === undefined) {
      body = { ...body, now: now().toISOString() };
    }
    const parsed = ClassifyInput.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.join('.') || 'body';
      throw new AppError('bad_request', `${where}: ${first?.message ?? 'invalid'}`, { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    }
    try {
      new Intl.DateTimeFormat('en', { timeZone: parsed.data.timezone });
    } catch {
      throw new AppError('bad_request', `timezone: unknown time zone ${JSON.stringify(parsed.data.timezone)}`);
    }
    return c.json(await deps.classifier.classify(parsed.data));
  });
  return app;
}
