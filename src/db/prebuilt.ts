import { sql, type Placeholder } from 'drizzle-orm';
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
type Built = { query: { sql: string; params: unknown[] }; fields: unknown; joins: unknown };
type Prepared = { joinsNotNullableMap?: unknown; execute(values: Record<string, unknown>): Promise<unknown> };
type Session = { prepareQuery(query: Built['query'], fields: unknown, name: undefined, arrayMode: boolean): Prepared };
// drizzle's own (runtime export of drizzle-orm/utils, not in its typings): the select's columns in result order.
const { orderSelectedFields } = drizzleUtils as unknown as { orderSelectedFields(fields: Record<string, unknown>): unknown };
type Builder = { toSQL(): Built['query']; config: { fields: Record<string, unknown> }; joinsNotNullableMap?: unknown };

export function prebuilt<B extends PromiseLike<unknown>>(build: (h: DbOrTx) => B): (h: DbOrTx, values: Record<string, unknown>) => Promise<Awaited<B>> {
  let built: Built | undefined;
  return (h, values) => {
    if (!built) {
      const q = build(h) as unknown as Builder;
      built = { query: q.toSQL(), fields: orderSelectedFields(q.config.fields), joins: q.joinsNotNullableMap };
    }
    const p = (h as unknown as { session: Session }).session.prepareQuery(built.query, built.fields, undefined, true);
    p.joinsNotNullableMap = built.joins;
    return p.execute(values) as Promise<Awaited<B>>;
  };
}

/** A named placeholder (its value is given when the prebuilt query runs). */
export const ph = (name: string): Placeholder => sql.placeholder(name);
