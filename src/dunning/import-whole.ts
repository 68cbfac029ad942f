import type { LoadedFlow } from '../conversation/flow-store';
import type { Db } from '../db/client';
import { emptyPostCommit } from '../outbox/queue';
import { relay } from '../outbox/relay';
import { IssueList, issuesMessage, type Issue } from '../shared/issues';
import { yieldToEventLoop } from '../shared/yield';
import type { CsvCharset } from './csv';
import { loadedDifferently, writeDebtBatch, type PreparedDebt } from './debts';
import { IMPORT_BATCH, IMPORT_YIELD_EVERY, checkRow, countReports, differsIssue, readDebtCsv, report, type ImportDeps, type ImportRowReport, type ImportSummary } from './import';

export type WholeImportResult =
  | { ok: true; charset: CsvCharset; summary: ImportSummary; rows: ImportRowReport[] }
  /** `issues`: every problem found (the first MAX_ISSUES of `count`), each with its row; absent for a problem of the file itself. */
  | { ok: false; error: string; issues?: IssueList };

/** A problem found while writing (a debt loaded with other data meanwhile): the transaction is rolled back. */
class Refused extends Error {
  constructor(readonly issues: Issue[]) {
    super('refused');
  }
}

/**
 * The import all or nothing (`?atomic=true`, decision 0185): the whole file is read and every row
 * checked first — the schema, the flow, the number, the dates, a debt reference repeated in the
 * file, a reference loaded already with other data — and any problem refuses the file with every
 * problem listed by row (the first MAX_ISSUES and how many there were), nothing written. A file
 * with none is written in ONE transaction (multi-row batches inside it), so a problem that only
 * shows while writing still leaves nothing behind; its wake-ups are relayed after the commit.
 *
 * Costs against the streamed import: the checked rows are held until the file has been read, and
 * the transaction holds its rows' locks until the end (on the embedded PGlite: its one connection).
 */
export async function importDebtsWhole(deps: ImportDeps, source: AsyncIterable<Uint8Array>, opts: { charset?: CsvCharset; batchSize?: number } = {}): Promise<WholeImportResult> {
  const batchSize = opts.batchSize ?? IMPORT_BATCH[deps.database?.kind ?? 'postgres'];
  const flowCache = new Map<string, Promise<LoadedFlow | null>>();
  const issues = new IssueList();
  const good: Array<{ row: number; debt: PreparedDebt }> = [];
  /** debt_external_ref → the first row that gave it. */
  const firstRow = new Map<string, number>();
  const read = await readDebtCsv(source, opts.charset, async (row, values, cols) => {
    if (row % IMPORT_YIELD_EVERY === 0) await yieldToEventLoop();
    const checked = await checkRow(deps, cols, row, values, flowCache);
    if ('status' in checked) issues.add(...checked.issues.map((i) => ({ ...i, row })));
    const ref = values[cols.indexOf('debt_external_ref')]?.trim();
    if (ref) {
      const first = firstRow.get(ref);
      if (first === undefined) firstRow.set(ref, row);
      else issues.add({ row, field: 'debt_external_ref', code: 'duplicate', message: `${ref.slice(0, 128)} is also on row ${first}: give each debt once` });
    }
    if (!('status' in checked)) good.push({ row, debt: checked });
  });
  const problem = read.refused ?? read.stopped ?? (read.cols ? null : 'the CSV is empty');
  if (problem) return { ok: false, error: problem };
  const { charset } = read;

  // Loaded already with other data: a problem of the row like any other (loaded the same: it is `exists`).
  const differing = await loadedDifferently(deps.db, good.map((g) => g.debt.input));
  for (const g of good) {
    const differs = differing.get(g.debt.input.debt.externalRef);
    if (differs) issues.add({ row: g.row, ...differsIssue(differs) });
  }
  if (!issues.empty) return refused(issues);

  const rows: ImportRowReport[] = [];
  const post = emptyPostCommit();
  try {
    await deps.db.transaction(async (tx) => {
      const inTx = { ...deps, db: tx as unknown as Db };
      for (let at = 0; at < good.length; at += batchSize) {
        const batch = good.slice(at, at + batchSize);
        const written = await writeDebtBatch(inTx, batch.map((g) => g.debt));
        post.outbox.push(...written.post.outbox);
        post.timers.push(...written.post.timers);
        const late: Issue[] = [];
        batch.forEach((g, k) => {
          const r = written.results[k]!;
          if (r.status === 'differs') late.push({ row: g.row, ...differsIssue(r.differs) });
          else rows.push(report(g.row, r));
        });
        if (late.length) throw new Refused(late);
      }
    });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    const late = new IssueList();
    late.add(...e.issues);
    return refused(late);
  }
  await relay(deps, post);
  return { ok: true, charset, summary: countReports(rows), rows };
}

const refused = (issues: IssueList): WholeImportResult => ({
  ok: false,
  error: `the file was not loaded: ${issuesMessage(issues.listed, issues.count)}`,
  issues,
});
