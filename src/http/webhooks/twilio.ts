import { Hono, type Context } from 'hono';
import { ingestInbound } from '../../conversation/ingress';
import { applyStatus } from '../../channels/status';
import { providerNamed } from '../../outbox/routes';
import { AppError } from '../../shared/errors';
import { trace, traceNow, tracing } from '../../shared/trace';
import type { AppEnv } from '../app';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** The URL Twilio signed: PUBLIC_BASE_URL + the request's path and query. */
const signedUrl = (publicBaseUrl: string, requestUrl: string) => {
  const u = new URL(requestUrl);
  return `${publicBaseUrl.replace(/\/$/, '')}${u.pathname}${u.search}`;
};
/** Every webhook of a route comes to the same URL: the last one's signed form is kept (a pure function of the two strings; #12). */
let lastSigned: { base: string; url: string; signed: string } | undefined;
function signedUrlOf(publicBaseUrl: string, requestUrl: string): string {
  if (lastSigned?.base !== publicBaseUrl || lastSigned.url !== requestUrl) lastSigned = { base: publicBaseUrl, url: requestUrl, signed: signedUrl(publicBaseUrl, requestUrl) };
  return lastSigned.signed;
}

/** Verifies the signature over PUBLIC_BASE_URL + path (+ query) and every posted field. */
async function verified(c: Context<AppEnv>) {
  const s = c.get('services');
  const provider = providerNamed(s, 'twilio');
  if (!provider) throw new AppError('not_found', 'the Twilio provider is not configured');
  const rawBody = await c.req.text();
  const req = {
    url: signedUrlOf(s.config.publicBaseUrl, c.req.url),
    headers: { 'x-twilio-signature': c.req.header('x-twilio-signature') },
    rawBody,
  };
  if (!(await provider.verifySignature(req))) throw new AppError('forbidden', 'invalid X-Twilio-Signature');
  return { s, provider, req };
}

/** Thin routes: verify, parse, hand to ingress; 200 at once. */
export function twilioWebhooks() {
  return new Hono<AppEnv>()
    .post('/inbound', async (c) => {
      const h0 = tracing ? traceNow() : 0;
      const { s, provider, req } = await verified(c);
      const parsed = provider.parseInbound(req);
      if (!parsed.ok) throw new AppError('unprocessable', parsed.error);
      const h1 = tracing ? traceNow() : 0;
      await ingestInbound(s, parsed.value);
      // The handler's own time for the trace (ack17): verify + parse (v), then the ingest (in).
      if (tracing) trace('hook', { h0, v: h1 - h0, in: traceNow() - h1 });
      return c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml' });
    })
    .post('/status', async (c) => {
      const { s, provider, req } = await verified(c);
      const parsed = provider.parseStatus(req);
      if (!parsed.ok) throw new AppError('unprocessable', parsed.error);
      await applyStatus(s, 'twilio', parsed.value.providerMessageId, parsed.value.status, parsed.value.errorCode);
      return c.body(null, 204);
    });
}
