import type { LoadedFlow } from '../conversation/flow-store';
import { yieldToEventLoop } from '../shared/yield';
import type { Issue } from '../shared/issues';
import { CsvReadError, CsvReader, decodeCsvBytes, type CsvCharset } from './csv';
import { relay } from '../outbox/relay';
import type { PostCommit } from '../outbox/queue';
import { checkCreateDebt, createDebt, createDebtBatch, invalid, prepareDebt, writeDebtBatch, type PreparedDebt, type WrittenDebt } from './debts';

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
  /** `field`/`message`: the row's first problem (its CSV column); `issues`: every one of the row's. */
  | { row: number; status: 'invalid'; field: string; message: string; issues: Issue[] };

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

/**
 * Rows written per transaction (multi-row statements). 1,000 on Postgres: against 500, 15–25 % less
 * app and Postgres CPU per row and a shorter import (bench/profile-import.ts, 20,000 rows, 2026-12-01);
 * 2,000 measured the same as 1,000, with twice the rows redone one by one when a batch fails. On
 * the embedded PGlite, whose one connection the HTTP server shares, fewer.
 */
export const IMPORT_BATCH = { postgres: 1000, pglite: 50 } as const;

/** Rows validated between two turns of the event loop for everything else (health checks, webhooks). */
export const IMPORT_YIELD_EVERY = 50;

export type ImportDeps = Parameters<typeof createDebt>[0] & { database?: { kind: 'postgres' | 'pglite' } };
export type ImportSummary = Record<'rows' | 'created' | 'exists' | 'invalid', number>;

/** Adds these row reports to an import's summary (a new one when none is given): the one count of both imports. */
export function countReports(reports: readonly ImportRowReport[], summary: ImportSummary = { rows: 0, created: 0, exists: 0, invalid: 0 }): ImportSummary {
  summary.rows += reports.length;
  for (const r of reports) summary[r.status]++;
  return summary;
}
export type ImportResult =
  /** `rows`: every row's report in file order — empty when `onRows` took them as they came. */
  | { ok: true; charset: CsvCharset; summary: ImportSummary; rows: ImportRowReport[]; stopped?: string }
  | { ok: false; error: string };

export interface ImportOptions {
  charset?: CsvCharset;
  batchSize?: number;
  /**
   * Each written batch's reports, in file order, as soon as the batch has committed; the import
   * then keeps none of them (the per-row report of a 100,000-row file is ~25 MiB of JS objects).
   * The first call means the file has been accepted: the answer will not be `ok: false`.
   */
  onRows?: (reports: ImportRowReport[]) => void;
}

const toBytes = async function* (text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
};

/** A whole CSV text (already decoded) → the import. */
export function importDebtsCsv(deps: ImportDeps, csv: string): Promise<ImportResult> {
  return importDebts(deps, toBytes(csv), { charset: 'utf-8' });
}

/**
 * A CSV of debts as its bytes arrive: decoded (the charset given or detected), the header checked,
 * then each record handed to `onRow` with its row number (the header is row 1) and awaited. What
 * ends it early is the file's: `refused` (a header problem: no row was handed over) or `stopped`
 * (the rest could not be read: a charset error, an unterminated quote; rows before it were handed over).
 */
export async function readDebtCsv(
  source: AsyncIterable<Uint8Array>,
  charset: CsvCharset | undefined,
  onRow: (row: number, values: string[], cols: string[]) => Promise<void> | void,
): Promise<{ charset: CsvCharset; cols: string[] | null; refused?: string; stopped?: string }> {
  const reader = new CsvReader();
  let cols: string[] | null = null;
  let recordNo = 0;
  let read: CsvCharset = charset ?? 'utf-8';
  const take = async (records: Array<{ values: string[] }>): Promise<string | null> => {
    for (const { values } of records) {
      recordNo++;
      if (!cols) {
        const problem = headerProblem(values);
        if (problem) return problem;
        cols = values.map((h) => h.trim().toLowerCase());
        continue;
      }
      await onRow(recordNo, values, cols);
    }
    return null;
  };
  try {
    const decoded = decodeCsvBytes(source, charset);
    for (;;) {
      const next = await decoded.next();
      if (next.done) {
        read = next.value;
        break;
      }
      const refused = await take(reader.push(next.value));
      if (refused) return { charset: read, cols, refused };
    }
    const last = reader.end();
    if (!last.ok) return { charset: read, cols, stopped: last.error };
    const refused = await take(last.records);
    if (refused) return { charset: read, cols, refused };
  } catch (e) {
    if (!(e instanceof CsvReadError)) throw e;
    return { charset: read, cols, stopped: e.message };
  }
  return { charset: read, cols };
}

