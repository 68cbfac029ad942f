import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../db/schema';
import { ManualClock } from '../../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../../support/harness';
import { at, sentTo, settle, text } from './support';

/** Issue #11: a STOP that races the provider call is never lost: refused, or recorded as crossed. */
describe('behaviours: STOP racing a send', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('a STOP that arrives while the provider has the message is recorded as crossed, and nothing follows', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-18T10:00:00+09:00') });
    const p = jpMobile(9301);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'race1', phone: p.local, dueDate: '2026-11-21' }));
    await settle(h);
    expect(sentTo(h, p.e164)).toHaveLength(1);
    // The next reminder is in flight when the debtor's STOP lands.
    const provider = h.services.provider;
    const send = provider.send.bind(provider);
    let raced = false;
    provider.send = async (req) => {
      if (!raced && req.to === p.e164) {
        raced = true;
        await text(h, p.e164, '停止');
      }
      return send(req);
    };
    await at(h, '2026-11-21T10:00:05+09:00');
    expect(raced).toBe(true);
    const crossed = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.conversationId, r.json.conversationId), eq(auditEvents.type, 'send.crossed_opt_out')));
    expect(crossed).toHaveLength(1);
    expect(crossed[0]!.data).toMatchObject({ reason: 'opted_out', kind: 'reminder' });
    // The one confirmation follows, then nothing.
    const after = sentTo(h, p.e164);
    expect(after.at(-1)).toContain('配信を停止しました');
    await at(h, '2026-11-25T10:00:05+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(after.length);
  });
});
