import type { DeliveryStatus, InboundMessage, StatusUpdate } from '../port.js';

type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Rakuten CPaaS delivery-report statuses → ours. The SMPP `stat` words the operators report
 * (DELIVRD, UNDELIV, …) and the lower-case words the API uses; matched case-insensitively.
 * Anything else is rejected, never guessed (channels rule 4).
 */
export const RAKUTEN_STATUS_MAP: Readonly<Record<string, DeliveryStatus>> = {
  accepted: 'sent',
  acceptd: 'sent',
  submitted: 'sent',
  sent: 'sent',
  enroute: 'sending',
  buffered: 'sending',
  delivered: 'delivered',
  delivrd: 'delivered',
  undelivered: 'undelivered',
  undeliv: 'undelivered',
  undeliverable: 'undelivered',
  expired: 'undelivered',
  rejected: 'failed',
  rejectd: 'failed',
  failed: 'failed',
  deleted: 'failed',
};

/** Message ids are the provider's opaque strings; bound the shape so junk never reaches the dedupe key. */
const ID_SHAPE = /^[A-Za-z0-9._:-]{1,128}$/;

function object(rawBody: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(rawBody);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function str(o: Record<string, unknown>, k: string): string | undefined {
  const v = o[k];
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** "819012345678" (Rakuten's MSISDN form, no "+") → "+819012345678"; an alphanumeric sender ID stays as it is. */
export function fromMsisdn(raw: string): string {
  const digits = raw.replace(/^\+/, '');
  return /^\d{6,15}$/.test(digits) ? `+${digits}` : raw;
}

/** "+819012345678" → "819012345678": country code + number, no "+" and no leading "0" (the submit API's `to`). */
export function toMsisdn(e164: string): string {
  return e164.replace(/^\+/, '');
}

function messageId(o: Record<string, unknown>): ParseResult<string> {
  const id = str(o, 'message_id');
  if (!id) return { ok: false, error: 'message_id is missing' };
  if (!ID_SHAPE.test(id)) return { ok: false, error: 'message_id is not a valid id' };
  return { ok: true, value: id };
}

/** Incoming MO webhook: {message_id, sender_address, destination_address, content_type, udh?, message_body}. */
export function parseRakutenInbound(rawBody: string): ParseResult<InboundMessage> {
  const o = object(rawBody);
  if (!o) return { ok: false, error: 'body is not a JSON object' };
  const id = messageId(o);
  if (!id.ok) return id;
  const from = str(o, 'sender_address');
  if (!from) return { ok: false, error: 'sender_address is missing' };
  const to = str(o, 'destination_address');
  if (!to) return { ok: false, error: 'destination_address is missing' };
  const body = o.message_body;
  if (typeof body !== 'string') return { ok: false, error: 'message_body is missing' };
  const contentType = str(o, 'content_type');
  if (contentType === 'binary') return { ok: false, error: 'content_type "binary" is not a text message' };
  return {
    ok: true,
    value: { provider: 'rakuten', providerMessageId: id.value, from: fromMsisdn(from), to: fromMsisdn(to), body, channel: 'sms' },
  };
}

/** Delivery report webhook: {message_id, status, error_code?}. */
export function parseRakutenStatus(rawBody: string): ParseResult<StatusUpdate> {
  const o = object(rawBody);
  if (!o) return { ok: false, error: 'body is not a JSON object' };
  const id = messageId(o);
  if (!id.ok) return id;
  const raw = str(o, 'status');
  if (!raw) return { ok: false, error: 'status is missing' };
  const status = RAKUTEN_STATUS_MAP[raw.toLowerCase()];
  if (!status) return { ok: false, error: `status "${raw.slice(0, 40)}" is not a known Rakuten status` };
  const errorCode = str(o, 'error_code');
  return { ok: true, value: { provider: 'rakuten', providerMessageId: id.value, status, channel: 'sms', ...(errorCode && errorCode !== '0' && errorCode !== '000' ? { errorCode } : {}) } };
}
