import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { messages } from '../../db/schema';
import { drainConversations, type ClassifyFn } from '../../src/conversation/engine';
import { classifierOf } from '../../src/workers/workers';
import { startHarness, twilioChat, type Harness } from '../support/harness';

/**
 * A round locks only conversations with something it can apply (lat13, decision 0156): a reply
 * stored after the round's classify pass read what waits is not yet classified, so the round must
 * not take its conversation (it used to lock it, read its rows, apply nothing, and the reply waited
 * for the next round anyway — 28–36 % of replies at 200–500/s paid for a second claim).
 */
describe('the drain round takes classified replies only', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const { reply, debtsReminded } = twilioChat(() => h, 'd');

  it('a reply stored during the classify pass is the next round’s, not claimed by this one', async () => {
    h = await startHarness();
    const convs = await debtsReminded(2, 7100, 'dr');
    await h.stopWorkers();
    const [a, b] = convs as [(typeof convs)[0], (typeof convs)[0]];
    expect((await reply(a.phone, 'えっと')).status).toBe(200);

    // B's reply lands while the round classifies A's: after the round's read of what waits.
    const real = classifierOf(h.services);
    let landed = false;
    const classify: ClassifyFn = async (m, context, flow) => {
      if (!landed) {
        landed = true;
        expect((await reply(b.phone, 'えっと')).status).toBe(200);
      }
      return real(m, context, flow);
    };
    const first = await drainConversations(h.services, classify, { limit: 50 });
    expect(first.classified).toBe(1);
    expect(first.claimed).toBe(1);
    expect(first.applied).toBe(1);
    const unprocessed = () =>
      h.services.db
        .select({ conversationId: messages.conversationId, intent: messages.intent })
        .from(messages)
        .where(and(eq(messages.direction, 'inbound'), isNull(messages.processedAt)));
    expect(await unprocessed()).toEqual([{ conversationId: b.id, intent: null }]);

    // The next round classifies B's reply and applies it.
    const second = await drainConversations(h.services, classify, { limit: 50 });
    expect([second.classified, second.claimed, second.applied]).toEqual([1, 1, 1]);
    expect(await unprocessed()).toEqual([]);
  }, 120_000);
});
