import { createDebt } from '../../src/dunning/debts';
import type { Services } from '../../src/services';
import { jpPhone } from './twilio-body';

/** `total` ja debts on the standard-ja flow (phones 070-…, refs R-i / RINV-i), eight in flight, as the round benches load them. */
export async function seedJaDebts(s: Services, total: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < total) {
        const i = next++;
        const p = jpPhone(i, '70');
        await createDebt(s, {
          debtor: { externalRef: `R-${i}`, name: '山田 太郎', phone: p.local, locale: 'ja', timezone: 'Asia/Tokyo', consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'contract' } },
          debt: { externalRef: `RINV-${i}`, amount: 12000, currency: 'JPY', dueDate: '2026-12-31' },
          flow: 'standard-ja',
        } as never);
      }
    }),
  );
}
