import { and, eq, isNotNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { messages } from '../../db/schema';
import { drainConversations } from '../../src/conversation/engine';
import { classifierOf } from '../../src/workers/workers';
import { startHarness, twilioChat, type Harness } from '../support/harness';

/**
 * A backlog of replies is served in arrival order (k18, decision 0174). Under a clock that stands
 * still (the harness's ManualClock, the simulator's, the bench's fixed clock) every reply has the same
 * created_at; the ready set broke that tie by conversation id, so a round took the conversations whose
 * uuids sort first, and a reply that came first waited until the whole backlog had drained (at 1,000/s
 * the bench's p99 was the backlog's length). messages.seq (the schema's arrival order) breaks it now.
 */
describe('the drain serves a backlog in arrival order', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const { reply, debtsReminded } = twilioChat(() => h, 'o');

  it('a round of 3 takes the first 3 replies to arrive, whatever their conversations’ ids', async () => {
    h = await startHarness();
    const convs = await debtsReminded(6, 7200, 'do');
    await h.stopWorkers();
    // Replies arrive in the reverse of the ids' order, all at the same instant of the stopped clock.
    const arrival = [...convs].sort((a, b) => (a.id < b.id ? 1 : -1));
    for (const c of arrival) expect((await reply(c.phone, 'えっと')).status).toBe(200);
    const times = await h.services.db.select({ at: messages.createdAt }).from(messages).where(eq(messages.direction, 'inbound'));
    expect(new Set(times.map((t) => t.at.getTime())).size).toBe(1);

    const round = await drainConversations(h.services, classifierOf(h.services), { limit: 3 });
    expect([round.classified, round.claimed, round.applied]).toEqual([6, 3, 3]);
    const done = await h.services.db
      .select({ conversationId: messages.conversationId })
      .from(messages)
      .where(and(eq(messages.direction, 'inbound'), isNotNull(messages.processedAt)));
    expect(done.map((d) => d.conversationId).sort()).toEqual(arrival.slice(0, 3).map((c) => c.id).sort());
  }, 120_000);
});
