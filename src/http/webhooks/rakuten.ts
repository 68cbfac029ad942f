import { Hono, type Context } from 'hono';
import { ingestInbound } from '../../conversation/ingress';
import { applyStatus } from '../../channels/status';
import { providerNamed } from '../../outbox/routes';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';

/**
 * Rakuten CPaaS posts JSON with no signature: the shared secret RAKUTEN_WEBHOOK_SECRET rides in the
 * registered URL (`/webhooks/rakuten/<secret>/inbound`) or, behind a proxy, in the
 * `x-rakuten-webhook-secret` header. Checked in constant time by the adapter before anything is read.
 */
async function verified(c: Context<AppEnv>) {
  const s = c.get('services');
  const provider = providerNamed(s, 'rakuten');
  if (!provider) throw new AppError('not_found', 'the Rakuten provider is not configured');
  const rawBody = await c.req.text();
  const u = new URL(c.req.url);
  const req = { url: `${s.config.publicBaseUrl.replace(/\/$/, '')}${u.pathname}`, headers: { 'x-rakuten-webhook-secret': c.req.header('x-rakuten-webhook-secret') }, rawBody };
  if (!(await provider.verifySignature(req))) throw new AppError('forbidden', 'invalid Rakuten webhook secret');
  return { s, provider, req };
}

/** Thin routes: verify, parse, hand to ingress / the status ledger; 200 at once (Rakuten retries anything else for 24 h). */
export function rakutenWebhooks() {
  const inbound = async (c: Context<AppEnv>) => {
    const { s, provider, req } = await verified(c);
    const parsed = provider.parseInbound(req);
    if (!parsed.ok) throw new AppError('bad_request', parsed.error);
    const r = await ingestInbound(s, parsed.value);
    return c.json({ ok: true, duplicate: r.status === 'duplicate' }, 200);
  };
  const status = async (c: Context<AppEnv>) => {
    const { s, provider, req } = await verified(c);
    const parsed = provider.parseStatus(req);
    if (!parsed.ok) throw new AppError('bad_request', parsed.error);
    const r = await applyStatus(s, 'rakuten', parsed.value.providerMessageId, parsed.value.status, parsed.value.errorCode);
    return c.json({ ok: true, result: r }, 200);
  };
  return new Hono<AppEnv>().post('/inbound', inbound).post('/status', status).post('/:secret/inbound', inbound).post('/:secret/status', status);
}
