import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nextStep } from '../../../src/conversation/interpret';
import { validateFlow } from '../../../src/conversation/validate';
import { addDays, localParts, zonedTime } from '../../../src/shared/time';

const v = validateFlow(readFileSync('flows/standard-ja.yaml', 'utf8'));
if (!v.ok) throw new Error('standard-ja must validate');
const flow = v.flow;
const tz = 'Asia/Tokyo';
const due = '2026-11-30';
const iso = (d: Date | undefined) => d?.toISOString();

describe('nextStep (schedule relative to the due date)', () => {
  it.each([
    // [now, last step, last at, expected index, expected time]
    ['2026-11-20T10:00:00+09:00', -1, null, 0, '2026-11-27T01:00:00.000Z'],
    ['2026-11-27T10:00:00+09:00', -1, null, 0, '2026-11-27T01:00:00.000Z'],
    ['2026-11-27T10:00:00+09:00', 0, '2026-11-27T01:00:00.000Z', 1, '2026-11-30T01:00:00.000Z'],
    // Loaded on the due date after 10:00: only the due-day step, at once.
    ['2026-11-30T15:00:00+09:00', -1, null, 1, '2026-11-30T06:00:00.000Z'],
    // Loaded 8 days late: only the +7 step at once, never the three before it.
    ['2026-12-08T12:00:00+09:00', -1, null, 3, '2026-12-08T03:00:00.000Z'],
    // Loaded after every step: the last message step, not the escalation.
    ['2027-01-15T12:00:00+09:00', -1, null, 3, '2027-01-15T03:00:00.000Z'],
    // After a late +7 step the handoff keeps its 3-day spacing.
    ['2027-01-15T12:00:00+09:00', 3, '2027-01-15T03:00:00.000Z', 4, '2027-01-18T03:00:00.000Z'],
    ['2026-12-10T10:00:00+09:00', 4, '2026-12-10T01:00:00.000Z', null, null],
  ])('at %s after step %i → step %s', (now, step, at, index, time) => {
    const r = nextStep(flow, due, tz, { step, at }, new Date(now));
    expect(r?.index ?? null).toBe(index);
    expect(iso(r?.at) ?? null).toBe(time);
  });

  // Decision 0146: when the arming transition has just queued a message (a broken promise's
  // follow-up, START's confirmation), no step goes out in the same moment as it.
  it.each([
    // A promise broken on 12-05 12:00 (pre_due was the last step sent): overdue_3 is past and
    // skipped — the follow-up said it — and the next step ahead, overdue_7, is armed.
    ['2026-12-05T12:00:00+09:00', 0, '2026-11-27T01:00:00.000Z', 2, '2026-12-05T03:00:00.000Z', 3, '2026-12-07T01:00:00.000Z'],
    // Nothing past: the same step at the same time either way.
    ['2026-11-28T12:00:00+09:00', 0, '2026-11-27T01:00:00.000Z', 1, '2026-11-30T01:00:00.000Z', 1, '2026-11-30T01:00:00.000Z'],
    // Every step past (the handoff too): the handoff the next day at its time, not at once.
    ['2026-12-11T12:00:00+09:00', 3, '2026-12-07T01:00:00.000Z', 4, '2026-12-11T03:00:00.000Z', 4, '2026-12-12T01:00:00.000Z'],
    // START long after a STOP that came before any reminder: the last message step (never an
    // opening escalation), the next day at its time.
    ['2027-01-15T12:00:00+09:00', -1, null, 3, '2027-01-15T03:00:00.000Z', 3, '2027-01-16T01:00:00.000Z'],
  ])('at %s after step %i (at %s) with a message just queued: step %i at %s without the rule, step %i at %s with it', (now, step, at, before, beforeAt, index, time) => {
    const plain = nextStep(flow, due, tz, { step, at }, new Date(now));
    expect([plain?.index, iso(plain?.at)]).toEqual([before, beforeAt]);
    const r = nextStep(flow, due, tz, { step, at }, new Date(now), { afterMessage: true });
    expect([r?.index, iso(r?.at)]).toEqual([index, time]);
    expect(r!.at.getTime()).toBeGreaterThan(Date.parse(now));
  });
});

describe('time helpers', () => {
  it.each([
    ['2026-11-30', '10:00', 'Asia/Tokyo', '2026-11-30T01:00:00.000Z'],
    ['2026-03-08', '10:00', 'America/New_York', '2026-03-08T14:00:00.000Z'], // first day of DST
    ['2026-11-01', '10:00', 'America/New_York', '2026-11-01T15:00:00.000Z'], // last day of DST
    ['2026-03-29', '08:00', 'Europe/London', '2026-03-29T07:00:00.000Z'],
  ])('zonedTime(%s %s %s)', (d, hm, zone, want) => {
    expect(zonedTime(d, hm, zone).toISOString()).toBe(want);
  });

  it('reads local parts in the debtor zone with the server in UTC', () => {
    expect(localParts(new Date('2026-11-20T12:00:10Z'), 'Asia/Tokyo')).toEqual({ date: '2026-11-20', hour: 21, minute: 0, second: 10, weekday: 5 });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
