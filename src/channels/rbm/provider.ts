import type { DeliveryStatus, InboundMessage, OutboundRequest, RichCard, SendResult, SmsProvider, StatusUpdate, WebhookRequest } from '../port.js';
import { timingSafeEqualStrings } from '../twilio/signature.js';
import { answered, retryableStatus, timedFetch, unanswered, type ProviderAnswer, type ProviderFetch } from '../http.js';
import { toHex } from '../../shared/hex.js';

/**
 * Google RCS Business Messaging (rcsbusinessmessaging.googleapis.com, v1).
 *
 * - Capability: `GET /v1/phones/{E.164}/capabilities?requestId=<uuid>&agentId=…` → 200 with
 *   `features`, 404 when the number cannot receive RBM.
 * - Send: `POST /v1/phones/{E.164}/agentMessages?messageId=<ours>&agentId=…` with `{contentMessage}`:
 *   `text`, or `richCard.standaloneCard.cardContent {title, description, suggestions}`; suggestions are
 *   `{reply: {text, postbackData}}` and `{action: {text, postbackData, openUrlAction: {url}}}`. The
 *   messageId is ours (derived from the outbox idempotency key), so a retry answers 409 ALREADY_EXISTS
 *   instead of sending twice.
 * - Revoke: `DELETE /v1/phones/{E.164}/agentMessages/{messageId}?agentId=…`: 200 when revoked; 404 when
 *   it was already delivered (then there is nothing to fall back for).
 * - Webhook: a Pub/Sub-style push `{message: {data: base64(JSON), messageId, publishTime}}`; header
 *   `X-Goog-Signature` = base64(HMAC-SHA512(clientToken, decoded data)). The console's first POST is
 *   `{clientToken, secret}`: answer the secret when the token is ours. Events: `eventType` DELIVERED,
 *   READ (IS_TYPING ignored); messages: `text`, or `suggestionResponse {postbackData, text}`.
 * - Auth: `Authorization: Bearer <OAuth2 access token>` for the rcsbusinessmessaging scope (RBM_ACCESS_TOKEN).
 */
export interface RbmProviderOptions {
  agentId: string;
  accessToken: string;
  /** The clientToken the Developer Console shows for the webhook. */
  clientToken: string;
  apiBaseUrl?: string;
  fetch?: ProviderFetch;
  timeoutMs?: number;
}

export const RBM_SIGNATURE_HEADER = 'x-goog-signature';
const DEFAULT_TIMEOUT_MS = 10_000;
const encoder = new TextEncoder();

export interface RbmProvider extends SmsProvider {
  /** Can this number receive RBM? 'unknown' when the API could not say (treat as not capable: SMS). */
  capable(phone: string): Promise<'yes' | 'no' | 'unknown'>;
  /** Withdraw an undelivered message: 'revoked', 'delivered' (too late: nothing to fall back for), or 'unknown'. */
  revoke(phone: string, providerMessageId: string): Promise<'revoked' | 'delivered' | 'unknown'>;
}

