import { countSegments } from '../channels/segments';

/**
 * Price per billed segment, per route. A stand-in until route-aware pricing (issue #13) exists:
 * one configurable price, no carrier surcharges, no RCS pricing.
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

/** Segments and cost of `bodies` on one route. Pure. */
export function estimateCost(bodies: string[], price: SegmentPrice): CostLine {
  const segments = bodies.reduce((n, b) => n + countSegments(b).segments, 0);
  return { route: price.route, messages: bodies.length, segments, perSegment: price.perSegment, currency: price.currency, cost: Math.round(segments * price.perSegment * 100) / 100 };
}
