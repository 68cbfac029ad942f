import { Hono } from 'hono';
import { z } from 'zod';
import { auditEvents } from '../../../db/schema';
import { auditActor } from '../../auth/actor';
import { diffHunks, lineDiff } from '../../conversation/flow-diff';
import { applyFormPatches, flowForm, FormPatch, previewContext, previewTemplate } from '../../conversation/flow-form';
import { priceForRoute } from './campaigns';
import { pricedRoutes } from '../../channels/routing';
import { routerOf } from '../../outbox/routes';
import { parseScript, simulateFlow } from '../../conversation/simulate';
import { handbackTargets } from '../../conversation/handback';
import { validateFlow, yamlAliasesWithinLimit } from '../../conversation/validate';
import { AppError } from '../../shared/errors';
import { addDays, localDate } from '../../shared/time';
import type { AppEnv } from '../app';
import { requireRole } from '../auth';
import { jsonBody } from '../validate';

export const FlowSource = z.object({ source: z.string().min(1).max(200_000).refine(yamlAliasesWithinLimit, 'the YAML expands its aliases too far (alias bomb); write the values out') });
export const SimulateBody = FlowSource.extend({
  script: z.string().max(20_000),
  start: z.string().datetime({ offset: true }).optional(),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  amount: z.number().positive().max(1e9).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  timezone: z.string().min(1).max(64).optional(),
});
export const FormBody = FlowSource.extend({ patches: z.array(FormPatch).max(50).optional() });
export const PreviewBody = FlowSource.extend({ text: z.string().min(1).max(2000) });
export const DiffBody = FlowSource.extend({ against: z.number().int().positive().optional() });

const Version = z.coerce.number().int().positive();

/** Flow editing for admins: list, read, validate (with lines), simulate, diff, publish. */
export function flowRoutes() {
  return new Hono<AppEnv>()
    .use('*', requireRole('admin'))
    .get('/', async (c) => {
      const rows = await c.get('services').flows.list();
      const byKey = new Map<string, { key: string; versions: typeof rows }>();
      for (const r of rows) {
        const e = byKey.get(r.key) ?? { key: r.key, versions: [] };
        e.versions.push(r);
        byKey.set(r.key, e);
      }
      return c.json({ flows: [...byKey.values()] });
    })
    .get('/:key/versions/:version', async (c) => {
      const v = Version.safeParse(c.req.param('version'));
      const row = v.success ? await c.get('services').flows.source(c.req.param('key'), v.data) : null;
      if (!row) throw new AppError('not_found', 'no such flow version');
      return c.json({ key: row.key, version: row.version, status: row.status, source: row.source, createdBy: row.createdBy, createdAt: row.createdAt, publishedAt: row.publishedAt });
    })
    .post('/validate', async (c) => {
      const { source } = await jsonBody(c, FlowSource);
      const v = validateFlow(source);
      return c.json({ ok: v.ok, issues: v.issues, ...(v.ok ? { key: v.flow.key, states: v.machineStates } : {}) });
    })
    // The form view: read its fields, or apply its changes to the same YAML (then the same validation).
    .post('/form', async (c) => {
      const input = await jsonBody(c, FormBody);
      const applied = input.patches?.length ? applyFormPatches(input.source, input.patches) : { ok: true as const, source: input.source };
      if (!applied.ok) throw new AppError('unprocessable', applied.message);
      const form = flowForm(applied.source);
      if (!form.ok) throw new AppError('unprocessable', form.message);
      const v = validateFlow(applied.source);
      return c.json({ source: applied.source, form: form.form, ok: v.ok, issues: v.issues });
    })
    // A template's text with sample data, priced on the flow's own route (and RCS when on) as /cost prices it.
    .post('/preview', async (c) => {
      const input = await jsonBody(c, PreviewBody);
      const ctx = previewContext(input.source);
      if (!ctx.ok) throw new AppError('unprocessable', ctx.message);
      const routes = pricedRoutes(routerOf(c.get('services')), ctx.flow.jurisdiction);
      return c.json(previewTemplate(ctx.flow, input.text, routes.map(priceForRoute)));
    })
    .post('/simulate', async (c) => {
      const input = await jsonBody(c, SimulateBody);
      const v = validateFlow(input.source);
      if (!v.ok) throw new AppError('unprocessable', 'the flow does not validate', { issues: v.issues });
      const script = parseScript(input.script, { handbackTargets: handbackTargets(v.flow).targets });
      if (!script.ok) throw new AppError('unprocessable', `script line ${script.issues[0]!.line}: ${script.issues[0]!.message}`, { scriptIssues: script.issues });
      const en = v.flow.locale === 'en';
      const timezone = input.timezone ?? (en ? 'America/New_York' : 'Asia/Tokyo');
      const start = input.start ?? c.get('services').clock.now().toISOString();
      const result = simulateFlow(v.flow, script.steps, {
        start,
        dueDate: input.dueDate ?? addDays(localDate(new Date(start), timezone), 1),
        amount: input.amount ?? (en ? 120 : 12000),
        currency: input.currency ?? (en ? 'USD' : 'JPY'),
        timezone,
        publicBaseUrl: c.get('services').config.publicBaseUrl,
      });
      return c.json(result);
    })
    .post('/diff', async (c) => {
      const input = await jsonBody(c, DiffBody);
      const v = validateFlow(input.source);
      const key = v.ok ? v.flow.key : /^key:\s*([a-z0-9-]+)/m.exec(input.source)?.[1];
      const flows = c.get('services').flows;
      const version = input.against ?? (key ? (await flows.list()).find((r) => r.key === key && r.status === 'published')?.version : undefined);
      const prev = key && version ? await flows.source(key, version) : null;
      const lines = lineDiff(prev?.source ?? '', input.source);
      return c.json({ against: prev ? { key: prev.key, version: prev.version } : null, changed: lines.some((l) => l.op !== 'same'), hunks: diffHunks(lines) });
    })
    .post('/', async (c) => {
      const { source } = await jsonBody(c, FlowSource);
      const s = c.get('services');
      const actor = auditActor(c.get('actor'));
      const r = await s.flows.publish(source, actor, s.clock.now());
      if (!r.ok) throw new AppError('unprocessable', 'the flow does not validate; nothing was published', { issues: r.issues });
      await s.db.insert(auditEvents).values({ actor, type: 'flow.published', data: { key: r.key, version: r.version }, createdAt: s.clock.now() });
      return c.json({ key: r.key, version: r.version, issues: r.issues }, 201);
    });
}