function header(req: WebhookRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function base64ToBytes(b64: string): Uint8Array | null {
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function bytesToBase64(bytes: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
}

/** The push envelope's decoded `message.data`, or null. */
export function decodeEnvelope(rawBody: string): { bytes: Uint8Array; event: Record<string, unknown> } | null {
  let env: unknown;
  try {
    env = JSON.parse(rawBody);
  } catch {
    return null;
  }
  const data = (env as { message?: { data?: unknown } } | null)?.message?.data;
  if (typeof data !== 'string') return null;
  const bytes = base64ToBytes(data);
  if (!bytes) return null;
  try {
    const event: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return event && typeof event === 'object' && !Array.isArray(event) ? { bytes, event: event as Record<string, unknown> } : null;
  } catch {
    return null;
  }
}

export async function rbmSignature(clientToken: string, data: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(clientToken), { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
  return bytesToBase64(await crypto.subtle.sign('HMAC', key, data as BufferSource));
}

/** The console's webhook check `{clientToken, secret}`: the secret to echo when the token is ours, else null. */
export function verificationSecret(rawBody: string, clientToken: string): string | null {
  try {
    const o = JSON.parse(rawBody) as { clientToken?: unknown; secret?: unknown };
    if (typeof o.clientToken !== 'string' || typeof o.secret !== 'string') return null;
    return timingSafeEqualStrings(o.clientToken, clientToken) ? o.secret : null;
  } catch {
    return null;
  }
}

const s = (o: Record<string, unknown>, k: string) => (typeof o[k] === 'string' && (o[k] as string).trim() ? (o[k] as string).trim() : undefined);

export function parseRbmInbound(rawBody: string): { ok: true; value: InboundMessage } | { ok: false; error: string } {
  const d = decodeEnvelope(rawBody);
  if (!d) return { ok: false, error: 'message.data is not base64 JSON' };
  const e = d.event;
  if (s(e, 'eventType')) return { ok: false, error: 'an event, not a message' };
  const id = s(e, 'messageId');
  if (!id) return { ok: false, error: 'messageId is missing' };
  const from = s(e, 'senderPhoneNumber');
  if (!from) return { ok: false, error: 'senderPhoneNumber is missing' };
  const to = s(e, 'agentId');
  if (!to) return { ok: false, error: 'agentId is missing' };
  const sr = e.suggestionResponse as { postbackData?: unknown; text?: unknown } | undefined;
  if (sr && typeof sr === 'object') {
    if (typeof sr.postbackData !== 'string' || !sr.postbackData) return { ok: false, error: 'suggestionResponse.postbackData is missing' };
    return { ok: true, value: { provider: 'rbm', providerMessageId: id, from, to, body: typeof sr.text === 'string' ? sr.text : '', channel: 'rcs', postback: sr.postbackData.slice(0, 2048) } };
  }
  if (typeof e.text !== 'string') return { ok: false, error: 'text is missing' };
  return { ok: true, value: { provider: 'rbm', providerMessageId: id, from, to, body: e.text, channel: 'rcs' } };
}

/** RBM events → ours. READ keeps 'delivered' and sets `read`. */
export const RBM_EVENT_MAP: Readonly<Record<string, { status: DeliveryStatus; read?: true }>> = {
  DELIVERED: { status: 'delivered' },
  READ: { status: 'delivered', read: true },
};

export function parseRbmStatus(rawBody: string): { ok: true; value: StatusUpdate } | { ok: false; error: string } {
  const d = decodeEnvelope(rawBody);
  if (!d) return { ok: false, error: 'message.data is not base64 JSON' };
  const type = s(d.event, 'eventType');
  if (!type) return { ok: false, error: 'eventType is missing' };
  const mapped = RBM_EVENT_MAP[type];
  if (!mapped) return { ok: false, error: `eventType "${type.slice(0, 40)}" is not a delivery event` };
  const id = s(d.event, 'messageId');
  if (!id) return { ok: false, error: 'messageId is missing' };
  return { ok: true, value: { provider: 'rbm', providerMessageId: id, status: mapped.status, channel: 'rcs', ...(mapped.read ? { read: true } : {}) } };
}

/** contentMessage for a request: the rich card when given, else the text. */
export function contentMessage(body: string, rich?: RichCard): Record<string, unknown> {
  if (!rich) return { text: body };
  const suggestions = [
    ...rich.replies.map((r) => ({ reply: { text: r.text, postbackData: r.postback } })),
    ...(rich.openUrl ? [{ action: { text: rich.openUrl.text, postbackData: rich.openUrl.postback, openUrlAction: { url: rich.openUrl.url } } }] : []),
  ];
  return { richCard: { standaloneCard: { cardOrientation: 'VERTICAL', cardContent: { title: rich.title, description: rich.description, suggestions } } } };
}

/** Our messageId for RBM: stable per outbox row, so a retry is recognised (409) instead of sent twice. */
export async function rbmMessageId(idempotencyKey: string): Promise<string> {
  const h = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(idempotencyKey)));
  return `sk-${toHex(h.subarray(0, 16))}`;
}


export function createRbmProvider(opts: RbmProviderOptions): RbmProvider {
  if (!opts.agentId || !opts.accessToken || !opts.clientToken) throw new Error('RBM provider needs agentId, accessToken and clientToken');
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = (opts.apiBaseUrl ?? 'https://rcsbusinessmessaging.googleapis.com').replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const auth = { authorization: `Bearer ${opts.accessToken}`, accept: 'application/json' };
  const agent = encodeURIComponent(opts.agentId);
  const phonePath = (phone: string) => `${base}/v1/phones/${encodeURIComponent(phone)}`;

  const call = (url: string, init: RequestInit) => timedFetch(doFetch, 'RBM', url, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } }, timeoutMs);

  async function send(req: OutboundRequest): Promise<SendResult> {
    const messageId = await rbmMessageId(req.idempotencyKey);
    const res = await call(`${phonePath(req.to)}/agentMessages?messageId=${messageId}&agentId=${agent}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contentMessage: contentMessage(req.body, req.rich) }),
    });
    if (!answered(res)) return unanswered(res);
    // 409: this messageId exists already — an earlier attempt of this same row got through.
    if (res.ok || res.status === 409) return { ok: true, providerMessageId: messageId, channel: 'rcs', status: 'sent' };
    let detail = '';
    try {
      const j = (await res.json()) as { error?: { status?: string; message?: string } };
      detail = [j.error?.status, j.error?.message].filter(Boolean).join(': ').slice(0, 120);
    } catch {
      detail = '';
    }
    return { ok: false, retryable: retryableStatus(res.status), ...(res.status === 404 ? { notCapable: true } : {}), error: `RBM ${res.status}${detail ? ` ${detail}` : ''}` };
  }

  return {
    name: 'rbm',
    send,
    async capable(phone) {
      const res = await call(`${phonePath(phone)}/capabilities?requestId=${crypto.randomUUID()}&agentId=${agent}`, { method: 'GET' });
      if (!answered(res)) return 'unknown';
      if (res.status === 404) return 'no';
      return res.ok ? 'yes' : 'unknown';
    },
    async revoke(phone, id) {
      const res = await call(`${phonePath(phone)}/agentMessages/${encodeURIComponent(id)}?agentId=${agent}`, { method: 'DELETE' });
      if (!answered(res)) return 'unknown';
      if (res.ok) return 'revoked';
      return res.status === 404 ? 'delivered' : 'unknown';
    },
    async verifySignature(req) {
      const given = header(req, RBM_SIGNATURE_HEADER);
      if (!given) return false;
      const d = decodeEnvelope(req.rawBody);
      if (!d) return false;
      return timingSafeEqualStrings(given, await rbmSignature(opts.clientToken, d.bytes));
    },
    parseInbound: (req) => parseRbmInbound(req.rawBody),
    parseStatus: (req) => parseRbmStatus(req.rawBody),
  };
}
