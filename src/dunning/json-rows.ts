import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';

/** Postgres types a column of `insertJsonRows` may have (the recordset's column definitions). */
type PgType = 'uuid' | 'text' | 'integer' | 'jsonb' | 'timestamptz' | 'numeric' | 'date';

/**
 * INSERT … SELECT FROM jsonb_to_recordset($1): many rows in one statement with ONE parameter.
 * Drizzle's multi-row `values()` builds and checks every cell as its own parameter, which was a
 * fifth of a 100,000-row import's CPU. Rows are keyed by column name; `tail` is the ON CONFLICT
 * and RETURNING part. Same SQL on postgres.js and PGlite.
 */
export async function insertJsonRows<R>(db: DbOrTx, table: PgTable, columns: Record<string, PgType>, rows: Array<Record<string, unknown>>, tail: SQL): Promise<R[]> {
  if (!rows.length) return [];
  const names = Object.keys(columns);
  for (const n of names) if (!/^[a-z_]+$/.test(n)) throw new Error(`bad column name ${n}`);
  const list = sql.raw(names.join(', '));
  const defs = sql.raw(names.map((n) => `${n} ${columns[n]}`).join(', '));
  const r = (await db.execute(sql`insert into ${table} (${list}) select ${list} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${defs}) ${tail}`)) as unknown as R[] | { rows: R[] };
  return Array.isArray(r) ? r : r.rows;
}
