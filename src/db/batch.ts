import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { commitPipelined, pipelinedTransaction, type Db, type DbOrTx, type Tx } from './client';

/** Rows of a raw statement, the same on postgres.js (an array) and PGlite ({ rows }). */
export async function rowsOf<R>(db: DbOrTx, q: SQL): Promise<R[]> {
  const r = (await db.execute(q)) as unknown as R[] | { rows: R[] };
  return Array.isArray(r) ? r : r.rows;
}

/**
 * Bitmap scans off until the transaction ends (SET LOCAL; decision 0168). With autovacuum off nothing removes the
 * entries of rows that left a pending-only index; a bitmap scan walks them all on every execution and never marks them
 * dead, a plain index scan marks each one it passes so the next scan skips it. Sent pipelined with a transaction's first read.
 */
export function plainIndexScans(): SQL {
  // Made at the first call, not when this module loads: in the Workers bundle this module runs before drizzle's sql
  // module is initialised, and a module-level sql`` there stops the Worker at its start ("StringChunk is not a constructor").
  return (plainIndexScansSql ??= sql`select set_config('enable_bitmapscan', 'off', true)`);
}
let plainIndexScansSql: SQL | undefined;

/**
 * Reads in a transaction of their own with bitmap scans off (plainIndexScans): BEGIN, the setting and the reads go
 * out in one round trip, the COMMIT pipelined behind them. `reads` makes its statements through drizzle's builders or
 * rowsOf: made after the setting's, they reach the driver after it and plan under it. The reads of the pending-only
 * index ranges a storm leaves full of dead entries (the sweep's due counts, the send stage's due rows, the
 * reconciler's stale sends; decisions 0168, 0171, 0175) all go through here.
 */
export async function readWithPlainIndexScans<T extends unknown[]>(db: Db, reads: (tx: Tx) => [...{ [K in keyof T]: PromiseLike<T[K]> }]): Promise<T> {
  return pipelinedTransaction(db, async (tx) => {
    const setting = rowsOf(tx, plainIndexScans());
    const out = await Promise.all([setting, ...reads(tx), commitPipelined(tx)]);
    return out.slice(1, -1) as T;
  });
}

/** Many rows as ONE parameter: `jsonb_to_recordset(${jsonParam(rows)}) as x(...)` (or `recordset` below, which writes the column list). */
export const jsonParam = (rows: readonly object[]): SQL => sql`${JSON.stringify(rows)}::jsonb`;

/** A Postgres array literal of uuids, as text (`{a,b}`): checked, so it cannot carry anything else. */
export function uuidList(ids: readonly string[]): string {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return `{${ids.join(',')}}`;
}

/** A Postgres array literal of uuids as one text parameter (`= any(${uuidArray(ids)})`). */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${uuidList(ids)}::uuid[]`;
}

/**
 * A row read as `to_jsonb(t)` (snake_case keys, timestamps as text) back into the table's typed
 * row, through drizzle's own column mapping: lets one raw statement return whole rows of several tables.
 */
export function fromJsonRow<T extends PgTable>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    const v = raw[col.name];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out as T['$inferSelect'];
}

/** Postgres types a column of a JSON recordset may have (its column definitions). */
export type PgType = 'uuid' | 'text' | 'integer' | 'bigint' | 'real' | 'boolean' | 'jsonb' | 'timestamptz' | 'numeric' | 'date';

/** `jsonb_to_recordset($1) as <alias>(col type, …)`: many rows as ONE parameter, so the text stays the same (prepared once) whatever the count. */
export function recordset(rows: Array<Record<string, unknown>>, columns: Record<string, PgType>, alias = 'x'): SQL {
  const names = Object.keys(columns);
  for (const n of [...names, alias]) if (!/^[a-z_]+$/.test(n)) throw new Error(`bad column name ${n}`);
  const defs = sql.raw(names.map((n) => `${n} ${columns[n]}`).join(', '));
  return sql`jsonb_to_recordset(${jsonParam(rows)}) as ${sql.raw(alias)}(${defs})`;
}

/**
 * The WHERE of an `UPDATE <alias> … FROM <recordset> x`: `<alias>.<key> = x.<key> and <alias>.<key> = any($n::uuid[])`.
 * The join alone is planned as a scan of the whole table (the planner takes a recordset for 100 rows, and a
 * hash join over a sequential scan looks cheaper than 100 index probes); the id array, the same ids as one
 * parameter, makes it an index scan (plan12, decision 0151). The ids are given once each.
 */
export function recordsetIds(alias: string, key: string, ids: Iterable<string>): SQL {
  for (const n of [alias, key]) if (!/^[a-z_]+$/.test(n)) throw new Error(`bad name ${n}`);
  return sql`${sql.raw(`${alias}.${key} = x.${key} and ${alias}.${key}`)} = any(${uuidArray([...new Set(ids)])})`;
}

/**
 * INSERT … SELECT FROM jsonb_to_recordset($1): many rows in one statement with one parameter
 * (drizzle's multi-row `values()` makes every cell a parameter). `tail`: ON CONFLICT / RETURNING.
 */
export async function insertJsonRows<R>(db: DbOrTx, table: PgTable, columns: Record<string, PgType>, rows: Array<Record<string, unknown>>, tail: SQL = sql``): Promise<R[]> {
  if (!rows.length) return [];
  return rowsOf<R>(db, insertSelect(table, columns, recordset(rows, columns), tail));
}

/**
 * The statement insertJsonRows runs, `insert into <table> (<columns>) select <columns> from <from> <tail>`, for a
 * caller that wraps it (a data-modifying CTE): `from` is `recordset(rows, columns)`, or the name of a CTE that
 * holds it (the effects' outbox insert reads its rows twice).
 */
export function insertSelect(table: PgTable, columns: Record<string, PgType>, from: SQL, tail: SQL = sql``): SQL {
  const list = sql.raw(Object.keys(columns).join(', '));
  return sql`insert into ${table} (${list}) select ${list} from ${from} ${tail}`;
}

/**
 * The database's own error rather than the driver's wrapper ("Failed query: … params: …" carries the
 * batch's rows — bodies, phones — into logs and dead letters).
 */
export function causeOf(e: unknown): unknown {
  const cause = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  return cause instanceof Error ? cause : e;
}
