import { describe, expect, it } from 'vitest';
import { planInstallments } from '../../../src/ledger/installments';

describe('planInstallments: sums exactly to the balance, remainder on the last', () => {
  it.each([
    // balance, currency, count, amounts
    [12000, 'JPY', 3, [4000, 4000, 4000]],
    [10000, 'JPY', 3, [3333, 3333, 3334]],
    [10001, 'JPY', 2, [5000, 5001]],
    [100, 'JPY', 6, [16, 16, 16, 16, 16, 20]],
    [99999, 'JPY', 6, [16666, 16666, 16666, 16666, 16666, 16669]],
    [100, 'USD', 3, [33.33, 33.33, 33.34]],
    [120.01, 'USD', 2, [60, 60.01]],
    [0.05, 'USD', 2, [0.02, 0.03]],
    [1234.56, 'USD', 6, [205.76, 205.76, 205.76, 205.76, 205.76, 205.76]],
    [1000, 'EUR', 3, [333.33, 333.33, 333.34]],
    [500, 'KRW', 3, [166, 166, 168]],
  ] as const)('%d %s in %d', (balance, currency, count, amounts) => {
    const plan = planInstallments({ balance, currency, count, firstDate: '2026-11-27', intervalDays: 30 });
    expect(plan.map((p) => p.amount)).toEqual(amounts);
    const factor = currency === 'JPY' || currency === 'KRW' ? 1 : 100;
    expect(plan.reduce((a, p) => a + Math.round(p.amount * factor), 0)).toBe(Math.round(balance * factor));
    // Yen never has decimals; cents never more than two.
    for (const p of plan) expect(Number.isInteger(Math.round(p.amount * factor * 1000) / 1000)).toBe(true);
  });

  it('dates: first on firstDate, then every interval', () => {
    const plan = planInstallments({ balance: 9000, currency: 'JPY', count: 3, firstDate: '2026-11-27', intervalDays: 30 });
    expect(plan.map((p) => [p.seq, p.dueDate])).toEqual([
      [1, '2026-11-27'],
      [2, '2026-12-27'],
      [3, '2027-01-26'],
    ]);
  });
});