/**
 * Imports a CSV of debts as it streams in: bytes are decoded (UTF-8, or Shift_JIS/CP932 detected
 * or given), records parsed as they complete, validated row by row, and written in batches — one
 * transaction of multi-row statements per batch (createDebtBatch). A bad row is reported and never
 * stops the good ones; a row is written whole or not at all (a batch that fails is redone row by
 * row, each in its own transaction). Row numbers count the header as 1.
 *
 * A problem with the file itself (header, charset, an unterminated quote) before any row was
 * written is `ok: false`; after, the rows already written are reported and `stopped` says why
 * the rest was not read.
 */
export async function importDebts(deps: ImportDeps, source: AsyncIterable<Uint8Array>, opts: ImportOptions = {}): Promise<ImportResult> {
  const batchSize = opts.batchSize ?? IMPORT_BATCH[deps.database?.kind ?? 'postgres'];
  const rows: ImportRowReport[] = [];
  const summary = countReports([]);
  const reported = (out: ImportRowReport[]) => {
    countReports(out, summary);
    if (opts.onRows) opts.onRows(out);
    else rows.push(...out);
  };
  const flowCache = new Map<string, Promise<LoadedFlow | null>>();
  let cols: string[] | null = null;
  let pending: Array<{ row: number; values: string[] }> = [];
  let written = false;

  // One batch is written (and the one before it relayed) while the next is read and validated:
  // the CPU of validation overlaps the wait on Postgres and Redis. Writes stay one at a time and in
  // file order, so a reference repeated across batches is created by its first row, as row by row.
  let writing: Promise<unknown> = Promise.resolve(null);
  let relaying: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    if (written) await yieldToEventLoop();
    written = true;
    const checked = await validateBatch(deps, cols!, batch, flowCache);
    const failed = await writing;
    if (failed instanceof Error) throw failed;
    writing = writeBatch(deps, checked, (post) => (relaying = relaying.then(() => relay(deps, post)))).then(
      (out) => reported(out),
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
  };
  const drain = async () => {
    const failed = await writing;
    if (failed instanceof Error) throw failed;
    await relaying;
  };
  const read = await readDebtCsv(source, opts.charset, async (row, values, header) => {
    cols = header;
    pending.push({ row, values });
    if (pending.length >= batchSize) await flush();
  });
  if (read.refused) return { ok: false, error: read.refused };
  const { charset, stopped } = read;
  cols = read.cols;
  // Nothing written yet: the file is refused whole, as before it streamed.
  if (stopped && !written) return { ok: false, error: stopped };
  await flush();
  await drain();
  if (!cols && !stopped) return { ok: false, error: 'the CSV is empty' };
  return { ok: true, charset, summary, rows, ...(stopped ? { stopped: `${stopped}; rows after the last one reported were not read` } : {}) };
}

export function headerProblem(header: string[]): string | null {
  const cols = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !cols.includes(c));
  if (missing.length) return `missing column(s): ${missing.join(', ')}; expected ${IMPORT_COLUMNS.join(',')}`;
  const unknown = cols.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) return `unknown column(s): ${unknown.join(', ')}`;
  return null;
}

