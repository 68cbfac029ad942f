import { z } from 'zod';
import { normalisePhone } from '../channels/phone';
import { parseCsv } from '../dunning/csv';
import { CreateDebt, localeProblem } from '../dunning/debts';
import { FIELD_TO_COLUMN, IMPORT_COLUMNS, REQUIRED, rowToDebt } from '../dunning/import';
import type { Locale } from '../classify/port';

/** One uploaded row after validation: the debt to load, or why not. Row numbers count a CSV header as 1. */
export type CampaignRowInput =
  | { rowNo: number; status: 'valid'; input: CreateDebt; phone: string }
  | { rowNo: number; status: 'invalid'; field: string; message: string };

export const MAX_CAMPAIGN_ROWS = 50_000;

/** The campaign's flow, as far as reading a row needs it. */
export interface RowFlow {
  key: string;
  locale: Locale;
}

/**
 * Validates one debt the same way the debts API does when it loads it into `flow` (schema, the
 * debtor's language against the flow's, then the phone number read in the row's locale or else the
 * flow's — a standard-en campaign reads "(415) 555-2671" as a US number); never throws.
 */
export function validateRow(rowNo: number, raw: unknown, flow: RowFlow): CampaignRowInput {
  const parsed = CreateDebt.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    return { rowNo, status: 'invalid', field: FIELD_TO_COLUMN[path] ?? path, message: issue.message };
  }
  const wrongLocale = localeProblem(parsed.data, flow);
  if (wrongLocale) return { rowNo, status: 'invalid', field: 'locale', message: wrongLocale.message };
  const phone = normalisePhone(parsed.data.debtor.phone, parsed.data.debtor.locale ?? flow.locale);
  if (!phone.ok) return { rowNo, status: 'invalid', field: 'phone', message: phone.error };
  return { rowNo, status: 'valid', input: parsed.data, phone: phone.e164 };
}

/** The same debt twice in one upload is a mistake in the file: the later rows are invalid. */
function markDuplicates(rows: CampaignRowInput[]): CampaignRowInput[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    if (r.status !== 'valid') return r;
    const first = seen.get(r.input.debt.externalRef);
    if (first !== undefined) return { rowNo: r.rowNo, status: 'invalid', field: 'debt_external_ref', message: `same debt as row ${first}` };
    seen.set(r.input.debt.externalRef, r.rowNo);
    return r;
  });
}

/** A CSV in the import format (docs/api.md) → validated rows; a file-level problem is one error. */
export function rowsFromCsv(csv: string, flow: RowFlow): { ok: true; rows: CampaignRowInput[] } | { ok: false; error: string } {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.rows;
  if (!header) return { ok: false, error: 'the CSV is empty' };
  if (records.length > MAX_CAMPAIGN_ROWS) return { ok: false, error: `more than ${MAX_CAMPAIGN_ROWS} rows; split the file` };
  const cols = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !cols.includes(c));
  if (missing.length) return { ok: false, error: `missing column(s): ${missing.join(', ')}; expected ${IMPORT_COLUMNS.join(',')}` };
  const unknown = cols.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) return { ok: false, error: `unknown column(s): ${unknown.join(', ')}` };
  const rows = records.map((values, i): CampaignRowInput => {
    const rowNo = i + 2;
    if (values.length !== cols.length) return { rowNo, status: 'invalid', field: '(row)', message: `expected ${cols.length} fields, found ${values.length}` };
    return validateRow(rowNo, rowToDebt(Object.fromEntries(cols.map((c, j) => [c, values[j]!.trim()]))), flow);
  });
  return { ok: true, rows: markDuplicates(rows) };
}

/** The API's JSON shape: the debts API's body per debt (its `flow` is ignored: the campaign has one). */
export const CreateCampaign = z.object({
  name: z.string().trim().min(1).max(200),
  flow: z.string().trim().min(1),
  startAt: z.string().datetime({ offset: true }),
  debts: z.array(z.unknown()).max(MAX_CAMPAIGN_ROWS).optional(),
});
export type CreateCampaign = z.infer<typeof CreateCampaign>;

/** JSON debts → validated rows, numbered from 1. */
export function rowsFromJson(debts: unknown[], flow: RowFlow): CampaignRowInput[] {
  return markDuplicates(debts.map((d, i) => validateRow(i + 1, d, flow)));
}
