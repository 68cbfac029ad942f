import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { conversations, outbox, timers } from '../../db/schema';
import { DRAIN_LOCK, drainConversations, readyConversationIds } from '../../src/conversation/drain';
import type { ManualClock } from '../../src/shared/clock';
import { classifierOf, startWorkers } from '../../src/workers/workers';
import { sweep } from '../../src/workers/sweep';
import { ADMIN_TOKEN, jpMobile, startHarness, type Harness } from '../support/harness';

/**
 * Decision 0187: in a storm the drainer reads the ready set once for its loops and hands each round a slice of it
 * (`candidates`). A slice is only candidates: the round locks them SKIP LOCKED, in the slice's order, and re-checks them
 * under the lock, so a row another process holds is passed over without waiting and one applied since the read is
 * dropped — never applied twice.
 */
const HEADER = 'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date,flow';

async function importDue(h: Harness, n: number, base: number): Promise<{ convs: string[]; due: Date }> {
  const phones = Array.from({ length: n }, (_, i) => jpMobile(base + i));
  // Due the day before the clock's day: every first reminder is due at the import's instant.
  const csv = [HEADER, ...phones.map((p, i) => `C-dc${base + i},山田 太郎,${p.local},ja,Asia/Tokyo,2026-04-01T00:00:00Z,contract,INV-dc${base + i},12000,JPY,2026-11-19,standard-ja`)].join('\n');
  const res = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: csv });
  expect(res.status).toBeLessThan(300);
  expect(((await res.json()) as { summary: { created: number } }).summary.created).toBe(n);
  const db = h.services.db;
  const armed = await db.select({ conv: timers.conversationId, dueAt: timers.dueAt }).from(timers).where(and(eq(timers.name, 'reminder'), eq(timers.status, 'pending')));
  expect(armed).toHaveLength(n);
  // In the order the ready set gives them (oldest event first; one instant, so by conversation id).
  const due = new Date(Math.max(...armed.map((t) => t.dueAt.getTime())));
  return { convs: armed.map((t) => t.conv), due };
}

/** The conversations of a round's new outbox rows, in the round's order. */
async function conversationsOf(h: Harness, rows: ReadonlyArray<{ id: string }>): Promise<Array<string | null>> {
  const made = await h.services.db.select({ id: outbox.id, conv: outbox.conversationId }).from(outbox).where(inArray(outbox.id, rows.map((o) => o.id)));
  const convOf = new Map(made.map((x) => [x.id, x.conv]));
  return rows.map((o) => convOf.get(o.id) ?? null);
}
const reminderConversations = async (h: Harness) =>
  (await h.services.db.select({ conv: outbox.conversationId }).from(outbox).where(eq(outbox.kind, 'reminder'))).map((x) => x.conv).sort();
/** Conversations whose storm reminder (due at `due`) is still pending (a fired reminder arms the next one, days later). */
const dueConversations = async (h: Harness, due: Date) =>
  (await h.services.db.select({ conv: timers.conversationId }).from(timers).where(and(eq(timers.name, 'reminder'), eq(timers.status, 'pending'), lte(timers.dueAt, due)))).map((x) => x.conv).sort();

describe('a storm round over given candidates', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('locks them in the given order, drops one applied since the read, takes no other', async () => {
    h = await startHarness({ workers: false });
    const { convs, due } = await importDue(h, 5, 41_000);
    (h.clock as ManualClock).set(due);
    const db = h.services.db;
    const ready = await readyConversationIds(db, due, {}, 10);
    expect(new Set(ready)).toEqual(new Set(convs));
    const [c1, c2, c3, c4, c5] = ready as [string, string, string, string, string];
    const classify = classifierOf(h.services);

    // c4 is applied by another round after the candidates were read (its reminder fired once).
    expect((await drainConversations(h.services, classify, { limit: 1, only: [c4] })).fired).toBe(1);
    const r = await drainConversations(h.services, classify, { limit: 4, candidates: [c5, c4, c1] });
    // c5 and c1, in the slice's order; c4 done already; c2 and c3 were not candidates.
    expect(r.claimed).toBe(2);
    expect(r.fired).toBe(2);
    expect(await conversationsOf(h, r.post.outbox)).toEqual([c5, c1]);
    expect(await reminderConversations(h)).toEqual([c1, c4, c5].sort());
    expect(await dueConversations(h, due)).toEqual([c2, c3].sort());
    // Ready work is left, which an ordinary round then takes.
    expect(r.readyLeft).toBe(true);
    expect((await drainConversations(h.services, classify, { limit: 10 })).fired).toBe(2);
  });

  // Another process's lock needs another connection: Postgres (the embedded PGlite has one).
  it.skipIf(!process.env.DATABASE_URL)('passes over a row another process holds without waiting for it', async () => {
    h = await startHarness({ workers: false });
    const { due } = await importDue(h, 3, 41_100);
    (h.clock as ManualClock).set(due);
    const db = h.services.db;
    const [c1, c2, c3] = (await readyConversationIds(db, due, {}, 10)) as [string, string, string];
    let release!: () => void;
    const held = new Promise<void>((res) => (release = res));
    let locked!: () => void;
    const isLocked = new Promise<void>((res) => (locked = res));
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`select id from conversations where id = ${c2} for ${sql.raw(DRAIN_LOCK)}`);
      locked();
      await held;
    });
    await isLocked;
    let r: Awaited<ReturnType<typeof drainConversations>>;
    try {
      r = await Promise.race([
        drainConversations(h.services, classifierOf(h.services), { limit: 3, candidates: [c3, c2, c1] }),
        new Promise<never>((_, rej) => setTimeout(() => rej(new Error('the round waited for a held row')), 5_000)),
      ]);
    } finally {
      release();
      await holder;
    }
    expect(await conversationsOf(h, r.post.outbox)).toEqual([c3, c1]);
    expect(await dueConversations(h, due)).toEqual([c2]);
  });

  it('two drainers at once over one storm (two processes, each reading the ready set for its loops): every timer fires once, one reminder each', async () => {
    const n = 1200;
    h = await startHarness({ workers: false });
    const { convs, due } = await importDue(h, n, 42_000);
    const clock = h.clock as ManualClock;
    const db = h.services.db;
    const a = startWorkers(h.services, { sweep: false, concurrency: 2 });
    const b = startWorkers(h.services, { sweep: false, concurrency: 2 });
    try {
      clock.set(due);
      await sweep(h.services);
      await h.waitFor(async () => (await db.select({ id: timers.id }).from(timers).where(and(eq(timers.name, 'reminder'), eq(timers.status, 'fired')))).length >= n, 120_000);
      await h.waitFor(async () => h.fake!.received.filter((x) => x.sid).length >= n, 120_000);
      await a.drained();
      await b.drained();
    } finally {
      await a.stop();
      await b.stop();
    }
    const box = await db.select({ conv: outbox.conversationId, status: outbox.status }).from(outbox).where(eq(outbox.kind, 'reminder'));
    expect(box).toHaveLength(n);
    expect(new Set(box.map((x) => x.conv))).toEqual(new Set(convs));
    expect(box.every((x) => x.status === 'sent')).toBe(true);
    const sent = h.fake!.received.filter((x) => x.sid);
    expect(sent).toHaveLength(n);
    expect(new Set(sent.map((x) => x.to)).size).toBe(n);
    // Each conversation applied its one timer once: row_version moved by exactly one transition since the import.
    const moved = await db.select({ v: conversations.rowVersion }).from(conversations).where(inArray(conversations.id, convs));
    expect(new Set(moved.map((x) => x.v)).size).toBe(1);
  }, 240_000);
});
