import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { deadLetters, debtors, outbox, timers } from '../../db/schema';
import { DRAIN_LOCK, drainConversations } from '../../src/conversation/drain';
import { queueOutbound } from '../../src/outbox/queue';
import { reconcileSends } from '../../src/workers/reconcile';
import { deliverDue } from '../../src/workers/sender';
import { sweep } from '../../src/workers/sweep';
import { classifierOf } from '../../src/workers/workers';
import { ADMIN_TOKEN, jpMobile, startHarness, type Harness } from '../support/harness';

/**
 * The storm's due reads (storm16, decision 0168): the send stage's read of due outbox rows is one ordered, limited
 * read per status merged by `not_before`, and both it and the drain's round plan without bitmap scans (SET LOCAL), so
 * a plain index scan marks the entries of rows a storm already moved as dead. What must not change: due rows are
 * taken oldest first across pending and held, up to the limit, never one not yet due or dead-lettered; a round still
 * takes the oldest due timers and skips conversations another round holds; the setting never outlives its
 * transaction on a pooled connection.
 */
const HEADER = 'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date,flow';

describe('the storm’s due reads', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** Every pooled connection's enable_bitmapscan, read on all of them at once (each holds its connection a moment). */
  async function bitmapSettings(n: number): Promise<string[]> {
    const rows = await Promise.all(
      Array.from({ length: n }, () => h.services.db.execute(sql`select pg_backend_pid() as pid, current_setting('enable_bitmapscan') as v from pg_sleep(0.2)`)),
    );
    return rows.map((r) => ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows)[0] as { v: string }).v);
  }

  it('deliverDue takes the oldest due rows first across pending and held, up to its limit; not the ones not yet due or dead-lettered', async () => {
    h = await startHarness({ workers: false });
    const db = h.services.db;
    const now = h.clock.now();
    const at = (s: number) => new Date(now.getTime() + s * 1000);
    // Oldest first: a pending row, a held row whose hold has ended, a dead-lettered pending row, another pending row,
    // another held row; then a pending row not yet due.
    const plan = [
      { notBefore: at(-300), status: 'pending' },
      { notBefore: at(-240), status: 'held' },
      { notBefore: at(-200), status: 'pending', dead: true },
      { notBefore: at(-180), status: 'pending' },
      { notBefore: at(-120), status: 'held' },
      { notBefore: at(60), status: 'pending' },
    ] as const;
    const ids: string[] = [];
    for (const [i, p] of plan.entries()) {
      const phone = jpMobile(7650 + i).e164;
      const [d] = await db
        .insert(debtors)
        .values({ externalRef: `dr-${i}`, name: 'Test Debtor', phone, locale: 'ja', timezone: 'Asia/Tokyo', region: 'JP', consentObtainedAt: new Date('2026-04-01T00:00:00Z'), consentSource: 'contract' })
        .returning({ id: debtors.id });
      const row = await queueOutbound(db, { conversationId: null, debtorId: d!.id, phone, body: `配信を停止しました ${i}`, kind: 'optout_confirmation', author: 'system', idempotencyKey: `dr-${i}`, provider: 'twilio', notBefore: p.notBefore });
      await db.update(outbox).set({ status: p.status }).where(eq(outbox.id, row!.id));
      if ('dead' in p) await db.insert(deadLetters).values({ queue: 'send', subjectId: row!.id, status: 'dead', reason: 'test', attempts: 5 });
      ids.push(row!.id);
    }
    const statusOf = async () => Object.fromEntries((await db.select({ id: outbox.id, status: outbox.status }).from(outbox).where(inArray(outbox.id, ids))).map((r) => [ids.indexOf(r.id), r.status]));

    // The sweep counts the four due rows (not the dead-lettered one, not the one not yet due), bitmap scans off for its
    // counts (storm17, decision 0171).
    expect((await sweep(h.services)).sends).toBe(4);
    // Two at a time: the two oldest, one of each status.
    expect(await deliverDue(h.services, { limit: 2 })).toBe(2);
    expect(await statusOf()).toEqual({ 0: 'sent', 1: 'sent', 2: 'pending', 3: 'pending', 4: 'held', 5: 'pending' });
    // Then the rest that is due; the dead-lettered and the not-yet-due rows stay.
    expect(await deliverDue(h.services, { limit: 2 })).toBe(2);
    expect(await statusOf()).toEqual({ 0: 'sent', 1: 'sent', 2: 'pending', 3: 'sent', 4: 'sent', 5: 'pending' });
    expect(await deliverDue(h.services, { limit: 2 })).toBe(0);
    expect(h.fake!.received.filter((r) => r.sid)).toHaveLength(4);
    expect((await sweep(h.services)).sends).toBe(0);
    // The read's, the claim's and the sweep's SET LOCAL ended with their transactions: no pooled connection keeps bitmap scans off.
    expect(new Set(await bitmapSettings(8))).toEqual(new Set(['on']));
  });

  it('a round takes the oldest due timers and skips the conversation another round holds; its setting ends with it', async () => {
    h = await startHarness({ workers: false });
    const db = h.services.db;
    // Three debts whose first reminders are due at the import's instant.
    const phones = Array.from({ length: 3 }, (_, i) => jpMobile(21_000 + i));
    const csv = [HEADER, ...phones.map((p, i) => `C-dt${i},山田 太郎,${p.local},ja,Asia/Tokyo,2026-04-01T00:00:00Z,contract,INV-dt${i},12000,JPY,2026-11-19,standard-ja`)].join('\n');
    const res = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBeLessThan(300);
    await res.json();
    const armed = await db.select({ id: timers.id, conv: timers.conversationId, dueAt: timers.dueAt }).from(timers).where(and(eq(timers.name, 'reminder'), eq(timers.status, 'pending')));
    expect(armed).toHaveLength(3);
    // Due one after the other, a minute apart, all before now: A oldest, then B, then C.
    const now = h.clock.now();
    const [a, b, c] = armed;
    for (const [i, t] of [a!, b!, c!].entries()) await db.update(timers).set({ dueAt: new Date(now.getTime() - (3 - i) * 60_000) }).where(eq(timers.id, t.id));
    // The sweep counts the three due timers.
    expect((await sweep(h.services)).timers).toBe(3);
    const firedConvs = async () => (await db.select({ conv: timers.conversationId }).from(timers).where(and(inArray(timers.id, armed.map((t) => t.id)), eq(timers.status, 'fired')))).map((r) => r.conv);
    const classify = classifierOf(h.services);

    // Another round holds A's conversation: this round, one conversation at a time, takes B (the oldest it can lock), not A, not C.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`select id from conversations where id = ${a!.conv} for ${sql.raw(DRAIN_LOCK)}`);
      locked();
      await held;
    });
    await isLocked;
    const first = await drainConversations(h.services, classify, { limit: 1 });
    expect(first.fired).toBe(1);
    expect(await firedConvs()).toEqual([b!.conv]);
    release();
    await holder;
    // Released: the next round takes A (older than C), then C.
    expect((await drainConversations(h.services, classify, { limit: 1 })).fired).toBe(1);
    expect(new Set(await firedConvs())).toEqual(new Set([a!.conv, b!.conv]));
    expect((await drainConversations(h.services, classify, { limit: 1 })).fired).toBe(1);
    expect(new Set(await firedConvs())).toEqual(new Set([a!.conv, b!.conv, c!.conv]));
    // The round's SET LOCAL ended with its transaction.
    expect(new Set(await bitmapSettings(8))).toEqual(new Set(['on']));
  }, 120_000);

  it('the reconciler takes stale sends of both statuses oldest first, up to its limit; not fresh or other rows; its setting ends with it', async () => {
    // storm18 (decision 0175): the reconciler's read of stale 'sending' and 'unknown' rows is one ordered, limited read per
    // status merged by `not_before`, bitmap scans off (SET LOCAL in its own transaction). The simulator cannot list
    // what it sent, so every row the reconciler reads is held for a person ('uncertain'): which rows turn 'uncertain'
    // is which rows it read.
    h = await startHarness({ workers: false, provider: 'simulator' });
    const db = h.services.db;
    const now = h.clock.now();
    const at = (s: number) => new Date(now.getTime() + s * 1000);
    // Stale, in the order written (not their age): sending 200 s back, unknown 220 s, sending 300 s, unknown 240 s,
    // sending 100 s; then one row of each status not stale yet, and a pending and a sent row older than all of them.
    const plan = [
      { notBefore: at(-200), status: 'sending' },
      { notBefore: at(-220), status: 'unknown' },
      { notBefore: at(-300), status: 'sending' },
      { notBefore: at(-240), status: 'unknown' },
      { notBefore: at(-100), status: 'sending' },
      { notBefore: at(-30), status: 'sending' },
      { notBefore: at(-30), status: 'unknown' },
      { notBefore: at(-900), status: 'pending' },
      { notBefore: at(-900), status: 'sent' },
    ] as const;
    const ids: string[] = [];
    for (const [i, p] of plan.entries()) {
      const phone = jpMobile(7670 + i).e164;
      const [d] = await db
        .insert(debtors)
        .values({ externalRef: `rc-${i}`, name: 'Test Debtor', phone, locale: 'ja', timezone: 'Asia/Tokyo', region: 'JP', consentObtainedAt: new Date('2026-04-01T00:00:00Z'), consentSource: 'contract' })
        .returning({ id: debtors.id });
      const row = await queueOutbound(db, { conversationId: null, debtorId: d!.id, phone, body: `配信を停止しました ${i}`, kind: 'optout_confirmation', author: 'system', idempotencyKey: `rc-${i}`, provider: 'simulator', notBefore: p.notBefore });
      await db.update(outbox).set({ status: p.status }).where(eq(outbox.id, row!.id));
      ids.push(row!.id);
    }
    const statusOf = async () => Object.fromEntries((await db.select({ id: outbox.id, status: outbox.status }).from(outbox).where(inArray(outbox.id, ids))).map((r) => [ids.indexOf(r.id), r.status]));
    const opts = { staleMs: 60_000, unknownAfterMs: 60_000 };
    const untouched = { 5: 'sending', 6: 'unknown', 7: 'pending', 8: 'sent' };

    // One: the oldest stale row of either status.
    expect(await reconcileSends(h.services, { ...opts, limit: 1 })).toEqual({ found: 0, resent: 0, uncertain: 1, waiting: 0 });
    expect(await statusOf()).toEqual({ 0: 'sending', 1: 'unknown', 2: 'uncertain', 3: 'unknown', 4: 'sending', ...untouched });
    // Three: the next three oldest across both statuses (240, 220, 200 s), not the sending row 100 s back.
    expect(await reconcileSends(h.services, { ...opts, limit: 3 })).toEqual({ found: 0, resent: 0, uncertain: 3, waiting: 0 });
    expect(await statusOf()).toEqual({ 0: 'uncertain', 1: 'uncertain', 2: 'uncertain', 3: 'uncertain', 4: 'sending', ...untouched });
    // Then the last stale one; the fresh ones, the pending and the sent row stay.
    expect(await reconcileSends(h.services, opts)).toEqual({ found: 0, resent: 0, uncertain: 1, waiting: 0 });
    expect(await statusOf()).toEqual({ 0: 'uncertain', 1: 'uncertain', 2: 'uncertain', 3: 'uncertain', 4: 'uncertain', ...untouched });
    expect(await reconcileSends(h.services, opts)).toEqual({ found: 0, resent: 0, uncertain: 0, waiting: 0 });
    // Each status on its own bound: 'unknown' after 20 s, 'sending' still after a minute.
    expect(await reconcileSends(h.services, { staleMs: 60_000, unknownAfterMs: 20_000 })).toEqual({ found: 0, resent: 0, uncertain: 1, waiting: 0 });
    expect(await statusOf()).toMatchObject({ 5: 'sending', 6: 'uncertain' });
    // The read's SET LOCAL ended with its transaction: no pooled connection keeps bitmap scans off.
    expect(new Set(await bitmapSettings(8))).toEqual(new Set(['on']));
  });
});
