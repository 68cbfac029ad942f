import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { auditActor } from '../../auth/actor';
import { campaignResults } from '../../campaigns/results';
import { campaignAudit, campaignProgress, getCampaign, listCampaigns } from '../../campaigns/service';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { authenticate, requireRole } from '../auth';
import { CampaignListPage, CampaignPage, CampaignResultsPage } from './campaigns';
import { pageCtx } from './context';

const Id = z.string().uuid();

/** uPlot, served from the installed package (no CDN). Node only: elsewhere the pages fall back to their tables. */
async function asset(file: 'uPlot.iife.min.js' | 'uPlot.min.css'): Promise<string | null> {
  try {
    const { readFile } = await import('node:fs/promises');
    const { createRequire } = await import('node:module');
    return await readFile(createRequire(import.meta.url).resolve(`uplot/dist/${file}`), 'utf8');
  } catch {
    return null;
  }
}

/** The campaign pages under /ui/campaigns: admins only. */
export function campaignUiRoutes() {
  const load = async (c: Context<AppEnv>) => {
    const id = Id.safeParse(c.req.param('id'));
    const k = id.success ? await getCampaign(c.get('services'), id.data) : null;
    if (!k) throw new AppError('not_found', 'no such campaign');
    return k;
  };
  return new Hono<AppEnv>()
    .use('/ui/campaigns', authenticate({ unauthenticated: 'redirect' }), requireRole('admin'))
    .use('/ui/campaigns/*', authenticate({ unauthenticated: 'redirect' }), requireRole('admin'))
    .use('/ui/assets/*', authenticate({ unauthenticated: 'redirect' }))
    .get('/ui/assets/uplot.js', async (c) => {
      const s = await asset('uPlot.iife.min.js');
      return s ? c.body(s, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'private, max-age=86400' }) : c.notFound();
    })
    .get('/ui/assets/uplot.css', async (c) => {
      const s = await asset('uPlot.min.css');
      return s ? c.body(s, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'private, max-age=86400' }) : c.notFound();
    })
    .get('/ui/campaigns', async (c) => {
      const s = c.get('services');
      const flows = [...new Set((await s.flows.list()).filter((f) => f.status === 'published').map((f) => f.key))];
      return c.html(<CampaignListPage ctx={pageCtx(c)} items={await listCampaigns(s)} flows={flows} />);
    })
    .get('/ui/campaigns/:id', async (c) => {
      const k = await load(c);
      const s = c.get('services');
      const progress = (await campaignProgress(s, k.id))!;
      return c.html(<CampaignPage ctx={pageCtx(c)} campaign={k} progress={progress} audit={await campaignAudit(s, k.id)} isMaker={k.createdBy === auditActor(c.get('actor'))} />);
    })
    .get('/ui/campaigns/:id/results', async (c) => {
      const k = await load(c);
      return c.html(<CampaignResultsPage ctx={pageCtx(c)} campaign={k} results={await campaignResults(c.get('services').db, { campaignId: k.id })} />);
    });
}
