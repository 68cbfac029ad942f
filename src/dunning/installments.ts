import { currencyDecimals } from '../shared/currency';
import { addDays } from '../shared/time';

export { currencyDecimals };

export interface PlannedInstallment {
  seq: number;
  dueDate: string;
  amount: number;
}

/**
 * Splits `balance` into `count` instalments that sum exactly to it: equal parts rounded down to the
 * currency's minor unit, the remainder on the last instalment.
 */
export function planInstallments(input: {
  balance: number;
  currency: string;
  count: number;
  firstDate: string;
  intervalDays: number;
}): PlannedInstallment[] {
  const factor = 10 ** currencyDecimals(input.currency);
  const total = Math.round(input.balance * factor);
  const base = Math.floor(total / input.count);
  const out: PlannedInstallment[] = [];
  for (let i = 0; i < input.count; i++) {
    const minor = i === input.count - 1 ? total - base * (input.count - 1) : base;
    out.push({ seq: i + 1, dueDate: addDays(input.firstDate, i * input.intervalDays), amount: minor / factor });
  }
  return out;
}

/**
 * The plan offers in words, from the same arithmetic as the plan itself (planInstallments): what
 * the bot offers, what a collector's draft offers and what the simulator shows all agree
 * (10,000 / 3 reads "3,333 x 2, last 3,334", never a rounded-up 3 x 3,334).
 */
export function describeOffers(counts: number[], balance: number, currency: string, locale: 'ja' | 'en', money: (n: number) => string): string {
  const offer = (n: number) => {
    const plan = planInstallments({ balance, currency, count: n, firstDate: '2000-01-01', intervalDays: 30 });
    const first = plan[0]!.amount;
    const last = plan[plan.length - 1]!.amount;
    if (first === last) return locale === 'ja' ? `${n}回(各${money(first)})` : `${n} x ${money(first)}`;
    return locale === 'ja' ? `${n}回(${money(first)}×${n - 1}・最終${money(last)})` : `${n} payments (${n - 1} x ${money(first)}, last ${money(last)})`;
  };
  return counts.map(offer).join(locale === 'ja' ? ' / ' : ', ');
}
