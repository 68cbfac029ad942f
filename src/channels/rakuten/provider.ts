import type { OutboundRequest, SendResult, SmsProvider, WebhookRequest } from '../port.js';
import { isGsm7 } from '../segments.js';
import { timingSafeEqualStrings } from '../twilio/signature.js';
import { answered, retryableStatus, timedFetch, unanswered, type ProviderAnswer, type ProviderFetch } from '../http.js';
import { parseRakutenInbound, parseRakutenStatus, toMsisdn } from './parse.js';
import { systemClock } from '../../shared/clock.js';

/**
 * Rakuten CPaaS SMS API (docs.cpaas.symphony.rakuten.net): a domestic Japanese route with two-way
 * SMS (COMPLIANCE rule 12).
 *
 * - Auth: `GET {base}/auth/v1/token` with HTTP Basic (API key : secret) answers `{jwt_token}`; every
 *   submit carries `Authorization: Bearer <jwt>`. The token is cached until a minute before its `exp`
 *   and fetched again after a 401 (once: the 401 proves nothing was sent).
 * - Send: `POST {base}/sms/v1/submit` JSON `{from, to: "81…" (no "+"), message_type: "unicode" |
 *   "text", unicode_message|text_message: {text}}`; concatenated messages up to 1,520 characters.
 *   The answer's `message_id` is the id MO replies and delivery reports refer to.
 * - Webhooks (MO and delivery reports) are plain JSON posts with no signature: the URL registered in
 *   the customer portal carries a shared secret (`/webhooks/rakuten/<secret>/inbound`), or a proxy
 *   adds it as the `x-rakuten-webhook-secret` header. Either is checked in constant time.
 */
export interface RakutenProviderOptions {
  apiKey: string;
  apiSecret: string;
  /** Registered sender ID or number. */
  from: string;
  /** The shared secret the webhook URL (or header) carries. */
  webhookSecret: string;
  /** Default https://api.cpaas.symphony.rakuten.net; no trailing slash needed. */
  apiBaseUrl?: string;
  fetch?: ProviderFetch;
  timeoutMs?: number;
  /** Injected for tests of token expiry; the system clock by default (the token's TTL is the provider's real time). */
  now?: () => number;
}

export const RAKUTEN_SECRET_HEADER = 'x-rakuten-webhook-secret';
/** The submit API's limit for one concatenated message. */
export const RAKUTEN_MAX_CHARS = 1520;
const DEFAULT_TIMEOUT_MS = 10_000;
const WEBHOOK_PATH = /\/webhooks\/rakuten\/([^/]+)\/(?:inbound|status)\/?$/;

function header(req: WebhookRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** The secret a webhook request presents: the path segment, else the header. */
export function presentedSecret(req: WebhookRequest): string | undefined {
  let path = '';
  try {
    path = new URL(req.url).pathname;
  } catch {
    path = '';
  }
  const m = WEBHOOK_PATH.exec(path);
  if (m) {
    try {
      return decodeURIComponent(m[1]!);
    } catch {
      return undefined;
    }
  }
  return header(req, RAKUTEN_SECRET_HEADER);
}

/** `exp` (seconds) of a JWT, without verifying it: only used to know when to fetch a new one. */
function jwtExpiry(token: string): number | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

async function readJson(res: ProviderAnswer): Promise<Record<string, unknown>> {
  try {
    const v: unknown = await res.json();
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}


export function createRakutenProvider(opts: RakutenProviderOptions): SmsProvider {
  if (!opts.apiKey || !opts.apiSecret) throw new Error('Rakuten provider needs apiKey and apiSecret');
  if (!opts.from) throw new Error('Rakuten provider needs a sender (from)');
  if (!opts.webhookSecret || opts.webhookSecret.length < 16) throw new Error('Rakuten provider needs a webhook secret of at least 16 characters');
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = (opts.apiBaseUrl ?? 'https://api.cpaas.symphony.rakuten.net').replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = opts.now ?? (() => systemClock.now().getTime());
  let token: { jwt: string; until: number } | null = null;

  async function jwt(): Promise<{ ok: true; jwt: string } | { ok: false; retryable: boolean; error: string }> {
    if (token && token.until > now()) return { ok: true, jwt: token.jwt };
    const res = await timedFetch(doFetch, 'Rakuten token endpoint', `${base}/auth/v1/token`, { method: 'GET', headers: { authorization: `Basic ${btoa(`${opts.apiKey}:${opts.apiSecret}`)}`, accept: 'application/json' } }, timeoutMs);
    if (!answered(res)) return { ok: false, retryable: true, error: res.error };
    const json = await readJson(res);
    if (!res.ok || typeof json.jwt_token !== 'string' || !json.jwt_token) {
      return { ok: false, retryable: retryableStatus(res.status), error: `Rakuten token ${res.status}` };
    }
    const exp = jwtExpiry(json.jwt_token);
    token = { jwt: json.jwt_token, until: exp ? exp - 60_000 : now() + 5 * 60_000 };
    return { ok: true, jwt: json.jwt_token };
  }

  async function submit(req: OutboundRequest, bearer: string): Promise<ProviderAnswer | SendResult> {
    const unicode = !isGsm7(req.body);
    const payload = {
      from: opts.from,
      to: toMsisdn(req.to),
      message_type: unicode ? 'unicode' : 'text',
      ...(unicode ? { unicode_message: { text: req.body } } : { text_message: { text: req.body } }),
    };
    const res = await timedFetch(doFetch, 'Rakuten', `${base}/sms/v1/submit`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, accept: 'application/json', 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(payload) }, timeoutMs);
    return answered(res) ? res : unanswered(res);
  }

  async function send(req: OutboundRequest): Promise<SendResult> {
    if ([...req.body].length > RAKUTEN_MAX_CHARS) return { ok: false, retryable: false, error: `body is over ${RAKUTEN_MAX_CHARS} characters` };
    if (!/^\+?\d{6,15}$/.test(req.to)) return { ok: false, retryable: false, error: 'recipient is not an E.164 number' };
    for (let attempt = 0; attempt < 2; attempt++) {
      const t = await jwt();
      if (!t.ok) return { ok: false, retryable: t.retryable, error: t.error };
      const res = await submit(req, t.jwt);
      if ('retryable' in res || 'providerMessageId' in res) return res; // a SendResult: no answer to read
      const json = await readJson(res);
      if (res.status === 401 && attempt === 0) {
        token = null; // expired or revoked: one fresh token, then give up
        continue;
      }
      if (!res.ok) {
        const detail = typeof json.result_message === 'string' ? ` ${json.result_message.slice(0, 100)}` : '';
        return { ok: false, retryable: retryableStatus(res.status), error: `Rakuten ${res.status}${detail}` };
      }
      const id = json.message_id;
      if (typeof id !== 'string' || !id) return { ok: false, retryable: false, mayHaveSent: true, error: `Rakuten ${res.status} answer has no message_id` };
      return { ok: true, providerMessageId: id, channel: 'sms', status: 'sent' };
    }
    return { ok: false, retryable: false, error: 'Rakuten refused the credentials (401)' };
  }

  return {
    name: 'rakuten',
    sender: opts.from,
    send,
    async verifySignature(req) {
      const given = presentedSecret(req);
      return given !== undefined && timingSafeEqualStrings(given, opts.webhookSecret);
    },
    parseInbound: (req) => parseRakutenInbound(req.rawBody),
    parseStatus: (req) => parseRakutenStatus(req.rawBody),
  };
}
