import { and, eq, lte } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { messages, timers } from '../../../db/schema';
import { fireTimer } from '../../../src/conversation/engine';
import { ManualClock } from '../../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../../support/harness';
import { at, sentTo, settle } from './support';

/** Issue #11: a reminder is worded for the day it is really sent, in the debtor's timezone. */
describe('behaviours: date wording decided at send time', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('a due-day reminder queued on the due day but sent the next morning says it was due, not "today"', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-18T10:00:00+09:00') });
    const p = jpMobile(8101);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'late1', phone: p.local, dueDate: '2026-11-21' }));
    expect(r.status).toBe(201);
    await settle(h);
    expect(sentTo(h, p.e164)).toHaveLength(1);
    // 10:00 on the due day: the timer fires and queues the reminder, but no sender runs (a backlog).
    await h.stopWorkers();
    (h.clock as ManualClock).set('2026-11-21T10:00:05+09:00');
    const due = await h.services.db.select().from(timers).where(and(eq(timers.status, 'pending'), lte(timers.dueAt, h.clock.now())));
    for (const t of due) await fireTimer(h.services, t.id);
    const [queued] = await h.services.db.select().from(messages).where(and(eq(messages.conversationId, r.json.conversationId), eq(messages.status, 'queued')));
    expect(queued!.body).toContain('本日11月21日がお支払期限です');
    // The sender catches up the next morning.
    await h.restartWorkers();
    await at(h, '2026-11-22T09:00:00+09:00');
    const sent = sentTo(h, p.e164);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toContain('お支払期限の11月21日を1日過ぎています');
    expect(sent[1]).not.toContain('本日');
    const [stored] = await h.services.db.select().from(messages).where(eq(messages.id, queued!.id));
    expect(stored!.body).toBe(sent[1]);
  });

  it('a reminder held by quiet hours overnight is worded for the morning it goes out (Los Angeles)', async () => {
    // 23:30 on 20 Nov in Los Angeles (07:30Z on the 21st), the debt due that day.
    h = await startHarness({ clock: new ManualClock('2026-11-21T07:30:00Z') });
    const body = debtPayload({ ref: 'late2', phone: '(415) 555-2001', locale: 'en', dueDate: '2026-11-20', amount: 120 });
    body.debtor.timezone = 'America/Los_Angeles';
    const r = await h.api('POST', '/api/debts', body);
    expect(r.status).toBe(201);
    await settle(h);
    expect(sentTo(h, '+14155552001')).toHaveLength(0);
    const [held] = await h.services.db.select().from(messages).where(eq(messages.conversationId, r.json.conversationId));
    expect(held!.status).toBe('held');
    expect(held!.body).toContain('is due today (Nov 20)');
    await at(h, '2026-11-21T16:00:05Z'); // 08:00 in Los Angeles
    const sent = sentTo(h, '+14155552001');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('was due on Nov 20 (1 day overdue)');
    expect(sent[0]).not.toMatch(/\btoday\b/);
  });

  it("says 'today' on the debtor's day, whatever the server's day is", async () => {
    // 10:00 on 21 Nov in Los Angeles is already 22 Nov in UTC and in Tokyo.
    h = await startHarness({ clock: new ManualClock('2026-11-18T10:00:00-08:00') });
    const body = debtPayload({ ref: 'late3', phone: '(415) 555-2002', locale: 'en', dueDate: '2026-11-21', amount: 120 });
    body.debtor.timezone = 'America/Los_Angeles';
    expect((await h.api('POST', '/api/debts', body)).status).toBe(201);
    await settle(h);
    await at(h, '2026-11-21T18:00:05Z');
    const sent = sentTo(h, '+14155552002');
    expect(sent.at(-1)).toContain('is due today (Nov 21)');
  });
});
