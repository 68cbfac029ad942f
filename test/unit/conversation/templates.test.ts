import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, render } from '../../../src/flow/templates';

describe('template formatting', () => {
  it.each([
    [12000, 'JPY', 'ja', '12,000円'],
    [1234567, 'JPY', 'ja', '1,234,567円'],
    [120.5, 'USD', 'en', '$120.50'],
    [12000, 'JPY', 'en', '¥12,000'],
    [99.99, 'USD', 'ja', '$99.99'],
  ] as const)('formatAmount(%d, %s, %s) = %s', (n, c, l, want) => {
    expect(formatAmount(n, c, l)).toBe(want);
  });

  it.each([
    ['2026-11-30', 'ja', '11月30日'],
    ['2026-01-05', 'en', 'Jan 5'],
    ['2026-12-31', 'en', 'Dec 31'],
  ] as const)('formatDate(%s, %s) = %s', (d, l, want) => {
    expect(formatDate(d, l)).toBe(want);
  });

  it('leaves unknown placeholders visible rather than inventing text', () => {
    expect(render('{brand}: {nope}', { brand: 'ACME' })).toBe('ACME: {nope}');
  });
});
