import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { messages, outbox } from '../../db/schema';
import { sweep } from '../../src/jobs/sweep';
import { ManualClock } from '../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';

/**
 * A worker that dies between claiming a send ('sending', committed) and recording the provider's
 * answer leaves the row in 'sending'. It must not keep counting against the debtor's daily cap
 * on later days, and the sweep must close it (failed, may have sent: never retried).
 */
describe('a send interrupted after its claim', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('does not block the debtor’s reminders on later days, and the sweep closes it without resending', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const to = jpMobile(4242);
    const sent = () => h.fake!.received.filter((r) => r.sid && r.to === to.e164);
    // One debtor, two debts due tomorrow: two reminders today (the daily cap is 2).
    const a = debtPayload({ ref: 'stuckA', phone: to.local, dueDate: '2026-11-21' });
    const b = { ...debtPayload({ ref: 'stuckA', phone: to.local, dueDate: '2026-11-21' }), debt: { ...a.debt, externalRef: 'INV-stuckB' } };
    await h.api('POST', '/api/debts', a);
    await h.api('POST', '/api/debts', b);
    await h.waitFor(async () => sent().length === 2);
    const rows = await h.services.db.select().from(outbox).where(eq(outbox.kind, 'reminder'));
    expect(rows).toHaveLength(2);
    await h.waitFor(async () => (await h.services.db.select().from(outbox).where(and(eq(outbox.kind, 'reminder'), eq(outbox.status, 'sent')))).length === 2);
    // The crash: both claims committed, neither "sent" was recorded.
    const claimedAt = new Date('2026-11-20T01:00:00Z');
    await h.services.db.update(outbox).set({ status: 'sending', sentAt: null, notBefore: claimedAt }).where(inArray(outbox.id, rows.map((r) => r.id)));
    await h.services.db.update(messages).set({ status: 'sending' }).where(inArray(messages.id, rows.map((r) => r.messageId)));

    // The next schedule step (the late first step keeps the schedule's spacing: three days on).
    // The stranded claims of three days ago no longer count against today's cap, even before the
    // sweep closes them (here it is told they are not stale yet).
    (h.clock as ManualClock).set('2026-11-23T10:00:05+09:00');
    await sweep(h.services, { sendingStaleMs: 30 * 86_400_000 });
    await h.waitFor(async () => sent().length === 4);
    expect((await h.services.db.select().from(outbox).where(inArray(outbox.id, rows.map((r) => r.id)))).map((r) => r.status)).toEqual(['sending', 'sending']);

    // The sweep closes them: failed (they may have gone out), never retried, nothing sent twice.
    await sweep(h.services);
    const after = await h.services.db.select().from(outbox).where(inArray(outbox.id, rows.map((r) => r.id)));
    expect(after.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(after.every((r) => r.reason?.startsWith('interrupted'))).toBe(true);
    const bodies = sent().map((r) => r.body);
    expect(new Set(bodies).size).toBe(bodies.length);
  });
});
