import { IMPORT_COLUMNS } from '../../src/dunning/import';
import { jpMobile } from './harness';

/** One CSV row in the import format; override what the test is about. */
export function csvRow(i: number, o: { ref?: string; phone?: string; due?: string; amount?: number; consent?: string } = {}) {
  const ref = o.ref ?? `K${i}`;
  const v: Record<string, string> = {
    debtor_external_ref: `C-${ref}`,
    name: `テスト ${i}`,
    phone: o.phone ?? jpMobile(i).local,
    locale: 'ja',
    timezone: 'Asia/Tokyo',
    consent_obtained_at: o.consent ?? '2026-04-01T00:00:00Z',
    consent_source: 'contract',
    debt_external_ref: `INV-${ref}`,
    amount: String(o.amount ?? 10000 + i),
    currency: 'JPY',
    due_date: o.due ?? '2026-11-21',
    flow: '',
  };
  return IMPORT_COLUMNS.map((c) => v[c]).join(',');
}
export const csvOf = (rows: string[]) => [IMPORT_COLUMNS.join(','), ...rows].join('\n');
