import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, debtors, outbox } from '../../db/schema';
import { gatherFactsMany, readOutboxFacts } from '../../src/compliance/facts';
import { createDebt } from '../../src/dunning/debts';
import { queueOutbound } from '../../src/outbox/queue';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';

/**
 * The sender reads the gate's facts by outbox id, pipelined behind its claim (decision 0136): the
 * same facts as gatherFactsMany's own read, the daily cap counted from the start of the debtor's
 * own day (its timezone, now in SQL).
 */
describe('readOutboxFacts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false });
  });
  afterAll(async () => h?.close());

  it('reads what gatherFactsMany reads; the daily cap counts from the debtor’s local midnight', async () => {
    const db = h.services.db;
    const now = h.clock.now(); // 2026-11-20T01:00Z: 10:00 in Tokyo, 20:00 the day before in New York
    const cases = [
      { locale: 'ja' as const, midnight: '2026-11-19T15:00:00Z', phone: jpMobile(9101).e164 },
      { locale: 'en' as const, midnight: '2026-11-19T05:00:00Z', phone: jpMobile(9102).e164 },
    ];
    for (const [i, c] of cases.entries()) {
      const r = await createDebt(h.services, debtPayload({ ref: `of-${i}-${crypto.randomUUID().slice(0, 6)}`, locale: c.locale, phone: c.phone }) as never);
      if (r.status !== 'created') throw new Error(`debt not created: ${r.status}`);
      const [debtor] = await db.select().from(debtors).where(eq(debtors.id, r.debtorId));
      const q = (key: string, at: Date) => queueOutbound(db, { conversationId: r.conversationId, debtorId: r.debtorId, phone: debtor!.phone, body: `facts ${key}`, kind: 'reminder', author: 'system', idempotencyKey: `of-${i}-${key}-${crypto.randomUUID()}`, provider: 'twilio', notBefore: at });
      // Sent a minute after the debtor's local midnight (counts today), and a minute before it (does not).
      const midnight = new Date(c.midnight).getTime();
      for (const [key, at] of [['after', midnight + 60_000], ['before', midnight - 60_000]] as const) {
        const row = await q(key, new Date(at));
        await db.update(outbox).set({ status: 'sent', sentAt: new Date(at) }).where(eq(outbox.id, row!.id));
      }
      const row = (await q('now', now))!;
      const read = await readOutboxFacts(db, [row.id], now);
      const got = read.get(row.id);
      expect(got).toBeDefined();
      expect(got!.today).toBe(1);
      expect(got!.week).toBeGreaterThanOrEqual(2);
      expect(got!.conv_id).toBe(r.conversationId);
      const item = { subject: { debtorId: r.debtorId, conversationId: r.conversationId, phone: debtor!.phone, kind: 'reminder', author: 'system', body: 'facts now' }, lockedDebtor: debtor! };
      const [own] = await gatherFactsMany(db, h.services, [item], now);
      const [given] = await gatherFactsMany(db, h.services, [item], now, [got]);
      expect(given).toEqual(own);
      expect(own!.facts.automatedToday).toBe(1);
    }
  });

  it('counts each cap exactly over one walk of the debtor’s reminders: every status, kind, day, debt; a row without a debtor', async () => {
    // storm18 (decision 0175): both counts come from one lateral aggregate over the reminders of the row's debtor and
    // of its conversation's debtor, each with its own whole condition as a FILTER. The rows below sit on each side of
    // each boundary; what each count must be is written out from COMPLIANCE's caps.
    const db = h.services.db;
    const now = h.clock.now(); // 2026-11-20T01:00Z; the debtor's day (Tokyo) started at 2026-11-19T15:00Z
    const dayStart = new Date('2026-11-19T15:00:00Z').getTime();
    const weekStart = now.getTime() - 7 * 86_400_000;
    const phone = jpMobile(9111);
    const debts = [];
    for (const i of [1, 2]) {
      const pl = debtPayload({ ref: `ofc-${i}-${crypto.randomUUID().slice(0, 6)}`, phone: phone.local });
      pl.debtor.externalRef = `C-ofc-${phone.local}`; // one debtor, two debts (two conversations)
      const r = await createDebt(h.services, pl as never);
      if (r.status !== 'created') throw new Error(`debt not created: ${r.status}`);
      debts.push(r);
    }
    const [a, b] = debts as [(typeof debts)[number], (typeof debts)[number]];
    expect(b.debtorId).toBe(a.debtorId);
    // Whatever the flows queued on creation is not part of this count.
    await db.delete(outbox).where(inArray(outbox.conversationId, [a.conversationId, b.conversationId]));
    let n = 0;
    const row = async (conv: string, o: { status: string; kind?: string; notBefore: number; sentAt?: number; debtorId?: string | null }) => {
      const q = await queueOutbound(db, { conversationId: conv, debtorId: a.debtorId, phone: phone.e164, body: `caps ${n}`, kind: (o.kind ?? 'reminder') as 'reminder', author: 'system', idempotencyKey: `ofc-${n++}-${crypto.randomUUID()}`, provider: 'twilio', notBefore: new Date(o.notBefore) });
      await db.update(outbox).set({ status: o.status as 'sent', ...(o.sentAt ? { sentAt: new Date(o.sentAt) } : {}), ...(o.debtorId === null ? { debtorId: null } : {}) }).where(eq(outbox.id, q!.id));
      return q!.id;
    };
    const h1 = 3_600_000;
    // Debt A's conversation: counted today and this week.
    await row(a.conversationId, { status: 'sent', notBefore: dayStart + h1, sentAt: dayStart + h1 });
    for (const s of ['sending', 'unknown', 'uncertain']) await row(a.conversationId, { status: s, notBefore: dayStart + 2 * h1 });
    // This week, not today: sent yesterday (even if claimed today: it is sent_at that counts), maybe-sent claimed yesterday.
    await row(a.conversationId, { status: 'sent', notBefore: dayStart + h1, sentAt: dayStart - h1 });
    await row(a.conversationId, { status: 'unknown', notBefore: dayStart - h1 });
    // Neither: sent before the week, a sent row's claim today but no sent_at in range, and statuses that never count.
    await row(a.conversationId, { status: 'sent', notBefore: weekStart - h1, sentAt: weekStart - h1 });
    for (const s of ['pending', 'held', 'refused', 'failed']) await row(a.conversationId, { status: s, notBefore: dayStart + h1 });
    await row(a.conversationId, { status: 'sent', kind: 'reply', notBefore: dayStart + h1, sentAt: dayStart + h1 });
    // Debt B's conversation, same debtor: today's count only (the daily cap is the debtor's across debts).
    await row(b.conversationId, { status: 'sent', notBefore: dayStart + h1, sentAt: dayStart + h1 });
    await row(b.conversationId, { status: 'sending', notBefore: dayStart + h1 });
    // A reminder of debt A's conversation carrying no debtor: the week's count is the debtor's, filtered by conversation.
    await row(a.conversationId, { status: 'sent', notBefore: dayStart + h1, sentAt: dayStart + h1, debtorId: null });

    // The subjects: a reminder of each debt, and one of debt A without a debtor (no daily count: it has no debtor).
    const subjectA = await row(a.conversationId, { status: 'pending', notBefore: now.getTime() });
    const subjectB = await row(b.conversationId, { status: 'pending', notBefore: now.getTime() });
    const orphan = await row(a.conversationId, { status: 'pending', notBefore: now.getTime(), debtorId: null });
    const read = await readOutboxFacts(db, [subjectA, subjectB, orphan], now);
    // Today: 1 sent + 3 maybe-sent of A, 1 sent + 1 sending of B. Week (A): those 4, yesterday's 2. Week (B): its 2.
    expect(read.get(subjectA)).toMatchObject({ today: 6, week: 6, conv_id: a.conversationId });
    expect(read.get(subjectB)).toMatchObject({ today: 6, week: 2, conv_id: b.conversationId });
    // The week's reminders of A's conversation without a debtor are not the debtor's: not counted in either.
    expect(read.get(orphan)).toMatchObject({ today: 0, week: 6, conv_id: a.conversationId });

    // gatherFactsMany reads the same counts for the same subjects (its own read), and a subject whose debtor is not its
    // conversation's debtor counts that debtor's day and the conversation's debtor's week.
    const [debtor] = await db.select().from(debtors).where(eq(debtors.id, a.debtorId));
    const other = await createDebt(h.services, debtPayload({ ref: `ofc-o-${crypto.randomUUID().slice(0, 6)}`, phone: jpMobile(9112).local }) as never);
    if (other.status !== 'created') throw new Error(`debt not created: ${other.status}`);
    await db.delete(outbox).where(eq(outbox.conversationId, other.conversationId));
    const [c] = await db.select().from(conversations).where(eq(conversations.id, other.conversationId));
    expect(c!.debtorId).not.toBe(a.debtorId);
    const subject = (conversationId: string, debtorId: string | null) => ({ subject: { debtorId, conversationId, phone: phone.e164, kind: 'reminder', author: 'system', body: 'caps' } });
    const got = await gatherFactsMany(db, h.services, [{ ...subject(a.conversationId, a.debtorId), lockedDebtor: debtor! }, subject(b.conversationId, a.debtorId), subject(a.conversationId, null), subject(other.conversationId, a.debtorId)], now);
    expect(got.map((g) => [g.facts.automatedToday, g.facts.debtLast7Days])).toEqual([
      [6, 6],
      [6, 2],
      [0, 6],
      [6, 0],
    ]);
  });
});
