import { Hono } from 'hono';
import { z } from 'zod';
import { billing } from '../../channels/billing';
import { routeCost, routePrice } from '../../channels/cost';
import { render } from '../../flow/templates';
import { SAMPLE_VARS, validateFlow } from '../../conversation/validate';
import { routerOf } from '../../outbox/routes';
import { pricedRoutes } from '../../channels/routing';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { jsonBody } from '../validate';
import { FlowSource } from './flows';

export const CostBody = FlowSource.extend({
  /** Routes to price; default: the flow's SMS route, and RCS when this deployment tries it for that country. */
  routes: z.array(z.string().regex(/^[a-z0-9-]{1,32}$/)).min(1).max(5).optional(),
  debtors: z.number().int().min(1).max(10_000_000).default(1000),
});

const processEnv = () => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * `POST /api/flows/cost`: segments and cost per template and route (with sample values), and per
 * `debtors` (1,000 by default) for the whole schedule — what the flow editor and a campaign preview show.
 */
export function flowCostRoutes() {
  return new Hono<AppEnv>().post('/cost', async (c) => {
    const body = await jsonBody(c, CostBody);
    const v = validateFlow(body.source);
    if (!v.ok) throw new AppError('unprocessable', 'the flow is not valid', { issues: v.issues });
    const flow = v.flow;
    const router = routerOf(c.get('services'));
    const routes = body.routes ?? pricedRoutes(router, flow.jurisdiction);
    const env = processEnv();
    const templates = Object.entries(flow.templates).flatMap(([name, byLocale]) => {
      const t = byLocale[flow.locale];
      if (t === undefined) return [];
      const texts = typeof t === 'string' ? [t] : t;
      return texts.map((text, variant) => {
        const sample = render(text, SAMPLE_VARS(flow));
        return {
          template: name,
          ...(texts.length > 1 ? { variant } : {}),
          routes: routes.map((route) => routeCost(sample, routePrice(route, env))),
        };
      });
    });
    // The whole schedule for `debtors` debtors (first variant of each step): the campaign-preview figure.
    const schedule = routes.map((route) => {
      const p = routePrice(route, env);
      const parts = flow.schedule.reduce((n, s) => {
        const t = s.template ? flow.templates[s.template]?.[flow.locale] : undefined;
        const text = t === undefined ? '' : typeof t === 'string' ? t : t[0]!;
        return n + (text ? billing(route, render(text, SAMPLE_VARS(flow))).parts : 0);
      }, 0);
      return { route, partsPerDebtor: parts, currency: p.currency, perDebtor: round(parts * p.perSegment), total: round(parts * p.perSegment * body.debtors) };
    });
    return c.json({ flow: flow.key, debtors: body.debtors, routes, templates, schedule });
  });
}
