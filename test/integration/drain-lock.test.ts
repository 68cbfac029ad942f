import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, debtors, messages } from '../../db/schema';
import { DRAIN_LOCK } from '../../src/conversation/drain';
import { ingestInbound } from '../../src/conversation/ingress';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';

/**
 * Decision 0149: a drain round locks its conversations FOR NO KEY UPDATE. An inbound reply's row references its
 * conversation (a foreign key, whose check takes KEY SHARE), so under FOR UPDATE every webhook of a group commit
 * waited for a firing round that held one of their conversations — hundreds of milliseconds in a storm.
 */
describe("a reply is stored while a drain round holds its conversation", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workers: false });
  });
  afterAll(async () => h?.close());

  it('the inbound insert does not wait for the round to commit; a second round still waits for the first', async () => {
    const p = jpMobile(7101);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'lock1', phone: p.local }));
    const id = r.json.conversationId as string;
    const db = h.services.db;
    let release!: () => void;
    const held = new Promise<void>((res) => (release = res));
    let locked!: () => void;
    const isLocked = new Promise<void>((res) => (locked = res));
    // The round's lock, taken with the drain's own strength and held until the test lets go.
    const round = db.transaction(async (tx) => {
      await tx.execute(sql`select id from conversations where id = ${id} for ${sql.raw(DRAIN_LOCK)}`);
      locked();
      await held;
    });
    await isLocked;
    try {
      const stored = ingestInbound(h.services, { provider: 'twilio', providerMessageId: `SMlock${crypto.randomUUID().slice(0, 8)}`, from: p.e164, to: '+15005550006', body: '払いました', channel: 'sms' });
      const first = await Promise.race([stored.then(() => 'stored'), new Promise((res) => setTimeout(() => res('waiting'), 3_000))]);
      expect(first).toBe('stored');
      const rows = await db.select({ id: messages.id }).from(messages).where(eq(messages.conversationId, id));
      expect(rows.length).toBeGreaterThan(0);
      // Rounds still exclude each other: a second round's lock on the same conversation is skipped (SKIP LOCKED).
      const other = await db.transaction(async (tx) => tx.execute(sql`select id from conversations where id = ${id} for ${sql.raw(DRAIN_LOCK)} skip locked`));
      expect([...(other as unknown as unknown[])]).toHaveLength(0);
    } finally {
      release();
      await round;
    }
    const [d] = await db.select({ phone: debtors.phone }).from(debtors).innerJoin(conversations, eq(conversations.debtorId, debtors.id)).where(eq(conversations.id, id));
    expect(d!.phone).toBe(p.e164);
  });
});
