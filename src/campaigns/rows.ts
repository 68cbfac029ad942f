import { z } from 'zod';
import { normalisePhone } from '../channels/phone';
import { parseCsv } from '../dunning/csv';
import { checkCreateDebt, invalid, localeProblem, type CreateDebt } from '../dunning/debts';
import { debtLocale } from '../dunning/debt-locale';
import { FIELD_TO_COLUMN, headerProblem, rowToDebt } from '../dunning/import';
import type { Issue } from '../shared/issues';
import type { Locale } from '../classify/port';

/**
 * One uploaded row after validation: the debt to load, or why not — `field`/`message` its first
 * problem (what campaign_rows keeps), `issues` every one (as the debts import's rows, decision 0185).
 * Row numbers count a CSV header as 1.
 */
export type CampaignRowInput =
  | { rowNo: number; status: 'valid'; input: CreateDebt; phone: string }
  | { rowNo: number; status: 'invalid'; field: string; message: string; issues: Issue[] };

export const MAX_CAMPAIGN_ROWS = 50_000;

/** The campaign's flow, as far as reading a row needs it. */
export interface RowFlow {
  key: string;
  locale: Locale;
}

const invalidRow = (rowNo: number, issues: Issue[]): CampaignRowInput => ({ rowNo, ...invalid(issues) });

/**
 * Validates one debt the same way the debts API does when it loads it into `flow` — the schema,
 * the debtor's language against the flow's, the phone number read in the row's locale or else the
 * flow's (a standard-en campaign reads "(415) 555-2671" as a US number) — and names every problem
 * of the row by its CSV column; never throws.
 */
export function validateRow(rowNo: number, raw: unknown, flow: RowFlow): CampaignRowInput {
  const checked = checkCreateDebt(raw, flow);
  const issues = checked.ok ? [] : checked.issues;
  let phone: string | null = null;
  if (checked.ok) {
    const wrongLocale = localeProblem(checked.data, flow);
    // The campaign names the flow; what a row can change is its locale.
    if (wrongLocale) issues.push({ ...wrongLocale, field: 'locale' });
    const n = normalisePhone(checked.data.debtor.phone, debtLocale(checked.data.debtor.locale, flow));
    if (n.ok) phone = n.e164;
    else issues.push({ field: 'debtor.phone', code: 'invalid_phone', message: n.error });
  }
  if (issues.length || !checked.ok || !phone) return invalidRow(rowNo, issues.map((i) => ({ ...i, field: FIELD_TO_COLUMN[i.field] ?? i.field })));
  return { rowNo, status: 'valid', input: checked.data, phone };
}

/** The debt reference a row gives, valid or not (to flag the same debt twice). */
const refOf = (raw: unknown): string | undefined => {
  const ref = (raw as { debt?: { externalRef?: unknown } } | null)?.debt?.externalRef;
  return typeof ref === 'string' && ref.trim() ? ref.trim() : undefined;
};

/**
 * The same debt twice in one upload is a mistake in the file: from its second row it is a problem
 * of the row (beside the row's others); the first valid row of a reference is the one that counts.
 */
function markDuplicates(rows: CampaignRowInput[], refs: Array<string | undefined>): CampaignRowInput[] {
  const seen = new Map<string, number>();
  return rows.map((r, i) => {
    const ref = refs[i];
    if (ref === undefined) return r;
    const first = seen.get(ref);
    if (first === undefined) {
      if (r.status === 'valid') seen.set(ref, r.rowNo);
      return r;
    }
    const duplicate: Issue = { field: 'debt_external_ref', code: 'duplicate', message: `same debt as row ${first}` };
    return invalidRow(r.rowNo, r.status === 'valid' ? [duplicate] : [...r.issues, duplicate]);
  });
}

/** A CSV in the import format (docs/api.md) → validated rows; a file-level problem is one error. */
export function rowsFromCsv(csv: string, flow: RowFlow): { ok: true; rows: CampaignRowInput[] } | { ok: false; error: string } {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.rows;
  if (!header) return { ok: false, error: 'the CSV is empty' };
  if (records.length > MAX_CAMPAIGN_ROWS) return { ok: false, error: `more than ${MAX_CAMPAIGN_ROWS} rows; split the file` };
  const problem = headerProblem(header);
  if (problem) return { ok: false, error: problem };
  const cols = header.map((h) => h.trim().toLowerCase());
  const raws = records.map((values) => (values.length === cols.length ? rowToDebt(Object.fromEntries(cols.map((c, j) => [c, values[j]!.trim()]))) : null));
  const rows = records.map((values, i): CampaignRowInput => {
    const rowNo = i + 2;
    if (values.length !== cols.length) return invalidRow(rowNo, [{ field: '(row)', code: 'wrong_field_count', message: `expected ${cols.length} fields, found ${values.length}` }]);
    return validateRow(rowNo, raws[i], flow);
  });
  return { ok: true, rows: markDuplicates(rows, raws.map(refOf)) };
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
  return markDuplicates(debts.map((d, i) => validateRow(i + 1, d, flow)), debts.map(refOf));
}
