import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { recordset, recordsetIds, uuidArray } from '../../../src/db/batch';

const dialect = new PgDialect();
const a = '0b8f3c1e-6f1d-4d3c-9a4e-1f2a3b4c5d6e';
const b = '7c9d0e1f-2a3b-4c5d-8e9f-0a1b2c3d4e5f';

describe('recordsetIds', () => {
  it('writes the same statement text and parameters as the predicate written out by hand', () => {
    const rows = [{ id: a }, { id: b }];
    const by = sql`update messages as m set x = 1 from ${recordset(rows, { id: 'uuid' })} where ${recordsetIds('m', 'id', [a, b])} and m.intent is null`;
    const hand = sql`update messages as m set x = 1 from ${recordset(rows, { id: 'uuid' })} where m.id = x.id and m.id = any(${uuidArray([a, b])}) and m.intent is null`;
    expect(dialect.sqlToQuery(by)).toEqual(dialect.sqlToQuery(hand));
    expect(dialect.sqlToQuery(by).sql).toContain('where m.id = x.id and m.id = any($2::uuid[]) and m.intent is null');
  });

  it('gives each id once, and refuses names that are not plain identifiers', () => {
    expect(dialect.sqlToQuery(recordsetIds('t', 'conversation_id', [a, b, a])).params).toEqual([`{${a},${b}}`]);
    expect(() => recordsetIds('t; drop', 'id', [a])).toThrow(/bad name/);
    expect(() => recordsetIds('t', 'id', ['nope'])).toThrow(/not a uuid/);
  });
});