/** One row's values → the debt to write, or every problem of the row (fields named by their CSV column). */
export async function checkRow(deps: ImportDeps, cols: string[], row: number, values: string[], flowCache: Map<string, Promise<LoadedFlow | null>>): Promise<PreparedDebt | Extract<ImportRowReport, { status: 'invalid' }>> {
  const bad = (issues: Issue[]) => invalidRow(row, issues);
  if (values.length !== cols.length) return bad([{ field: '(row)', code: 'wrong_field_count', message: `expected ${cols.length} fields, found ${values.length}` }]);
  const rec = Object.fromEntries(cols.map((c, j) => [c, values[j]!.trim()]));
  const nuls: Issue[] = cols.filter((c) => rec[c]!.includes('\u0000')).map((field) => ({ field, code: 'nul_character', message: 'contains a NUL character, which cannot be stored' }));
  const input = checkCreateDebt(rowToDebt(rec));
  if (!input.ok) return bad([...nuls, ...input.issues.map((i) => ({ ...i, field: FIELD_TO_COLUMN[i.field] ?? i.field }))]);
  if (nuls.length) return bad(nuls);
  const prepared = await prepareDebt(deps, input.data, { flowCache });
  if ('status' in prepared) return bad(prepared.issues.map((i) => ({ ...i, field: FIELD_TO_COLUMN[i.field] ?? i.field })));
  return prepared;
}

/** An `invalid` row's report: its first problem's field and message, and every problem. */
const invalidRow = (row: number, issues: Issue[]): Extract<ImportRowReport, { status: 'invalid' }> => ({ row, ...invalid(issues) });

/** A debt reference loaded already with other data, in CSV column names. */
const differsMessage = (differs: string[]) => `already loaded with a different ${differs.map((f) => FIELD_TO_COLUMN[f] ?? f).join(', ')}; nothing was changed`;

/** The problem of a row whose debt reference is loaded already with other data. */
export const differsIssue = (differs: string[]): Issue => ({ field: 'debt_external_ref', code: 'already_loaded_differently', message: differsMessage(differs) });

/** A written row's report (the batch writer answers created, exists or differs: every check was before it). */
export function report(row: number, r: WrittenDebt): ImportRowReport {
  if (r.status === 'differs') return invalidRow(row, [differsIssue(r.differs)]);
  if (r.status === 'exists') return { row, status: 'exists', debtId: r.debtId, conversationId: r.conversationId };
  return { row, status: 'created', debtorId: r.debtorId, debtId: r.debtId, conversationId: r.conversationId };
}

type CheckedBatch = { out: ImportRowReport[]; good: Array<{ at: number; row: number; debt: PreparedDebt }> };

/** Validates a batch (CPU: the HTTP server gets a turn every few dozen rows). */
async function validateBatch(deps: ImportDeps, cols: string[], batch: Array<{ row: number; values: string[] }>, flowCache: Map<string, Promise<LoadedFlow | null>>): Promise<CheckedBatch> {
  const out: ImportRowReport[] = new Array(batch.length);
  const good: CheckedBatch['good'] = [];
  for (const [at, { row, values }] of batch.entries()) {
    if (at > 0 && at % IMPORT_YIELD_EVERY === 0) await yieldToEventLoop();
    const checked = await checkRow(deps, cols, row, values, flowCache);
    if ('status' in checked) out[at] = checked;
    else good.push({ at, row, debt: checked });
  }
  return { out, good };
}

/**
 * Writes a validated batch's good rows in one transaction and hands its wake-ups to `relayLater`
 * (they are in Postgres already; the relay only wakes them sooner than the sweep). If the
 * transaction fails, row by row, each in its own transaction.
 */
async function writeBatch(deps: ImportDeps, { out, good }: CheckedBatch, relayLater: (post: PostCommit) => void): Promise<ImportRowReport[]> {
  try {
    const { results, post } = await writeDebtBatch(deps, good.map((g) => g.debt));
    relayLater(post);
    good.forEach((g, k) => (out[g.at] = report(g.row, results[k]!)));
  } catch (e) {
    deps.log.warn({ err: e, rows: good.length }, 'import batch failed; writing its rows one by one');
    for (const g of good) {
      try {
        const [r] = await createDebtBatch(deps, [g.debt]);
        out[g.at] = report(g.row, r!);
      } catch (err) {
        deps.log.warn({ err, row: g.row }, 'import row failed');
        out[g.at] = invalidRow(g.row, [{ field: '(row)', code: 'not_stored', message: 'could not be stored; nothing was written for this row' }]);
      }
    }
  }
  return out;
}
