import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone } from '../../../src/channels/phone.js';

describe('normalisePhone', () => {
  it.each([
    ['090-1234-5678', 'ja', undefined, '+819012345678', 'JP'],
    ['09012345678', 'ja', undefined, '+819012345678', 'JP'],
    ['090 1234 5678', 'ja', undefined, '+819012345678', 'JP'],
    ['(090) 1234-5678', 'ja', undefined, '+819012345678', 'JP'],
    ['０９０−１２３４−５６７８', 'ja', undefined, '+819012345678', 'JP'],
    ['０９０ー１２３４ー５６７８', 'ja', undefined, '+819012345678', 'JP'],
    ['＋８１９０１２３４５６７８', 'ja', undefined, '+819012345678', 'JP'],
    ['+81 90-1234-5678', 'en', undefined, '+819012345678', 'JP'],
    ['080-9876-5432', 'ja', undefined, '+818098765432', 'JP'],
    ['03-1234-5678', 'ja', undefined, '+81312345678', 'JP'], // Tokyo landline: fine
    ['  070-1234-5678  ', 'ja', undefined, '+817012345678', 'JP'],
    ['(213) 373-4253', 'en', undefined, '+12133734253', 'US'],
    ['213.373.4253', 'en', undefined, '+12133734253', 'US'],
    ['+44 7400 123456', 'en', undefined, '+447400123456', 'GB'],
    ['07400 123456', 'en', 'GB', '+447400123456', 'GB'],
    ['07400 123456', 'en', 'gb', '+447400123456', 'GB'],
    ['090-1234-5678', 'en', 'JP', '+819012345678', 'JP'],
  ] as const)('%j (%s, %s) → %s', (raw, locale, region, e164, wantRegion) => {
    expect(normalisePhone(raw, locale, region)).toEqual({ ok: true, e164, region: wantRegion });
  });

  it.each([
    ['', 'ja'],
    ['   ', 'ja'],
    ['090-1234', 'ja'], // too short
    ['090-1234-5678-9999', 'ja'], // too long
    ['12345', 'en'],
    ['call me on 090-1234-5678', 'ja'], // the whole input must be the number
    ['abc', 'en'],
    ['099-1234-5678', 'ja'], // right length, 099 is not an allocated prefix
    ['+1 555 123 4567', 'en'], // 555 area code: possible, not valid
    ['555-0100', 'en'], // US without area code
    ['1'.repeat(60), 'en'],
  ] as const)('%j (%s) → error', (raw, locale) => {
    const r = normalisePhone(raw, locale);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^phone /);
  });
});

describe('maskPhone', () => {
  it.each([
    ['+819012345678', '+81******5678'],
    ['+12133734253', '+1******4253'],
    ['+447911123456', '+44******3456'],
    ['+81312345678', '+81*****5678'],
    ['+1234', '+1***'],
    ['saisoku_agent', '***nt'],
    ['', '***'],
  ])('%j → %j', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
  });
});
