import { eq, sql } from 'drizzle-orm';
import { date, integer, jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../../src/db/client';
import { ph, prebuilt } from '../../src/db/prebuilt';
import { freshDatabase } from '../support/db';

/**
 * A prebuilt select maps its rows itself (decision 0186: drizzle's per-row walk, worked out once per select). Every
 * shape the drain's reads use — whole tables side by side (the lock), a subquery mapped with mapWith, a plain
 * select() — and the left join that drizzle maps to null must give what drizzle's own select gives, row for row.
 */
const owners = pgTable('pm_owner', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  meta: jsonb('meta').$type<Record<string, unknown>>(),
});
const things = pgTable('pm_thing', {
  id: integer('id').primaryKey(),
  ownerId: integer('owner_id'),
  label: text('label'),
  due: date('due', { mode: 'string' }),
  amount: numeric('amount', { precision: 10, scale: 2, mode: 'number' }),
});

const DDL = [
  sql`create table pm_owner (id int primary key, name text not null, at timestamptz not null, meta jsonb)`,
  sql`create table pm_thing (id int primary key, owner_id int, label text, due date, amount numeric(10,2))`,
  sql`insert into pm_owner values (1, 'a', '2026-12-04T01:02:03.456Z', '{"k":[1,2]}'), (2, 'b', '2026-01-01T00:00:00Z', null)`,
  // thing 12 has no owner (the left join's null side); thing 13's label and amount are null (a row's own nulls).
  sql`insert into pm_thing values (10, 1, 'x', '2026-12-31', 12.5), (11, 2, 'y', null, 0), (12, null, 'z', '2027-01-01', 3), (13, 1, null, null, null)`,
];

const shapes = {
  // The lock's shape: whole tables as objects, plus an SQL field with a decoder.
  innerJoin: (h: Database['db']) =>
    h
      .select({ thing: things, owner: owners, n: sql<number>`(select count(*) from pm_thing t2 where t2.owner_id = ${owners.id})`.mapWith(Number) })
      .from(things)
      .innerJoin(owners, eq(owners.id, things.ownerId))
      .where(sql`${things.id} >= ${ph('min')}::int`)
      .orderBy(things.id),
  // A joined table that may be missing: drizzle makes its object null.
  leftJoin: (h: Database['db']) =>
    h
      .select({ thing: things, owner: owners })
      .from(things)
      .leftJoin(owners, eq(owners.id, things.ownerId))
      .where(sql`${things.id} >= ${ph('min')}::int`)
      .orderBy(things.id),
  // select() of one table (the round's due timers and waiting messages).
  plain: (h: Database['db']) => h.select().from(owners).where(sql`${owners.id} >= ${ph('min')}::int`).orderBy(owners.id),
  // Picked columns under names of their own, one nested object of columns (the classify read's shape).
  picked: (h: Database['db']) =>
    h
      .select({ t: { id: things.id, label: things.label }, ownerName: owners.name, meta: sql<unknown>`${owners.meta} -> 'k'` })
      .from(things)
      .leftJoin(owners, eq(owners.id, things.ownerId))
      .where(sql`${things.id} >= ${ph('min')}::int`)
      .orderBy(things.id),
};

function suite(name: string, open: () => Promise<Database & { close(): Promise<void> }>) {
  describe(`a prebuilt select's rows (${name})`, () => {
    let d: Database;
    beforeAll(async () => {
      d = await open();
      for (const q of DDL) await d.db.execute(q);
    }, 60_000);
    afterAll(async () => d?.close());

    for (const [shape, build] of Object.entries(shapes)) {
      it(`are drizzle's own rows: ${shape}`, async () => {
        const own = await (build(d.db) as unknown as { execute(v: Record<string, unknown>): Promise<unknown[]> }).execute({ min: 0 });
        const pre = await prebuilt((h) => build(h as Database['db']))(d.db, { min: 0 });
        expect(own.length).toBeGreaterThan(0);
        expect(pre).toEqual(own);
        // Same keys in the same order (a caller spreading a row sees the same object).
        expect(pre.map((r) => JSON.stringify(r))).toEqual(own.map((r) => JSON.stringify(r)));
      });
    }

    it('maps the values a storm round reads: dates, numbers, json, a null joined row', async () => {
      const rows = await prebuilt((h) => shapes.leftJoin(h as Database['db']))(d.db, { min: 10 });
      expect(rows.map((r) => r.owner?.name ?? null)).toEqual(['a', 'b', null, 'a']);
      expect(rows[0]!.owner!.at).toEqual(new Date('2026-12-04T01:02:03.456Z'));
      expect(rows[0]!.owner!.meta).toEqual({ k: [1, 2] });
      expect(rows[0]!.thing).toEqual({ id: 10, ownerId: 1, label: 'x', due: '2026-12-31', amount: 12.5 });
      expect(rows[3]!.thing).toEqual({ id: 13, ownerId: 1, label: null, due: null, amount: null });
      const joined = await prebuilt((h) => shapes.innerJoin(h as Database['db']))(d.db, { min: 0 });
      expect(joined.map((r) => [r.thing.id, r.n])).toEqual([[10, 2], [11, 1], [13, 2]]);
    });
  });
}

if (process.env.DATABASE_URL) suite('Postgres', () => freshDatabase({ max: 2 }));
suite('PGlite', () => openPglite());
