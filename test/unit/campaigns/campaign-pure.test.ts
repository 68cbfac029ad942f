import { describe, expect, it } from 'vitest';
import { estimateCost, segmentPriceFrom } from '../../../src/channels/cost';
import { operatorList } from '../../../src/campaigns/reassigned';
import { rowsFromCsv, rowsFromJson } from '../../../src/campaigns/rows';
import { normalCdf, twoProportionTest, verdict } from '../../../src/campaigns/stats';
import { IMPORT_COLUMNS } from '../../../src/dunning/import';

describe('two-proportion z-test', () => {
  it('matches a hand-worked example: 60/500 vs 40/500', () => {
    // pooled p = 0.1, se = sqrt(0.1·0.9·(2/500)) = 0.018974; z = 0.04/0.018974 = 2.1082; two-sided p = 0.0350
    const t = twoProportionTest({ n: 500, x: 40 }, { n: 500, x: 60 });
    expect(t.z).toBeCloseTo(2.1082, 3);
    expect(t.p).toBeCloseTo(0.035, 3);
    expect(t.diffPoints).toBeCloseTo(4, 10);
    expect(verdict(t)).toBe('Variant B pays 4.0 points more than A (12.0 % vs 8.0 %), p = 0.04.');
  });
  it('says when the difference is not significant, and when there is too little data', () => {
    expect(verdict(twoProportionTest({ n: 200, x: 20 }, { n: 200, x: 24 }))).toMatch(/^No clear difference yet: variant B pays 2.0 points more .* not significant/);
    expect(verdict(twoProportionTest({ n: 10, x: 1 }, { n: 10, x: 2 }))).toMatch(/^Too few payments/);
    expect(verdict(twoProportionTest({ n: 0, x: 0 }, { n: 10, x: 2 }))).toMatch(/^Not enough data/);
  });
  it('normal CDF at known points', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});

describe('cost estimate', () => {
  it('counts billed segments and prices them', () => {
    const price = segmentPriceFrom('3.3 JPY');
    const line = estimateCost(['a'.repeat(160), 'a'.repeat(161), 'あ'.repeat(71)], price);
    expect(line).toEqual({ route: 'sms', messages: 3, segments: 1 + 2 + 2, perSegment: 3.3, currency: 'JPY', cost: 16.5 });
    expect(segmentPriceFrom(undefined)).toEqual({ route: 'sms', perSegment: 3.3, currency: 'JPY' });
    expect(() => segmentPriceFrom('cheap')).toThrow(/SMS_SEGMENT_PRICE/);
  });
});

describe('campaign rows', () => {
  const row = (o: Record<string, string>) =>
    IMPORT_COLUMNS.map((c) => ({ debtor_external_ref: 'C1', name: '山田', phone: '09012345678', locale: 'ja', timezone: '', consent_obtained_at: '2026-01-01T00:00:00Z', consent_source: 'web', debt_external_ref: 'D1', amount: '"1,000"', currency: 'jpy', due_date: '2026-12-01', flow: '', ...o })[c]).join(',');
  const ja = { key: 'standard-ja', locale: 'ja' as const };
  const en = { key: 'standard-en', locale: 'en' as const };
  it('validates each row like the debts API, names the column, and flags the same debt twice', () => {
    const r = rowsFromCsv([IMPORT_COLUMNS.join(','), row({}), row({ amount: '-5', debt_external_ref: 'D2' }), row({}), row({ phone: '0312', debt_external_ref: 'D3' })].join('\n'), ja);
    expect(r.ok && r.rows.map((x) => (x.status === 'valid' ? [x.rowNo, x.phone] : [x.rowNo, x.field]))).toEqual([
      [2, '+819012345678'],
      [3, 'amount'],
      [4, 'debt_external_ref'],
      [5, 'phone'],
    ]);
    expect(rowsFromCsv('a,b\n1,2', ja)).toEqual({ ok: false, error: expect.stringMatching(/missing column/) });
    expect(rowsFromJson([{ nope: 1 }], ja)[0]).toMatchObject({ rowNo: 1, status: 'invalid' });
  });
  it('reads a row without a locale in the flow\'s: a US number in an English campaign, a Japanese one in a Japanese campaign', () => {
    const csv = (phone: string) => [IMPORT_COLUMNS.join(','), row({ locale: '', phone, currency: 'usd', amount: '120.50' })].join('\n');
    const us = rowsFromCsv(csv('(415) 555-2671'), en);
    expect(us.ok && us.rows[0]).toMatchObject({ status: 'valid', phone: '+14155552671' });
    // The same cell in a Japanese campaign is not a Japanese number.
    expect(rowsFromCsv(csv('(415) 555-2671'), ja)).toMatchObject({ ok: true, rows: [{ status: 'invalid', field: 'phone' }] });
    const jp = rowsFromCsv(csv('090-1234-5678'), ja);
    expect(jp.ok && jp.rows[0]).toMatchObject({ status: 'valid', phone: '+819012345678' });
    // A row whose locale is not the flow's would be refused at launch: it is invalid in the preview already.
    expect(rowsFromCsv([IMPORT_COLUMNS.join(','), row({ locale: 'ja' })].join('\n'), en)).toMatchObject({ ok: true, rows: [{ status: 'invalid', field: 'locale' }] });
  });
});

describe('operator-supplied reassigned-numbers list', () => {
  it('answers yes only for numbers disconnected on or after the consent date', async () => {
    const port = operatorList('# carrier feed\n+819011112222,2026-06-01\n+819033334444,2025-01-01\n');
    const since = new Date('2026-03-01T00:00:00Z');
    expect(await port.check([{ phone: '+819011112222', since }, { phone: '+819033334444', since }, { phone: '+819055556666', since }])).toEqual(['yes', 'no', 'no']);
    expect(() => operatorList('09011112222,June')).toThrow(/line 1/);
  });
});
