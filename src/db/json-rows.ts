import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client';

/** Postgres types a column of a JSON recordset may have (its column definitions). */
export type PgType = 'uuid' | 'text' | 'integer' | 'bigint' | 'real' | 'boolean' | 'jsonb' | 'timestamptz' | 'numeric' | 'date';

/** Rows of a raw statement, the same on postgres.js (an array) and PGlite ({ rows }). */
export async function execRows<R>(db: DbOrTx, q: SQL): Promise<R[]> {
  const r = (await db.execute(q)) as unknown as R[] | { rows: R[] };
  return Array.isArray(r) ? r : r.rows;
}

/** `jsonb_to_recordset($1) as <alias>(col type, …)`: many rows as ONE parameter, so the text stays the same (prepared once) whatever the count. */
export function recordset(rows: Array<Record<string, unknown>>, columns: Record<string, PgType>, alias = 'x'): SQL {
  const names = Object.keys(columns);
  for (const n of [...names, alias]) if (!/^[a-z_]+$/.test(n)) throw new Error(`bad column name ${n}`);
  const defs = sql.raw(names.map((n) => `${n} ${columns[n]}`).join(', '));
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${sql.raw(alias)}(${defs})`;
}

/**
 * INSERT … SELECT FROM jsonb_to_recordset($1): many rows in one statement with one parameter
 * (drizzle's multi-row `values()` makes every cell a parameter). `tail`: ON CONFLICT / RETURNING.
 */
export async function insertJsonRows<R>(db: DbOrTx, table: PgTable, columns: Record<string, PgType>, rows: Array<Record<string, unknown>>, tail: SQL = sql``): Promise<R[]> {
  if (!rows.length) return [];
  const list = sql.raw(Object.keys(columns).join(', '));
  return execRows<R>(db, sql`insert into ${table} (${list}) select ${list} from ${recordset(rows, columns)} ${tail}`);
}

/**
 * The database's own error rather than the driver's wrapper ("Failed query: … params: …" carries the
 * batch's rows — bodies, phones — into logs and dead letters).
 */
export function causeOf(e: unknown): unknown {
  const cause = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  return cause instanceof Error ? cause : e;
}
