import { Column, getTableName, is, SQL, sql, Subquery, type Placeholder } from 'drizzle-orm';
import * as drizzleUtils from 'drizzle-orm/utils';
import type { DbOrTx } from './client';

/**
 * A drizzle select built ONCE (its text, parameters with placeholders, and result mapping) and run
 * on any handle with the placeholders' values. Building a select is drizzle's largest cost on the
 * reply path (#12): ~150 µs for `select().from(messages)…`, ~300 µs for the drain's lock of
 * conversation + debt + debtor, every round, for the same text each time. Only the values change
 * (one uuid-array parameter for any number of ids, `now`, the limit), so the built query is kept.
 *
 * Runs the way drizzle's own `execute()` does (session.prepareQuery → execute(values)) on the
 * handle's session: a transaction's statements stay on its connection. Values go to the driver as
 * they are given (a placeholder is not mapped through its column): pass text and cast in the SQL.
 */
type Built = { query: { sql: string; params: unknown[] }; fields: unknown; joins: unknown; map: RowsMapper };
type Prepared = { joinsNotNullableMap?: unknown; execute(values: Record<string, unknown>): Promise<unknown> };
type Session = { prepareQuery(query: Built['query'], fields: unknown, name: undefined, arrayMode: boolean, customResultMapper: RowsMapper): Prepared };
/** A field as drizzle orders them: its path in the result object and the column or SQL it reads. */
type OrderedField = { path: string[]; field: unknown };
// drizzle's own (runtime export of drizzle-orm/utils, not in its typings): the select's columns in result order.
const { orderSelectedFields, mapResultRow } = drizzleUtils as unknown as {
  orderSelectedFields(fields: Record<string, unknown>): OrderedField[];
  mapResultRow(fields: OrderedField[], row: unknown[], joins: Record<string, boolean> | undefined): Record<string, unknown>;
};
type Decoder = { mapFromDriverValue(v: unknown): unknown };
type RowsMapper = (rows: unknown[][]) => unknown[];
/** An SQL field's decoder (`sql<T>`…`.mapWith()`; internal to drizzle's typings). */
const decoderOf = (s: SQL): Decoder => (s as unknown as { decoder: Decoder }).decoder;

/**
 * The result rows' mapping, worked out once per select (storm23, decision 0186): what drizzle's mapResultRow does
 * for every row and column — find the column's decoder (`is()` walks the prototype chain), walk its path, track
 * the joined tables' nulls — done for the select's fields once, leaving per cell only the decode and the store. A
 * storm's round maps ~200 rows of 42 columns (the lock) and the due timers; drizzle's generic walk was ~18 µs
 * per fired timer. Same result: the same keys in the same order, the same decoders, and a joined table's object
 * null under drizzle's own rule (its first column null, its table not one of the join's not-nullable ones).
 * A path deeper than two (a nested object of objects) keeps drizzle's own mapping.
 */
export function rowsMapper(fields: OrderedField[], joins: Record<string, boolean> | undefined): RowsMapper {
  if (fields.some((f) => f.path.length > 2)) return (rows) => rows.map((row) => mapResultRow(fields, row, joins));
  const decoders: Decoder[] = fields.map(({ field }) =>
    is(field, Column) ? field : decoderOf(is(field, SQL) ? field : is(field, Subquery) ? field._.sql : (field as { sql: SQL }).sql),
  );
  const keys = fields.map((f) => f.path[0]!);
  const subs = fields.map((f) => f.path[1]);
  // drizzle's rule (utils.js mapResultRow): an object of a join is null when its FIRST column is null, all its
  // columns come from one table, and that table is not in joinsNotNullableMap. Which objects can be is fixed by the fields.
  const nullable: Array<{ key: string; first: number }> = [];
  if (joins) {
    const seen = new Map<string, { first: number; table: string | false }>();
    fields.forEach(({ path, field }, i) => {
      if (path.length !== 2 || !is(field, Column)) return;
      const table = getTableName(field.table);
      const s = seen.get(path[0]!);
      if (!s) seen.set(path[0]!, { first: i, table });
      else if (s.table !== false && s.table !== table) s.table = false;
    });
    for (const [key, s] of seen) if (s.table !== false && !joins[s.table]) nullable.push({ key, first: s.first });
  }
  const n = fields.length;
  return (rows) => {
    const out = new Array<unknown>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const raw = row[i];
        const v = raw === null ? null : decoders[i]!.mapFromDriverValue(raw);
        const sub = subs[i];
        if (sub === undefined) o[keys[i]!] = v;
        else ((o[keys[i]!] ??= {}) as Record<string, unknown>)[sub] = v;
      }
      for (const { key, first } of nullable) if ((o[key] as Record<string, unknown>)[subs[first]!] === null) o[key] = null;
      out[r] = o;
    }
    return out;
  };
}
type Builder = { toSQL(): Built['query']; config: { fields: Record<string, unknown> }; joinsNotNullableMap?: unknown };

export function prebuilt<B extends PromiseLike<unknown>>(build: (h: DbOrTx) => B): (h: DbOrTx, values: Record<string, unknown>) => Promise<Awaited<B>> {
  let built: Built | undefined;
  return (h, values) => {
    if (!built) {
      const q = build(h) as unknown as Builder;
      const fields = orderSelectedFields(q.config.fields);
      built = { query: q.toSQL(), fields, joins: q.joinsNotNullableMap, map: rowsMapper(fields, q.joinsNotNullableMap as Record<string, boolean> | undefined) };
    }
    const p = (h as unknown as { session: Session }).session.prepareQuery(built.query, built.fields, undefined, true, built.map);
    p.joinsNotNullableMap = built.joins;
    return p.execute(values) as Promise<Awaited<B>>;
  };
}

/** A named placeholder (its value is given when the prebuilt query runs). */
export const ph = (name: string): Placeholder => sql.placeholder(name);
