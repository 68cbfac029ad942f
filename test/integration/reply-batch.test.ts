import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, conversations, deadLetters, messages, outbox } from '../../db/schema';
import { debtPayload, jpMobile, startHarness, twilioChat, type Harness } from '../support/harness';

/**
 * The conversation stage in batches (issue #12): replies that wait together are taken together,
 * each conversation's own replies apply in arrival order within one pass, every reply is answered
 * once, and a conversation that fails does not hold the batch back.
 */
describe('reply path in batches', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const { reply, sentTo } = twilioChat(() => h, 'b');

  async function debts(n: number, base: number): Promise<Array<{ id: string; phone: string }>> {
    const out: Array<{ id: string; phone: string }> = [];
    for (let i = 0; i < n; i++) {
      const p = jpMobile(base + i);
      const r = await h.api('POST', '/api/debts', debtPayload({ ref: `rb${base + i}`, phone: p.local, dueDate: '2026-11-21' }));
      expect(r.status).toBe(201);
      out.push({ id: r.json.conversationId, phone: p.e164 });
    }
    // Each first reminder has reached the provider.
    await h.waitFor(async () => out.every((d) => sentTo(d.phone).length === 1), 60_000);
    return out;
  }

  it('200 replies waiting across 100 conversations (two each): applied in order, one answer per reply', async () => {
    h = await startHarness();
    const convs = await debts(100, 3000);
    // The replies land while no worker runs, so they wait together and one drain takes them in batches.
    await h.stopWorkers();
    for (const body of ['えっと', 'うーん']) {
      const res = await Promise.all(convs.map((c) => reply(c.phone, body)));
      expect(res.every((r) => r.status === 200)).toBe(true);
    }
    const waiting = await h.services.db.select({ id: messages.id }).from(messages).where(and(eq(messages.direction, 'inbound'), isNull(messages.processedAt)));
    expect(waiting).toHaveLength(200);
    await h.restartWorkers();
    await h.waitFor(async () => convs.every((c) => sentTo(c.phone).length === 3), 60_000);
    await new Promise((r) => setTimeout(r, 300));

    const ids = convs.map((c) => c.id);
    const rows = await h.services.db.select().from(conversations).where(inArray(conversations.id, ids));
    // First "other": the unclear reply (count 1); the second reaches the limit: a person.
    expect(rows.every((c) => c.status === 'escalated' && c.rowVersion === 4)).toBe(true);
    const trans = await h.services.db
      .select()
      .from(auditEvents)
      .where(and(inArray(auditEvents.conversationId, ids), eq(auditEvents.type, 'conversation.transition')))
      .orderBy(asc(auditEvents.id));
    for (const c of convs) {
      const mine = trans.filter((t) => t.conversationId === c.id).map((t) => t.data as { event: string; to: string; rowVersion: number });
      expect(mine.map((t) => [t.event, t.to, t.rowVersion])).toEqual([
        ['reminder', 'active.dunning', 2],
        ['other', 'active.dunning', 3],
        ['other', 'escalated', 4],
      ]);
      // Exactly one answer per reply, in order: the unclear reply, then the hand-off.
      const out = await h.services.db.select({ kind: outbox.kind, status: outbox.status }).from(outbox).where(eq(outbox.conversationId, c.id)).orderBy(asc(outbox.createdAt), asc(outbox.kind));
      expect(out.map((o) => o.kind).sort()).toEqual(['handoff', 'reminder', 'reply']);
      expect(out.every((o) => o.status === 'sent')).toBe(true);
    }
    // Every reply processed once, none left waiting, and each answer reached the provider once.
    expect(await h.services.db.select({ id: messages.id }).from(messages).where(and(eq(messages.direction, 'inbound'), isNull(messages.processedAt)))).toHaveLength(0);
    for (const c of convs) expect(sentTo(c.phone)).toHaveLength(3);
  }, 180_000);

  /** Every conversation replies while the workers are down; once back, all but `bad` are answered and `bad` is dead-lettered. */
  async function oneBadInBatch(convs: Awaited<ReturnType<typeof debts>>, bad: Awaited<ReturnType<typeof debts>>[number]) {
    await h.stopWorkers();
    const res = await Promise.all(convs.map((c) => reply(c.phone, 'えっと')));
    expect(res.every((r) => r.status === 200)).toBe(true);
    await h.restartWorkers();
    const good = convs.filter((c) => c !== bad);
    await h.waitFor(async () => good.every((c) => sentTo(c.phone).length === 2), 30_000);
    const dead = await h.waitFor(async () => (await h.services.db.select().from(deadLetters).where(eq(deadLetters.subjectId, bad.id)))[0], 30_000);
    return { good, dead };
  }

  it('a conversation that fails in a batch does not hold the others back; it is retried alone, then dead-lettered', async () => {
    h = await startHarness();
    const convs = await debts(20, 3200);
    const bad = convs[7]!;
    // Its flow version is not published: every attempt to apply its events throws.
    await h.services.db.update(conversations).set({ flowVersion: 999 }).where(eq(conversations.id, bad.id));
    const { good, dead } = await oneBadInBatch(convs, bad);
    expect(dead).toMatchObject({ queue: 'conversation', status: 'dead', attempts: 8 });
    expect(dead.reason).toMatch(/not published/);
    // Its reply is still there, unprocessed, and it was never answered.
    const left = await h.services.db.select({ id: messages.id }).from(messages).where(and(eq(messages.conversationId, bad.id), eq(messages.direction, 'inbound'), isNull(messages.processedAt)));
    expect(left).toHaveLength(1);
    expect(sentTo(bad.phone)).toHaveLength(1);
    // A later reply to a healthy conversation is still answered at once (the dead one is skipped, not retried in every batch).
    await reply(good[0]!.phone, 'うーん');
    await h.waitFor(async () => sentTo(good[0]!.phone).length === 3, 20_000);
  }, 180_000);

  it("a conversation whose rows cannot be written fails its batch's transaction, then alone: the others are written, it is dead-lettered", async () => {
    h = await startHarness();
    const convs = await debts(12, 3400);
    const bad = convs[4]!;
    // A fault in Postgres itself: writing this conversation's transition is refused.
    await h.services.db.execute(
      sql.raw(`create or replace function refuse_bad() returns trigger language plpgsql as $$ begin
        if new.id = '${bad.id}'::uuid then raise exception 'refused for the test'; end if; return new; end $$;
        create trigger refuse_bad before update on conversations for each row execute function refuse_bad();`),
    );
    const { good, dead } = await oneBadInBatch(convs, bad);
    expect(dead).toMatchObject({ queue: 'conversation', status: 'dead' });
    expect(dead.reason).toMatch(/refused for the test/);
    expect(sentTo(bad.phone)).toHaveLength(1);
    const processed = await h.services.db.select({ id: messages.id }).from(messages).where(and(inArray(messages.conversationId, good.map((c) => c.id)), eq(messages.direction, 'inbound'), isNull(messages.processedAt)));
    expect(processed).toHaveLength(0);
  }, 180_000);
  it('an answer whose idempotency key is already queued is not queued again, and the message row written for it goes with it (decision 0157)', async () => {
    h = await startHarness();
    const [c] = await debts(1, 3600);
    await h.stopWorkers();
    const [conv] = await h.services.db.select().from(conversations).where(eq(conversations.id, c!.id));
    // The outbox row the next transition's first answer would write, there already (a replayed transition).
    const key = `bot:${conv!.id}:${conv!.rowVersion + 1}:0`;
    const [prior] = await h.services.db
      .insert(messages)
      .values({ conversationId: conv!.id, direction: 'outbound', phone: c!.phone, body: 'earlier', provider: 'twilio', status: 'sent' })
      .returning({ id: messages.id });
    await h.services.db.insert(outbox).values({ conversationId: conv!.id, debtorId: conv!.debtorId, messageId: prior!.id, idempotencyKey: key, kind: 'reply', status: 'sent' });
    const before = await h.services.db.select({ id: messages.id }).from(messages).where(and(eq(messages.conversationId, conv!.id), eq(messages.direction, 'outbound')));
    expect((await reply(c!.phone, 'えっと')).status).toBe(200);
    await h.restartWorkers();
    await h.waitFor(async () => (await h.services.db.select().from(conversations).where(eq(conversations.id, conv!.id)))[0]!.rowVersion === conv!.rowVersion + 1, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const after = await h.services.db.select({ id: messages.id }).from(messages).where(and(eq(messages.conversationId, conv!.id), eq(messages.direction, 'outbound')));
    // Applied, nothing new queued under that key, and no message row left without its outbox row.
    expect(after.map((m) => m.id).sort()).toEqual(before.map((m) => m.id).sort());
    expect(await h.services.db.select().from(outbox).where(eq(outbox.idempotencyKey, key))).toHaveLength(1);
    expect(sentTo(c!.phone)).toHaveLength(1);
  }, 120_000);
});
