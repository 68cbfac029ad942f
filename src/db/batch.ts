import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client';

/** Rows of a raw statement, the same on postgres.js (an array) and PGlite ({ rows }). */
export async function rowsOf<R>(db: DbOrTx, q: SQL): Promise<R[]> {
  const r = (await db.execute(q)) as unknown as R[] | { rows: R[] };
  return Array.isArray(r) ? r : r.rows;
}

/** Many rows as ONE parameter: `jsonb_to_recordset(${recordset(rows)}) as x(...)`. */
export const recordset = (rows: readonly object[]): SQL => sql`${JSON.stringify(rows)}::jsonb`;

/** A Postgres array literal of uuids as one text parameter (`= any(${uuidArray(ids)})`). */
export function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
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
