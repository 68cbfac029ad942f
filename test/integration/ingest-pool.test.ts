import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../db/schema';
import { debtPayload, jpMobile, startHarness, TWILIO_FROM, type Harness } from '../support/harness';
import { freshDatabase } from '../support/db';

/**
 * The webhooks' group commit writes on its own connections (issue #12, decision 0170): a signed reply is
 * stored and answered 200 while the drain's and the send stage's transactions hold every connection of
 * the main pool — it neither queues for one nor is pipelined behind their statements. The 200 still
 * means stored: the row is committed when the answer arrives.
 */
describe.skipIf(!process.env.DATABASE_URL)('ingest: its own pool', () => {
  let h: Harness;
  const POOL = 4;
  beforeAll(async () => {
    const database = await freshDatabase({ max: POOL, ingestPool: 2 });
    h = await startHarness({ database, workers: false });
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'pool1', phone: jpMobile(1).local, dueDate: '2026-12-20' }));
    expect(created.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('answers a signed reply, stored, while transactions hold every connection of the main pool', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let open = 0;
    // As many open transactions as the main pool has connections: a root query on it now waits for one.
    const holders = Array.from({ length: POOL }, () =>
      h.services.db.transaction(async (tx) => {
        await tx.select({ id: messages.id }).from(messages).limit(1);
        open++;
        await held;
      }),
    );
    try {
      await h.waitFor(async () => open === POOL, 10_000);
      const sid = `SM${'7'.repeat(32)}`;
      const answer = h.twilioPost('/webhooks/twilio/inbound', { MessageSid: sid, SmsSid: sid, AccountSid: h.fake!.accountSid, From: jpMobile(1).e164, To: TWILIO_FROM, Body: '来週払います', NumMedia: '0' });
      const res = await Promise.race([answer, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000))]);
      expect(res === 'timeout' ? 'timeout: the ack waited for the main pool' : res.status).toBe(200);
      // Committed when answered: read on the ingest's own connections (the main pool is still held).
      const stored = await h.services.database.ingestDb!.select({ id: messages.id, conversationId: messages.conversationId }).from(messages).where(and(eq(messages.provider, 'twilio'), eq(messages.providerMessageId, sid)));
      expect(stored).toHaveLength(1);
      expect(stored[0]!.conversationId).not.toBeNull();
      expect(open).toBe(POOL);
    } finally {
      release();
      await Promise.all(holders);
    }
  }, 60_000);
});
