import type { Services } from '../services';
import { parseCsv } from './csv';
import { CreateDebt, createDebt } from './debts';
import { yieldToEventLoop } from '../shared/yield';

export const IMPORT_COLUMNS = [
  'debtor_external_ref',
  'name',
  'phone',
  'locale',
  'timezone',
  'consent_obtained_at',
  'consent_source',
  'debt_external_ref',
  'amount',
  'currency',
  'due_date',
  'flow',
] as const;
export const REQUIRED = IMPORT_COLUMNS.filter((c) => c !== 'timezone' && c !== 'flow' && c !== 'locale');

export type ImportRowReport =
  | { row: number; status: 'created'; debtorId: string; debtId: string; conversationId: string }
  | { row: number; status: 'exists'; debtId: string; conversationId: string | null }
  | { row: number; status: 'invalid'; field: string; message: string };

/** One CSV record → the API's debt shape (so both paths share one validation). */
export function rowToDebt(rec: Record<string, string>): unknown {
  const amount = rec.amount?.replace(/[,\s_]/g, '') ?? '';
  // A number when it reads as one; otherwise the text itself, so the error can quote it.
  const amountValue = amount === '' ? undefined : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(amount) ? Number(amount) : (rec.amount ?? '');
  // An empty cell is a missing value ("is required"), not an empty text.
  const v = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);
  return {
    debtor: {
      externalRef: v(rec.debtor_external_ref),
      name: v(rec.name),
      phone: v(rec.phone),
      locale: v(rec.locale),
      timezone: v(rec.timezone),
      consent: { obtainedAt: v(rec.consent_obtained_at), source: v(rec.consent_source) },
    },
    debt: { externalRef: v(rec.debt_external_ref), amount: amountValue, currency: v(rec.currency?.toUpperCase()), dueDate: v(rec.due_date) },
    flow: v(rec.flow),
  };
}

export const FIELD_TO_COLUMN: Record<string, string> = {
  'debtor.externalRef': 'debtor_external_ref',
  'debtor.name': 'name',
  'debtor.phone': 'phone',
  'debtor.locale': 'locale',
  'debtor.timezone': 'timezone',
  'debtor.consent.obtainedAt': 'consent_obtained_at',
  'debtor.consent.source': 'consent_source',
  'debt.externalRef': 'debt_external_ref',
  'debt.amount': 'amount',
  'debt.currency': 'currency',
  'debt.dueDate': 'due_date',
  flow: 'flow',
};

/** Rows imported between two turns of the event loop for everything else: one, so a health check or webhook on the embedded default (one PGlite connection) waits for at most one row. */
export const IMPORT_YIELD_EVERY = 1;

/**
 * Imports a CSV of debts. Each row is its own transaction: a bad row is reported and never
 * stops the good ones, and a row is written whole or not at all. Row numbers count the header as 1.
 */
export async function importDebtsCsv(deps: Parameters<typeof createDebt>[0], csv: string): Promise<{ ok: true; summary: Record<string, number>; rows: ImportRowReport[] } | { ok: false; error: string }> {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.rows;
  if (!header) return { ok: false, error: 'the CSV is empty' };
  const cols = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !cols.includes(c));
  if (missing.length) return { ok: false, error: `missing column(s): ${missing.join(', ')}; expected ${IMPORT_COLUMNS.join(',')}` };
  const unknown = cols.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) return { ok: false, error: `unknown column(s): ${unknown.join(', ')}` };

  const rows: ImportRowReport[] = [];
  for (const [i, values] of records.entries()) {
    const row = i + 2;
    // A long import gives way to other requests (health checks, webhooks) between batches of rows.
    if (i > 0 && i % IMPORT_YIELD_EVERY === 0) await yieldToEventLoop();
    if (values.length !== cols.length) {
      rows.push({ row, status: 'invalid', field: '(row)', message: `expected ${cols.length} fields, found ${values.length}` });
      continue;
    }
    const rec = Object.fromEntries(cols.map((c, j) => [c, values[j]!.trim()]));
    const nulIn = cols.find((c) => rec[c]!.includes('\u0000'));
    if (nulIn) {
      rows.push({ row, status: 'invalid', field: nulIn, message: 'contains a NUL character, which cannot be stored' });
      continue;
    }
    const input = CreateDebt.safeParse(rowToDebt(rec));
    if (!input.success) {
      const issue = input.error.issues[0]!;
      const field = FIELD_TO_COLUMN[issue.path.join('.')] ?? issue.path.join('.');
      rows.push({ row, status: 'invalid', field, message: issue.message });
      continue;
    }
    try {
      const r = await createDebt(deps, input.data);
      if (r.status === 'invalid') rows.push({ row, status: 'invalid', field: FIELD_TO_COLUMN[r.field] ?? r.field, message: r.message });
      else if (r.status === 'differs')
        rows.push({ row, status: 'invalid', field: 'debt_external_ref', message: `already loaded with a different ${r.differs.map((f) => FIELD_TO_COLUMN[f] ?? f).join(', ')}; nothing was changed` });
      else if (r.status === 'exists') rows.push({ row, status: 'exists', debtId: r.debtId, conversationId: r.conversationId });
      else rows.push({ row, status: 'created', debtorId: r.debtorId, debtId: r.debtId, conversationId: r.conversationId });
    } catch (e) {
      deps.log.warn({ err: e, row }, 'import row failed');
      rows.push({ row, status: 'invalid', field: '(row)', message: 'could not be stored; nothing was written for this row' });
    }
  }
  const summary = { rows: rows.length, created: 0, exists: 0, invalid: 0 };
  for (const r of rows) summary[r.status]++;
  return { ok: true, summary, rows };
}
