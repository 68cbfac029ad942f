import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { conversations, debtors, debts, messages, outbox, timers } from '../../db/schema';
import { rowsOf } from '../../src/db/batch';
import { drainConversations } from '../../src/conversation/drain';
import type { ManualClock } from '../../src/shared/clock';
import { uuidv7Ms } from '../../src/shared/uuid7';
import { classifierOf } from '../../src/workers/workers';
import { ADMIN_TOKEN, debtPayload, startHarness, type Harness } from '../support/harness';

/**
 * Decision 0189: every row id is a UUID v7 — the database's default (`saisoku_uuid7()`, migration 0016) and the ids
 * the app makes itself (a reminder's message and its next timer) — so rows made later sort, and append, after the
 * rows before them. Checked on whichever database the run has (PGlite without DATABASE_URL, Postgres with it).
 */
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('row ids are time-ordered (UUID v7)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('the database default makes v7 ids carrying the wall clock, later ones sorting after', async () => {
    h = await startHarness({ workers: false });
    const before = Date.now();
    const rows = await rowsOf<{ id: string }>(h.services.db, sql`select saisoku_uuid7()::text as id from generate_series(1, 2000)`);
    const after = Date.now();
    expect(new Set(rows.map((r) => r.id)).size).toBe(2000);
    for (const { id } of rows) {
      expect(id).toMatch(V7);
      expect(uuidv7Ms(id)).toBeGreaterThanOrEqual(before - 1);
      expect(uuidv7Ms(id)).toBeLessThanOrEqual(after + 1);
    }
    const [late] = await rowsOf<{ id: string }>(h.services.db, sql`select saisoku_uuid7()::text as id`);
    expect(rows.every((r) => r.id < late!.id)).toBe(true);
  });

  it('a loaded debt and its first reminder get v7 ids, made in order', async () => {
    h = await startHarness({ workers: false });
    const post = async (ref: string, phone: string) => {
      const res = await h.app.request('/api/debts', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(debtPayload({ ref, phone })) });
      expect(res.status).toBe(201);
    };
    await post('v7-1', '090-1111-2201');
    await new Promise((r) => setTimeout(r, 5));
    await post('v7-2', '090-1111-2202');
    const db = h.services.db;
    const rows = await db
      .select({ conv: conversations.id, debt: debts.id, debtor: debtors.id, ref: debts.externalRef })
      .from(conversations)
      .innerJoin(debts, eq(debts.id, conversations.debtId))
      .innerJoin(debtors, eq(debtors.id, conversations.debtorId))
      .orderBy(debts.externalRef);
    expect(rows.map((r) => r.ref)).toEqual(['INV-v7-1', 'INV-v7-2']);
    for (const r of rows) for (const id of [r.conv, r.debt, r.debtor]) expect(id).toMatch(V7);
    expect(rows[0]!.conv < rows[1]!.conv).toBe(true);
    expect(rows[0]!.debt < rows[1]!.debt).toBe(true);
    const armed = await db.select({ id: timers.id, dueAt: timers.dueAt }).from(timers);
    expect(armed.length).toBeGreaterThan(0);
    for (const t of armed) expect(t.id).toMatch(V7);
    // The first reminders fire: their messages, outbox rows and next timers are made by the app and the database.
    (h.clock as ManualClock).set(new Date(Math.max(...armed.map((t) => t.dueAt.getTime()))));
    expect((await drainConversations(h.services, classifierOf(h.services), { limit: 10 })).fired).toBe(2);
    const sent = await db.select({ msg: messages.id, box: outbox.id }).from(outbox).innerJoin(messages, eq(messages.id, outbox.messageId));
    expect(sent).toHaveLength(2);
    for (const r of sent) for (const id of [r.msg, r.box]) expect(id).toMatch(V7);
    const next = await db.select({ id: timers.id }).from(timers).where(eq(timers.status, 'pending'));
    expect(next.length).toBeGreaterThan(0);
    for (const t of next) expect(t.id).toMatch(V7);
  });

  it('conversations and timers are stored at fillfactor 50, so a round rewriting neighbouring rows keeps them on their pages (decisions 0189, 0190)', async () => {
    h = await startHarness({ workers: false });
    const rows = await rowsOf<{ relname: string; reloptions: string[] | null }>(h.services.db, sql`select relname, reloptions from pg_class where relname in ('conversations', 'timers', 'messages') and relkind = 'r' order by relname`);
    expect(Object.fromEntries(rows.map((r) => [r.relname, r.reloptions]))).toEqual({ conversations: ['fillfactor=50'], messages: null, timers: ['fillfactor=50'] });
  });
});
