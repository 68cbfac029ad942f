import { currencyDecimals } from '../shared/currency';
import { addDays } from '../shared/time';
import type { Locale } from '../classify/port';

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
export function describeOffers(counts: number[], balance: number, currency: string, locale: Locale, money: (n: number) => string): string {
  const offer = (n: number) => {
    const plan = planInstallments({ balance, currency, count: n, firstDate: '2000-01-01', intervalDays: 30 });
    const first = plan[0]!.amount;
    const last = plan[plan.length - 1]!.amount;
    if (first === last) return locale === 'ja' ? `${n}回(各${money(first)})` : `${n} x ${money(first)}`;
    return locale === 'ja' ? `${n}回(${money(first)}×${n - 1}・最終${money(last)})` : `${n} payments (${n - 1} x ${money(first)}, last ${money(last)})`;
  };
  return counts.map(offer).join(locale === 'ja' ? ' / ' : ', ');
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * A plan covers the balance it was made for, so what has been paid towards it is the plan's total
 * minus today's balance: the not-yet-paid instalments up to that sum are covered (a payment may
 * cover several, and part-payments add up). `plan`: pending, missed and paid instalments by seq.
 */
export function coveredSeqs(plan: ReadonlyArray<{ seq: number; amount: number; status: string }>, balance: number): number[] {
  const covered = round2(plan.reduce((s, i) => s + i.amount, 0) - balance);
  const out: number[] = [];
  let cumulative = 0;
  for (const inst of plan) {
    cumulative = round2(cumulative + inst.amount);
    if (cumulative > covered) break;
    if (inst.status !== 'paid') out.push(inst.seq);
  }
  return out;
}
