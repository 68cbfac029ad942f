/**
 * SMS segment counting (3GPP TS 23.038 / 23.040), pure.
 * GSM-7: 160 septets in one SMS, 153 per part when concatenated; extension-table chars take 2 septets
 * (escape + char) and are never split across parts. Anything outside GSM-7 → UCS-2: 70 code units,
 * 67 per part; a surrogate pair (emoji) is 2 units and is never split across parts.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Parts the carrier bills; 0 for an empty text. */
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) in the whole text. */
  units: number;
  /** 160/70 for a single SMS, 153/67 once the text needs several. */
  maxPerSegment: number;
}

const LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const;

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!basic.has(ch) && !extension.has(ch)) return false;
  return true;
}

/** Width of each indivisible character in the chosen encoding. */
function widths(text: string, encoding: SmsEncoding): number[] {
  const out: number[] = [];
  // for…of walks code points, so a surrogate pair arrives as one char of length 2.
  for (const ch of text) out.push(encoding === 'GSM-7' ? (extension.has(ch) ? 2 : 1) : ch.length);
  return out;
}

export function countSegments(text: string): SegmentCount {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const { single, multi } = LIMITS[encoding];
  const w = widths(text, encoding);
  const units = w.reduce((a, b) => a + b, 0);

  if (units === 0) return { encoding, segments: 0, units, maxPerSegment: single };
  if (units <= single) return { encoding, segments: 1, units, maxPerSegment: single };

  let segments = 1;
  let used = 0;
  for (const width of w) {
    if (used + width > multi) {
      segments++;
      used = 0;
    }
    used += width;
  }
  return { encoding, segments, units, maxPerSegment: multi };
}

/** Japanese carriers accept up to 670 characters (10 × 67 UCS-2 units) in one long SMS (COMPLIANCE rule 11). */
export const JP_MAX_CHARS = 670;

/** Length check for +81 sends and template lint; counts UTF-16 units, so an emoji costs 2. */
export function checkJpLength(text: string): { ok: boolean; chars: number; max: number } {
  return { ok: text.length <= JP_MAX_CHARS, chars: text.length, max: JP_MAX_CHARS };
}
