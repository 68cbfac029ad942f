import { timingSafeEqualStrings } from '../channels/twilio/signature';
import { toHex } from '../shared/hex';

/**
 * Payment webhook signatures (CONTRACT "Webhooks", COMPLIANCE rule 5):
 * `X-Saisoku-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Several `v1=` entries are allowed so a sender can sign with an old and a new secret while
 * rotating. WebCrypto only, so it runs on Node and Workers.
 */

export const PAYMENT_SIGNATURE_HEADER = 'x-saisoku-signature';
/** Older (or further in the future) than this → rejected as a possible replay. */
export const PAYMENT_SIGNATURE_TOLERANCE_S = 300;

const encoder = new TextEncoder();

export async function computePaymentSignature(secret: string, timestamp: number, rawBody: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${rawBody}`)));
}

/** The header value a sender puts on a request (used by tests and the embedded demo). */
export async function signPaymentWebhook(secret: string, rawBody: string, now: Date): Promise<string> {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${await computePaymentSignature(secret, t, rawBody)}`;
}

export function parseSignatureHeader(header: string | undefined): { t: number; v1: string[] } | null {
  if (!header) return null;
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === 't' && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && /^[0-9a-fA-F]{64}$/.test(v)) v1.push(v.toLowerCase());
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** Checks header, timestamp window and HMAC; constant-time compare; never throws. */
export async function verifyPaymentSignature(input: {
  secret: string;
  header: string | undefined;
  rawBody: string;
  now: Date;
  toleranceS?: number;
}): Promise<SignatureCheck> {
  if (!input.header) return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(input.header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const skew = Math.abs(Math.floor(input.now.getTime() / 1000) - parsed.t);
  if (skew > (input.toleranceS ?? PAYMENT_SIGNATURE_TOLERANCE_S)) return { ok: false, reason: 'stale' };
  const expected = await computePaymentSignature(input.secret, parsed.t, input.rawBody);
  let valid = false;
  // Compare against every candidate (no early exit) so timing does not reveal which one matched.
  for (const candidate of parsed.v1) valid = timingSafeEqualStrings(candidate, expected) || valid;
  return valid ? { ok: true } : { ok: false, reason: 'mismatch' };
}
