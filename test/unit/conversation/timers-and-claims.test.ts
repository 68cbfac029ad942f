import { describe, expect, it } from 'vitest';
import { shippedFlow } from '../../support/flows';
import { timerDue } from '../../../src/conversation/interpret';
import { simulateFlow } from '../../../src/conversation/simulate';
import { describeOffers } from '../../../src/ledger/installments';
import { formatAmount } from '../../../src/flow/templates';

const ja = shippedFlow('standard-ja');

describe('startTimer: calendar days in the debtor zone', () => {
  it.each([
    // New York leaves DST on 1 Nov 2026: one calendar day is 25 hours.
    ['2026-10-31T12:00:00-04:00', 1, '2026-11-01T17:00:00.000Z'],
    // ...and enters it on 8 Mar 2026: 23 hours.
    ['2026-03-07T12:00:00-05:00', 1, '2026-03-08T16:00:00.000Z'],
    ['2026-11-20T09:30:15-05:00', 3, '2026-11-23T14:30:15.000Z'],
  ])('from %s, %d day(s) without `at` is the same local time then (%s)', (now, days, want) => {
    expect(timerDue({ name: 't', days }, { now: new Date(now), tz: 'America/New_York', promiseDate: null, policy: ja.policy })?.toISOString()).toBe(want);
  });

  it('adds hours after the calendar days', () => {
    expect(timerDue({ name: 't', days: 1, hours: 2 }, { now: new Date('2026-10-31T12:00:00-04:00'), tz: 'America/New_York', promiseDate: null, policy: ja.policy })?.toISOString()).toBe('2026-11-01T19:00:00.000Z');
  });

  it('a same-day promise made after the reminder time: no reminder (ifPast: skip), the check still armed', () => {
    const c = { now: new Date('2026-11-20T14:00:00+09:00'), tz: 'Asia/Tokyo', promiseDate: '2026-11-20', policy: ja.policy };
    expect(timerDue({ name: 'promise_due', from: 'promiseDate', days: 0, at: '10:00', ifPast: 'skip' }, c)).toBeNull();
    expect(timerDue({ name: 'promise_due', from: 'promiseDate', days: 0, at: '10:00' }, c)).toEqual(c.now);
    expect(timerDue({ name: 'promise_check', from: 'promiseDate', days: 1, at: '12:00' }, c)?.toISOString()).toBe('2026-11-21T03:00:00.000Z');
    // Made before 10:00 the same day, the reminder comes at 10:00.
    expect(timerDue({ name: 'promise_due', from: 'promiseDate', days: 0, at: '10:00', ifPast: 'skip' }, { ...c, now: new Date('2026-11-20T08:30:00+09:00') })?.toISOString()).toBe('2026-11-20T01:00:00.000Z');
  });
});

describe('plan arithmetic in words', () => {
  it('offers 10,000 in three as 3,333 x 2 and a last 3,334, as the plan will be', () => {
    expect(describeOffers([2, 3], 10000, 'JPY', 'ja', (n) => formatAmount(n, 'JPY', 'ja'))).toBe('2回(各5,000円) / 3回(3,333円×2・最終3,334円)');
    expect(describeOffers([3], 100, 'USD', 'en', (n) => formatAmount(n, 'USD', 'en'))).toBe('3 payments (2 x $33.33, last $33.34)');
  });

  it('the simulator shows the same offer (no rounded-up 3 x 3,334)', () => {
    const r = simulateFlow(ja, 'day 0: 分割にしたい', { start: '2026-11-20T01:00:00Z', dueDate: '2026-11-25', amount: 10000, currency: 'JPY', timezone: 'Asia/Tokyo' });
    const offer = r.transcript.find((e) => e.template === 'plan_offer')!;
    expect(offer.body).toContain('3回(3,333円×2・最終3,334円)');
  });
});

describe('"paid" claims after a handback', () => {
  it('a second claim after a handback gets its own reminder-then-person sequence (paidChecks resets)', () => {
    const script = ['day 0: 払いました', 'day 5: wait', 'day 8: wait', 'day 9: handback', 'day 9 12:00: 払いました', 'day 14: wait', 'day 15: wait'].join('\n');
    const r = simulateFlow(ja, script, { start: '2026-11-20T01:00:00Z', dueDate: '2026-11-25', amount: 10000, currency: 'JPY', timezone: 'Asia/Tokyo' });
    const out = r.transcript.filter((e) => e.direction === 'outbound').map((e) => `${e.local.slice(0, 10)} ${e.template}`);
    expect(out).toEqual([
      '2026-11-20 paid_thanks',
      '2026-11-25 paid_ask_again',
      '2026-11-28 handoff',
      '2026-11-29 reminder_overdue',
      '2026-11-29 paid_thanks',
      // The first check of the new claim asks again; it does not escalate at once.
      '2026-12-04 paid_ask_again',
    ]);
    expect(r.status).toBe('active');
  });
});
