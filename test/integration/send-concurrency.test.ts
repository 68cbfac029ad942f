import { inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { debtors, outbox } from '../../db/schema';
import { queueOutbound } from '../../src/outbox/queue';
import { systemClock } from '../../src/shared/clock';
import { deliverOutbox, SEND_CONCURRENCY } from '../../src/workers/sender';
import { jpMobile, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/**
 * How many provider calls one delivery has in flight (start19, decision 0178): with a slow provider a batch of
 * separate conversations goes in waves of SEND_CONCURRENCY, never more at once, and the next call starts as an
 * answer comes back.
 */
describe('provider calls in flight per delivery', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('a batch of 40 sends to a provider that answers after 800 ms: the first SEND_CONCURRENCY are at the provider together, the rest after the answers; each sent once', async () => {
    h = await startHarness({ clock: systemClock, workers: false });
    const db = h.services.db;
    // An opt-out confirmation goes at any hour (rule 2); no conversation, so each row is its own lane.
    const queueOptOut = async (ref: string, phoneN: number, body: string) => {
      const phone = jpMobile(phoneN).e164;
      const [d] = await db
        .insert(debtors)
        .values({ externalRef: ref, name: 'Test Debtor', phone, locale: 'ja', timezone: 'Asia/Tokyo', region: 'JP', consentObtainedAt: new Date('2026-04-01T00:00:00Z'), consentSource: 'contract' })
        .returning({ id: debtors.id });
      const row = await queueOutbound(db, { conversationId: null, debtorId: d!.id, phone, body, kind: 'optout_confirmation', author: 'system', idempotencyKey: ref, provider: 'twilio', notBefore: new Date() });
      return row!.id;
    };
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await queueOptOut(`conc-${i}`, 7800 + i, `配信を停止しました ${i}`));
    // A warm-up send first, so the timing below is not a cold process's first statements and connection.
    expect(await deliverOutbox(h.services, [await queueOptOut('conc-warm', 7799, '配信を停止しました')])).toEqual(['sent']);
    const mark = h.fake!.received.length;
    // Every request is taken (recorded) at once and answered 800 ms later.
    h.fake!.chaos({ hangAccepted: 1, hangMs: 800, random: () => 0 });
    expect(await deliverOutbox(h.services, ids)).toEqual(Array(40).fill('sent'));
    const got = h.fake!.received.slice(mark).filter((r) => r.sid && r.from === TWILIO_FROM);
    expect(got).toHaveLength(40);
    expect(new Set(got.map((r) => r.to)).size).toBe(40);
    const times = got.map((r) => r.at.getTime()).sort((x, y) => x - y);
    // Before any answer could come back, SEND_CONCURRENCY calls (not fewer, not all 40) were at the provider.
    expect(SEND_CONCURRENCY).toBeLessThan(40);
    const firstWave = times.filter((t) => t < times[0]! + 400).length;
    expect(firstWave).toBe(SEND_CONCURRENCY);
    expect(times[SEND_CONCURRENCY]! - times[0]!).toBeGreaterThanOrEqual(750);
    const rows = await db.select({ status: outbox.status, attempts: outbox.attempts }).from(outbox).where(inArray(outbox.id, ids));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  }, 30_000);
});
