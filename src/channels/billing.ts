import { countSegments, type SmsEncoding } from './segments';

/**
 * What one text costs on one route (issue #13), pure:
 * - `split`: GSM-7 / UCS-2 concatenated segments (Twilio; the simulator behaves like it);
 * - `jp-long`: Japanese domestic long SMS — one message up to 670 characters (COMPLIANCE rule 11),
 *   as the domestic carriers deliver it (Rakuten);
 * - `rcs`: one RCS message whatever its length.
 */
export type RouteKind = 'split' | 'jp-long' | 'rcs';

export const ROUTE_KINDS: Readonly<Record<string, RouteKind>> = { twilio: 'split', simulator: 'split', sms: 'split', rakuten: 'jp-long', rbm: 'rcs' };
export const JP_LONG_SMS_CHARS = 670;

export const routeKind = (route: string): RouteKind => ROUTE_KINDS[route] ?? 'split';

export interface Billing {
  route: string;
  kind: RouteKind;
  /** Billed parts: segments (split), long messages (jp-long), 1 (rcs). 0 for an empty text. */
  parts: number;
  /** Characters (code points). */
  length: number;
  encoding: SmsEncoding | 'RCS';
}

export function billing(route: string, text: string): Billing {
  const kind = routeKind(route);
  const length = [...text].length;
  if (kind === 'rcs') return { route, kind, parts: text ? 1 : 0, length, encoding: 'RCS' };
  const seg = countSegments(text);
  if (kind === 'jp-long') return { route, kind, parts: text ? Math.ceil(length / JP_LONG_SMS_CHARS) : 0, length, encoding: seg.encoding };
  return { route, kind, parts: seg.segments, length, encoding: seg.encoding };
}

/** Price of one billed part on a route. */
export interface PartPrice {
  route: string;
  perPart: number;
  currency: string;
}

/**
 * `SMS_PRICES="twilio=11 JPY,rakuten=8 JPY,rbm=4 JPY"` → route → price per billed part. Throws
 * naming the bad entry. Routes not listed cost the SMS_SEGMENT_PRICE (default 3.3 JPY).
 */
export function parsePriceTable(value: string | undefined): Record<string, PartPrice> {
  const out: Record<string, PartPrice> = {};
  for (const part of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z0-9-]+)\s*=\s*(\d+(?:\.\d+)?)\s*([A-Za-z]{3})$/.exec(part);
    if (!m) throw new Error(`SMS_PRICES: "${part}" must look like rakuten=8 JPY`);
    out[m[1]!] = { route: m[1]!, perPart: Number(m[2]), currency: m[3]!.toUpperCase() };
  }
  return out;
}
