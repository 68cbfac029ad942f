import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { auditActor } from '../../auth/actor';
import { routePrice } from '../../channels/cost';
import { campaignResults, resultsCsv } from '../../campaigns/results';
import { CreateCampaign, rowsFromCsv, rowsFromJson } from '../../campaigns/rows';
import { campaignAudit, campaignProgress, createCampaign, decideCampaign, getCampaign, listCampaigns, type CampaignAction } from '../../campaigns/service';
import { CHARSET_ERROR, decodeCsvText, requestedCharset } from '../../dunning/csv';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { requireRole } from '../auth';
import { jsonBody } from '../validate';
import type { Locale } from '../../classify/port';

const MAX_CSV_BYTES = 20 * 1024 * 1024;
const Id = z.string().uuid();
const Decision = z.object({ note: z.string().trim().max(500).optional() }).default({});

const processEnv = () => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
/** The price table (SMS_PRICES, else SMS_SEGMENT_PRICE) for one route. */
export const priceForRoute = (route: string) => routePrice(route, processEnv());

function campaignId(c: Context<AppEnv>): string {
  const id = Id.safeParse(c.req.param('id'));
  if (!id.success) throw new AppError('not_found', 'no such campaign');
  return id.data;
}

async function found<T>(v: Promise<T | null>): Promise<T> {
  const r = await v;
  if (!r) throw new AppError('not_found', 'no such campaign');
  return r;
}

/**
 * Campaigns: upload (CSV or JSON) with a preview, maker-checker approval, pause/resume/cancel,
 * progress and results. Admins only; the maker cannot approve their own campaign.
 */
export function campaignRoutes() {
  const decide = (action: CampaignAction) => async (c: Context<AppEnv>) => {
    const id = campaignId(c);
    const body = c.req.header('content-type')?.startsWith('application/json') ? await jsonBody(c, Decision) : {};
    const r = await decideCampaign(c.get('services'), id, action, auditActor(c.get('actor')), body.note);
    if (!r.ok) throw new AppError(r.code, r.message);
    return c.json({ campaign: r.campaign });
  };
  return new Hono<AppEnv>()
    .use('*', requireRole('admin'))
    .post('/', async (c) => {
      const type = c.req.header('content-type') ?? '';
      let meta: CreateCampaign;
      let rows;
      // The flow first: a row without a locale is read in the flow's (its phone number too).
      const flowOf = async (key: string) => {
        const loaded = await c.get('services').flows.latest(key);
        if (!loaded) throw new AppError('unprocessable', `unknown flow "${key}"`, { field: 'flow' });
        return { key, locale: loaded.flow.locale as Locale };
      };
      if (type.startsWith('text/csv')) {
        if (Number(c.req.header('content-length') ?? 0) > MAX_CSV_BYTES) throw new AppError('too_large', `CSV larger than ${MAX_CSV_BYTES} bytes; split it`);
        const q = CreateCampaign.omit({ debts: true }).safeParse({ name: c.req.query('name'), flow: c.req.query('flow'), startAt: c.req.query('startAt') });
        if (!q.success) {
          const i = q.error.issues[0]!;
          throw new AppError('unprocessable', `${i.path.join('.')}: ${i.message} (query parameters name, flow, startAt)`, { field: i.path.join('.') });
        }
        meta = q.data;
        // The import's charsets: UTF-8, or Shift_JIS/CP932 as Excel saves it (detected, or ?charset=).
        const charset = requestedCharset(c.req.query('charset'), type);
        if (charset === null) throw new AppError('unprocessable', CHARSET_ERROR, { field: 'charset' });
        const decoded = await decodeCsvText(new Uint8Array(await c.req.arrayBuffer()), charset);
        if (!decoded.ok) throw new AppError('unprocessable', decoded.error);
        const parsed = rowsFromCsv(decoded.text, await flowOf(meta.flow));
        if (!parsed.ok) throw new AppError('unprocessable', parsed.error);
        rows = parsed.rows;
      } else {
        meta = await jsonBody(c, CreateCampaign);
        rows = rowsFromJson(meta.debts ?? [], await flowOf(meta.flow));
      }
      const r = await createCampaign(c.get('services'), { name: meta.name, flow: meta.flow, startAt: new Date(meta.startAt), rows, actor: auditActor(c.get('actor')), price: priceForRoute });
      if (!r.ok) throw new AppError(r.code, r.message);
      return c.json({ campaign: r.campaign, preview: r.preview }, 201);
    })
    .get('/', async (c) => c.json({ items: await listCampaigns(c.get('services')) }))
    .get('/:id', async (c) => {
      const id = campaignId(c);
      const s = c.get('services');
      const campaign = await found(getCampaign(s, id));
      return c.json({ campaign, progress: await campaignProgress(s, id), audit: await campaignAudit(s, id) });
    })
    .get('/:id/progress', async (c) => c.json(await found(campaignProgress(c.get('services'), campaignId(c)))))
    .get('/:id/results', async (c) => {
      const id = campaignId(c);
      await found(getCampaign(c.get('services'), id));
      return c.json(await campaignResults(c.get('services').db, { campaignId: id }));
    })
    .get('/:id/results.csv', async (c) => {
      const id = campaignId(c);
      const campaign = await found(getCampaign(c.get('services'), id));
      const csv = resultsCsv(await campaignResults(c.get('services').db, { campaignId: id }));
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="campaign-${campaign.id.slice(0, 8)}-results.csv"` });
    })
    .post('/:id/approve', decide('approve'))
    .post('/:id/reject', decide('reject'))
    .post('/:id/pause', decide('pause'))
    .post('/:id/resume', decide('resume'))
    .post('/:id/cancel', decide('cancel'));
}
