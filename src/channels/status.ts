import { sql } from 'drizzle-orm';
import { jsonParam, rowsOf } from '../db/batch';
import type { Db } from '../db/client';
import { createCoalescer, type Submit } from '../shared/coalescer';
import { deliveryRank, type DeliveryStatus } from './port';

export type StatusResult = 'updated' | 'ignored' | 'unknown';
interface StatusUpdateRow {
  provider: string;
  providerMessageId: string;
  status: DeliveryStatus;
  errorCode?: string;
}

// The status order as SQL, from the one table in port.ts (isForwardMove): CASE status WHEN … THEN rank.
const rankOf = (col: string) =>
  sql.raw(`case ${col} ${Object.entries(deliveryRank).map(([s, r]) => {
    if (!/^[a-z_]+$/.test(s)) throw new Error(`bad status ${s}`);
    return `when '${s}' then ${r}`;
  }).join(' ')} end`);
const rank = (s: string): number => (s in deliveryRank ? deliveryRank[s as DeliveryStatus] : Number.NaN);

/** One coalescer per database handle (on Workers each request has its own: a batch of one). */
const batches = new WeakMap<Db, Submit<StatusUpdateRow, StatusResult>>();

/**
 * Status callbacks move a message forward only (COMPLIANCE rule 4); unknown ids are ignored.
 * Callbacks arriving together are applied by one statement (group commit); the UPDATE's WHERE
 * holds the forward check, so a row locked by a concurrent writer (the sender recording its
 * result) is re-checked on the version that writer committed. A failed batch is retried row by row.
 */
export function applyStatus(deps: { db: Db }, provider: string, providerMessageId: string, status: DeliveryStatus, errorCode?: string): Promise<StatusResult> {
  let submit = batches.get(deps.db);
  if (!submit) {
    submit = createCoalescer((rows: StatusUpdateRow[]) => applyBatch(deps.db, rows), { maxBatch: 500 });
    batches.set(deps.db, submit);
  }
  return submit({ provider, providerMessageId, status, ...(errorCode ? { errorCode } : {}) });
}

async function applyBatch(db: Db, rows: StatusUpdateRow[]): Promise<Array<StatusResult | Error>> {
  try {
    return await applyStatuses(db, rows);
  } catch (e) {
    if (rows.length === 1) throw e;
    return Promise.all(rows.map((r) => applyStatuses(db, [r]).then((x) => x[0]!, (err: unknown) => (err instanceof Error ? err : new Error(String(err))))));
  }
}

/**
 * One statement for many callbacks. Per message the furthest status of the batch is written (the
 * first of equals, as one-by-one would); each callback's answer is what it would have been applied
 * in arrival order after the status read by the statement.
 */
async function applyStatuses(db: Db, rows: StatusUpdateRow[]): Promise<StatusResult[]> {
  const keyOf = (r: StatusUpdateRow) => `${r.provider}\u0000${r.providerMessageId}`;
  const best = new Map<string, { k: number; row: StatusUpdateRow }>();
  for (const r of rows) {
    const b = best.get(keyOf(r));
    if (!b) best.set(keyOf(r), { k: best.size, row: r });
    else if (rank(r.status) > rank(b.row.status)) b.row = r;
  }
  const input = [...best.values()].map(({ k, row }) => ({ k, provider: row.provider, pmid: row.providerMessageId, status: row.status, error_code: row.errorCode ?? null, r: deliveryRank[row.status] }));
  const res = await rowsOf<Found>(db, sql`
    with x as (select * from jsonb_to_recordset(${jsonParam(input)}) as x(k int, provider text, pmid text, status text, error_code text, r int)),
    found as (select x.k, m.id, m.status from x join messages m on m.provider = x.provider and m.provider_message_id = x.pmid),
    moved as (
      update messages m set status = x.status, error_code = coalesce(x.error_code, m.error_code)
      from x join found f on f.k = x.k
      where m.id = f.id and ${rankOf('m.status')} < x.r
      returning f.k
    )
    select f.k, f.status as old, exists (select 1 from moved where moved.k = f.k) as moved from found f
  `);
  const byKey = new Map(res.map((f) => [Number(f.k), f]));
  const current = new Map<number, number>();
  return rows.map((r) => {
    const k = best.get(keyOf(r))!.k;
    const f = byKey.get(k);
    if (!f) return 'unknown';
    if (!f.moved) return 'ignored';
    const cur = current.get(k) ?? rank(f.old);
    if (!(rank(r.status) > cur)) return 'ignored';
    current.set(k, rank(r.status));
    return 'updated';
  });
}

type Found = { k: number; old: string; moved: boolean };
