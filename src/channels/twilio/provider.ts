import type { OutboundRequest, SendResult, SentLookup, SmsProvider, WebhookRequest } from '../port.js';
import { TWILIO_STATUS_MAP, parseTwilioInbound, parseTwilioStatus } from './parse.js';
import { verifyTwilioSignature } from './signature.js';
import { answered, retryableStatus, timedFetch, unanswered, type ProviderAnswer, type ProviderFetch } from '../http.js';

export interface TwilioProviderOptions {
  accountSid: string;
  authToken: string;
  /** Sender number (E.164). One of `from` or `messagingServiceSid` is required. */
  from?: string;
  /** A Messaging Service picks the sender and, with an RCS sender in its pool, tries RCS first with SMS fallback. */
  messagingServiceSid?: string;
  /** Any Twilio-compatible endpoint; no trailing slash needed. */
  apiBaseUrl?: string;
  fetch?: ProviderFetch;
  /** Per-request timeout; 10 s unless a test needs it shorter. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function header(req: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

interface TwilioMessageJson {
  sid?: unknown;
  status?: unknown;
  from?: unknown;
  code?: unknown;
  message?: unknown;
}

async function readJson(res: ProviderAnswer): Promise<TwilioMessageJson> {
  try {
    const data: unknown = await res.json();
    return data && typeof data === 'object' ? (data as TwilioMessageJson) : {};
  } catch {
    return {};
  }
}

export function createTwilioProvider(opts: TwilioProviderOptions): SmsProvider {
  const { accountSid, authToken, from, messagingServiceSid } = opts;
  if (!accountSid || !authToken) throw new Error('Twilio provider needs accountSid and authToken');
  if (!from && !messagingServiceSid) throw new Error('Twilio provider needs from or messagingServiceSid');

  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = (opts.apiBaseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const endpoint = `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${accountSid}:${authToken}`)}`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function send(req: OutboundRequest): Promise<SendResult> {
    const form = new URLSearchParams({ To: req.to, Body: req.body });
    // A Messaging Service wins when both are set: it is what enables RCS with SMS fallback.
    if (messagingServiceSid) form.set('MessagingServiceSid', messagingServiceSid);
    else if (from) form.set('From', from);
    if (req.statusCallbackUrl) form.set('StatusCallback', req.statusCallbackUrl);

    // Twilio has no idempotency key for Messages: after a timeout the message may have gone out.
    const res = await timedFetch(doFetch, 'Twilio', endpoint, { method: 'POST', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() }, timeoutMs);
    if (!answered(res)) return unanswered(res);

    const json = await readJson(res);
    if (!res.ok) {
      const detail = [typeof json.code === 'number' || typeof json.code === 'string' ? json.code : undefined, json.message]
        .filter((x) => x !== undefined && x !== '')
        .join(': ');
      const retryable = retryableStatus(res.status);
      return { ok: false, retryable, error: `Twilio ${res.status}${detail ? ` ${detail}` : ''}` };
    }
    if (typeof json.sid !== 'string' || !json.sid) {
      // Accepted but unreadable: the message probably exists, so retrying could send it twice.
      return { ok: false, retryable: false, mayHaveSent: true, error: `Twilio ${res.status} answer has no sid` };
    }
    const status = (typeof json.status === 'string' && TWILIO_STATUS_MAP[json.status]) || 'queued';
    const channel = typeof json.from === 'string' && json.from.toLowerCase().startsWith('rcs:') ? 'rcs' : 'sms';
    return { ok: true, providerMessageId: json.sid, channel, status };
  }

  /**
   * Twilio's list-messages API (GET Messages.json?To=…), newest first. A message counts when its
   * body is ours, its sid is not one we already hold for another row (`exclude`: two identical
   * answers a minute apart), and it was created at or after `since` (minus a minute of clock skew). A full
   * page whose oldest row is still newer than `since` cannot prove absence: 'unknown'.
   */
  async function findSent(q: { to: string; body: string; since: Date; exclude?: string[] }): Promise<SentLookup> {
    const known = new Set(q.exclude ?? []);
    const pageSize = 100;
    const url = `${endpoint}?${new URLSearchParams({ To: q.to, PageSize: String(pageSize) })}`;
    let res: ProviderAnswer;
    try {
      res = await doFetch(url, { headers: { authorization, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      return { status: 'unknown', error: `Twilio list unreachable: ${(e as Error)?.message ?? e}` };
    }
    if (!res.ok) return { status: 'unknown', error: `Twilio list ${res.status}` };
    const json = (await readJson(res)) as { messages?: unknown };
    if (!Array.isArray(json.messages)) return { status: 'unknown', error: 'Twilio list answer has no messages' };
    const since = q.since.getTime() - 60_000;
    let oldest = Infinity;
    for (const m of json.messages as Array<Record<string, unknown>>) {
      const created = Date.parse(String(m.date_created ?? ''));
      if (Number.isFinite(created)) oldest = Math.min(oldest, created);
      if (m.body === q.body && typeof m.sid === 'string' && !known.has(m.sid) && Number.isFinite(created) && created >= since) return { status: 'found', providerMessageId: m.sid };
    }
    if (json.messages.length >= pageSize && oldest >= since) return { status: 'unknown', error: 'more messages to this number than one page since the claim' };
    return { status: 'none' };
  }

  return {
    name: 'twilio',
    sender: messagingServiceSid ?? from,
    send,
    findSent,
    verifySignature: (req) =>
      verifyTwilioSignature({ authToken, url: req.url, signature: header(req, 'x-twilio-signature'), rawBody: req.rawBody }),
    parseInbound: (req) => parseTwilioInbound(req.rawBody),
    parseStatus: (req) => parseTwilioStatus(req.rawBody),
  };
}
