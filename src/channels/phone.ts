// `max` metadata validates the digits themselves, not just the length ("+65 8955 5555" is possible but not valid).
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Locale } from '../classify/port';

export type NormalisedPhone = { ok: true; e164: string; region: string } | { ok: false; error: string };

const DEFAULT_REGION: Record<Locale, CountryCode> = { ja: 'JP', en: 'US' };

/**
 * Any human-typed number → E.164. Full-width digits and hyphens (０９０−１２３４…) are folded by NFKC first.
 * The whole input must be a number (no extracting "090-…" out of free text). Landlines are accepted:
 * reachability by SMS is the provider's answer, not ours.
 */
export function normalisePhone(raw: string, locale: Locale, region?: string): NormalisedPhone {
  const text = raw
    .normalize('NFKC')
    // NFKC leaves some dash-likes alone (− U+2212, ー U+30FC, ‐ U+2010…); phone numbers only mean "separator".
    .replace(/[\u2010-\u2015\u2212\u30fc\uff70]/g, '-')
    .trim();
  if (!text) return { ok: false, error: 'phone is empty' };
  if (text.length > 40) return { ok: false, error: 'phone is too long' };

  const defaultCountry = (region?.toUpperCase() as CountryCode | undefined) ?? DEFAULT_REGION[locale];
  let parsed;
  try {
    parsed = parsePhoneNumberFromString(text, { defaultCountry, extract: false });
  } catch {
    parsed = undefined;
  }
  if (!parsed) return { ok: false, error: 'phone is not a phone number' };
  if (!parsed.isPossible()) return { ok: false, error: 'phone has the wrong number of digits' };
  if (!parsed.isValid()) return { ok: false, error: 'phone is not a valid number' };
  return { ok: true, e164: parsed.number, region: parsed.country ?? defaultCountry };
}

/** "+819012345678" → "+81******5678": country code and last four digits only, for logs (DESIGN invariant 8). */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  if (!/^\d+$/.test(digits)) return digits.length > 4 ? `***${e164.slice(-2)}` : '***';
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  const cc = parsed?.countryCallingCode ?? '';
  const tail = digits.length - cc.length > 4 ? digits.slice(-4) : '';
  const hidden = digits.length - cc.length - tail.length;
  return `+${cc}${'*'.repeat(Math.max(hidden, 0))}${tail}`;
}
