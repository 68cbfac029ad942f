import { billing, parsePriceTable, type Billing } from './billing';

/**
 * Price per billed part on one route (issue #13): segments on Twilio, 670-character long SMS on the
 * Japanese domestic route, one message on RCS (src/channels/billing.ts). `route: 'sms'` is the
 * route-less default (GSM-7/UCS-2 segments).
 */
export interface SegmentPrice {
  route: string;
  perSegment: number;
  currency: string;
}

/** `SMS_SEGMENT_PRICE="3.3 JPY"` (default: 3.3 JPY, a typical Japanese domestic SMS rate per 70 characters). */
export function segmentPriceFrom(value: string | undefined): SegmentPrice {
  const m = value?.trim().match(/^(\d+(?:\.\d+)?)\s*([A-Za-z]{3})$/);
  if (value && !m) throw new Error(`SMS_SEGMENT_PRICE must look like "3.3 JPY", got "${value}"`);
  return { route: 'sms', perSegment: m ? Number(m[1]) : 3.3, currency: m ? m[2]!.toUpperCase() : 'JPY' };
}

export interface CostLine {
  route: string;
  messages: number;
  segments: number;
  perSegment: number;
  currency: string;
  cost: number;
}

/**
 * The price for `route`: its SMS_PRICES entry, else the SMS_SEGMENT_PRICE default on that route.
 * `env` is read by the caller (Node or Workers).
 */
export function routePrice(route: string, env: { SMS_PRICES?: string; SMS_SEGMENT_PRICE?: string }): SegmentPrice {
  const p = parsePriceTable(env.SMS_PRICES)[route];
  if (p) return { route, perSegment: p.perPart, currency: p.currency };
  return { ...segmentPriceFrom(env.SMS_SEGMENT_PRICE), route };
}

/** Billed parts and cost of `bodies` on one route (the route decides how a text is counted). Pure. */
export function estimateCost(bodies: string[], price: SegmentPrice): CostLine {
  const segments = bodies.reduce((n, b) => n + billing(price.route, b).parts, 0);
  return { route: price.route, messages: bodies.length, segments, perSegment: price.perSegment, currency: price.currency, cost: Math.round(segments * price.perSegment * 100) / 100 };
}

/** One text on one route: its billed parts (billing.ts), the cost of one send and per 1,000 debtors. */
export interface RouteCost extends Billing {
  currency: string;
  perPart: number;
  cost: number;
  per1000: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The one pricing of a text on a route, used by `POST /api/flows/cost` and the flow editor's preview
 * (`POST /api/flows/preview`), so the two never disagree. Pure.
 */
export function routeCost(text: string, price: SegmentPrice): RouteCost {
  const b = billing(price.route, text);
  return { ...b, currency: price.currency, perPart: price.perSegment, cost: round2(b.parts * price.perSegment), per1000: round2(b.parts * price.perSegment * 1000) };
}
