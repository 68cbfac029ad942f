import { describe, expect, it } from 'vitest';
import { debtLocale, defaultFlowKey } from '../../../src/dunning/debt-locale';

describe('debtLocale: one rule for a debt\'s locale (decision 0188)', () => {
  it.each([
    // [debtor's locale, flow key, loaded flow's locale, → locale]
    ['en', 'standard-ja', 'ja', 'en'],
    ['ja', undefined, undefined, 'ja'],
    [undefined, 'acme-us', 'en', 'en'],
    [undefined, 'standard-en', 'en', 'en'],
    // Not loaded (the schema failed first, or the flow is unknown): a standard key says it, no key is standard-ja.
    [undefined, undefined, undefined, 'ja'],
    [undefined, 'standard-en', undefined, 'en'],
    [undefined, ' standard-en ', undefined, 'en'],
    [undefined, 'standard-ja', undefined, 'ja'],
    // Any other key not loaded: not known — not guessed from its spelling.
    [undefined, 'acme-us', undefined, null],
    [undefined, 'nope-en', undefined, null],
    [undefined, '', undefined, null],
    // A debtor locale that is not one of ours counts as none (the schema names it).
    ['fr', 'standard-en', undefined, 'en'],
    ['EN', undefined, undefined, 'ja'],
  ] as const)('debtor %j, flow %j (loaded: %j) → %j', (debtor, key, loaded, want) => {
    expect(debtLocale(debtor, { key, locale: loaded })).toBe(want);
  });

  it('the default flow is standard-<the debtor\'s locale>, and its locale is that locale', () => {
    expect(defaultFlowKey('en')).toBe('standard-en');
    expect(defaultFlowKey(undefined)).toBe('standard-ja');
    for (const l of ['ja', 'en'] as const) expect(debtLocale(undefined, { key: defaultFlowKey(l) })).toBe(l);
  });
});
