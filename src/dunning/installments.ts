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
