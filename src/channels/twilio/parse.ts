import type { DeliveryStatus, InboundMessage, StatusUpdate } from '../port.js';

/**
 * Twilio webhook bodies (application/x-www-form-urlencoded) → port types.
 * We parse the raw body ourselves with URLSearchParams: the signature is computed over exactly
 * these bytes, and a framework body parser may already have consumed or reshaped them.
 */

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Twilio MessageStatus → our DeliveryStatus. Anything else is rejected, never guessed. */
export const TWILIO_STATUS_MAP: Readonly<Record<string, DeliveryStatus>> = {
  accepted: 'queued',
  queued: 'queued',
  scheduled: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
  receiving: 'received',
  received: 'received',
};

const RCS_PREFIX = 'rcs:';
/** Twilio SIDs are two letters + 32 hex; compatible endpoints may differ, so only bound the shape. */
const SID_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;

function field(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  return v === null ? undefined : v.trim();
}

/** Splits "rcs:+8190…" into the address and the channel. Other prefixes (whatsapp:, messenger:) are not ours. */
export function splitAddress(raw: string): { address: string; channel: 'sms' | 'rcs' } | { error: string } {
  if (raw.toLowerCase().startsWith(RCS_PREFIX)) {
    const address = raw.slice(RCS_PREFIX.length);
    return address ? { address, channel: 'rcs' } : { error: 'is "rcs:" with no address' };
  }
  const prefix = /^([a-z]+):/i.exec(raw);
  if (prefix) return { error: `uses unsupported channel "${prefix[1]}"` };
  return { address: raw, channel: 'sms' };
}

function messageSid(params: URLSearchParams): ParseResult<string> {
  const sid = field(params, 'MessageSid') || field(params, 'SmsSid');
  if (!sid) return { ok: false, error: 'MessageSid is missing' };
  if (!SID_SHAPE.test(sid)) return { ok: false, error: 'MessageSid is not a valid SID' };
  return { ok: true, value: sid };
}

export function parseTwilioInbound(rawBody: string): ParseResult<InboundMessage> {
  const params = new URLSearchParams(rawBody);
  const sid = messageSid(params);
  if (!sid.ok) return sid;

  const fromRaw = field(params, 'From');
  if (!fromRaw) return { ok: false, error: 'From is missing' };
  const from = splitAddress(fromRaw);
  if ('error' in from) return { ok: false, error: `From ${from.error}` };

  const toRaw = field(params, 'To');
  if (!toRaw) return { ok: false, error: 'To is missing' };
  const to = splitAddress(toRaw);
  if ('error' in to) return { ok: false, error: `To ${to.error}` };

  return {
    ok: true,
    value: {
      provider: 'twilio',
      providerMessageId: sid.value,
      from: from.address,
      to: to.address,
      // Body is absent only for media-only messages; keep the text exactly as sent (no trim).
      body: params.get('Body') ?? '',
      channel: from.channel,
    },
  };
}

export function parseTwilioStatus(rawBody: string): ParseResult<StatusUpdate> {
  const params = new URLSearchParams(rawBody);
  const sid = messageSid(params);
  if (!sid.ok) return sid;

  const rawStatus = field(params, 'MessageStatus') || field(params, 'SmsStatus');
  if (!rawStatus) return { ok: false, error: 'MessageStatus is missing' };
  const status = TWILIO_STATUS_MAP[rawStatus.toLowerCase()];
  if (!status) return { ok: false, error: `MessageStatus "${rawStatus.slice(0, 40)}" is not a known Twilio status` };

  const errorCode = field(params, 'ErrorCode');
  const fromRaw = field(params, 'From');
  const channel = fromRaw?.toLowerCase().startsWith(RCS_PREFIX) ? 'rcs' : fromRaw ? 'sms' : undefined;

  return {
    ok: true,
    value: {
      provider: 'twilio',
      providerMessageId: sid.value,
      status,
      ...(errorCode ? { errorCode } : {}),
      ...(channel ? { channel } : {}),
    },
  };
}
