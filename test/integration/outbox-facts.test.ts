import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debtors, outbox } from '../../db/schema';
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
});
