import { describe, expect, it } from 'vitest';
import { CAMPAIGN_PAUSE_RECHECK_MS, decide, startsWithBrand, type GateFacts } from '../../../src/compliance/send-gate';

/** A weekday (Fri 2026-11-20) 12:00 JST: every rule passes. Each row changes what it is about. */
const base: GateFacts = {
  now: new Date('2026-11-20T12:00:00+09:00'),
  kind: 'reminder',
  author: 'bot',
  body: '【サンプル債権】本日がお支払期限です。配信停止は「停止」と返信',
  brand: 'サンプル債権',
  jurisdiction: 'jp',
  timezones: ['Asia/Tokyo'],
  consent: true,
  suppression: null,
  heldByHuman: false,
  conversationStatus: 'active',
  debtorWindows: null,
  flowHours: null,
  automatedToday: 0,
  dailyCap: 2,
  debtLast7Days: 0,
  weeklyCapPerDebt: 7,
  erased: false,
};
const en: Partial<GateFacts> = { jurisdiction: 'us', brand: 'Sample Credit', body: 'Sample Credit: $120.00 is due today. Reply STOP to opt out.', timezones: ['America/New_York'], now: new Date('2026-11-20T12:00:00-05:00') };
const at = (iso: string) => ({ now: new Date(iso) });

type Row = [string, Partial<GateFacts>, { action: string; reason: string; until?: string }];
const table: Row[] = [
  ['allowed', {}, { action: 'send', reason: 'allowed' }],
  // Suppression and consent (rules 1, 2, 7, 13)
  ['opted out', { suppression: 'stop' }, { action: 'refuse', reason: 'opted_out' }],
  ['wrong number', { suppression: 'wrong_number' }, { action: 'refuse', reason: 'suppressed_wrong_number' }],
  ['wrong number gets no handoff either', { suppression: 'wrong_number', kind: 'handoff' }, { action: 'refuse', reason: 'suppressed_wrong_number' }],
  ['manual suppression', { suppression: 'manual', author: 'collector:u1', kind: 'collector' }, { action: 'refuse', reason: 'suppressed_manual' }],
  ['HELP is answered after STOP', { suppression: 'stop', kind: 'help' }, { action: 'send', reason: 'allowed' }],
  ['HELP is not answered to a wrong number', { suppression: 'wrong_number', kind: 'help' }, { action: 'refuse', reason: 'suppressed_wrong_number' }],
  ['opt-out confirmation despite the suppression', { suppression: 'stop', kind: 'optout_confirmation' }, { action: 'send', reason: 'optout_confirmation' }],
  ['opt-out confirmation at 23:59', { suppression: 'stop', kind: 'optout_confirmation', ...at('2026-11-20T23:59:00+09:00') }, { action: 'send', reason: 'optout_confirmation' }],
  ['no consent', { consent: false }, { action: 'refuse', reason: 'no_consent' }],
  ['erased debtor', { erased: true }, { action: 'refuse', reason: 'debtor_erased' }],
  // Human hold and conversation status (invariant 7)
  ['held by a person', { heldByHuman: true }, { action: 'refuse', reason: 'held_by_human' }],
  ['collector may write in a held thread', { heldByHuman: true, author: 'collector:u1', kind: 'collector' }, { action: 'send', reason: 'allowed' }],
  ['reminder after resolution', { conversationStatus: 'resolved' }, { action: 'refuse', reason: 'conversation_closed' }],
  ['reminder after escalation (bot stays silent)', { conversationStatus: 'escalated' }, { action: 'refuse', reason: 'escalated' }],
  ['handoff line on escalation', { conversationStatus: 'escalated', kind: 'handoff' }, { action: 'send', reason: 'allowed' }],
  // Sender identity (rules 3, 15)
  ['no brand', { body: '本日がお支払期限です。' }, { action: 'refuse', reason: 'missing_brand' }],
  ['brand not first', { body: 'お知らせ【サンプル債権】本日がお支払期限です。' }, { action: 'refuse', reason: 'missing_brand' }],
  ['US with STOP notice', { ...en }, { action: 'send', reason: 'allowed' }],
  ['US without STOP notice', { ...en, body: 'Sample Credit: $120.00 is due today.' }, { action: 'refuse', reason: 'missing_stop_notice' }],
  ['US collector without STOP notice', { ...en, author: 'collector:u1', kind: 'collector', body: 'Sample Credit: call me back' }, { action: 'refuse', reason: 'missing_stop_notice' }],
  // Quiet hours, debtor-local, server in UTC (rules 9, 14, 18)
  ['JP 07:59 held to 08:00', at('2026-11-20T07:59:00+09:00'), { action: 'hold', reason: 'quiet_hours', until: '2026-11-20T08:00:00+09:00' }],
  ['JP 08:00 sends', at('2026-11-20T08:00:00+09:00'), { action: 'send', reason: 'allowed' }],
  ['JP 20:59 sends', at('2026-11-20T20:59:59+09:00'), { action: 'send', reason: 'allowed' }],
  ['JP 21:00:10 held to 08:00 next day', at('2026-11-20T21:00:10+09:00'), { action: 'hold', reason: 'quiet_hours', until: '2026-11-21T08:00:00+09:00' }],
  ['JP reply at night is held too', { kind: 'reply', ...at('2026-11-20T23:30:00+09:00') }, { action: 'hold', reason: 'quiet_hours', until: '2026-11-21T08:00:00+09:00' }],
  ['collector at night is held', { kind: 'collector', author: 'collector:u1', ...at('2026-11-20T22:00:00+09:00') }, { action: 'hold', reason: 'quiet_hours', until: '2026-11-21T08:00:00+09:00' }],
  ['UK 21:30 London held', { jurisdiction: 'uk', timezones: ['Europe/London'], ...at('2026-11-20T21:30:00Z') }, { action: 'hold', reason: 'quiet_hours', until: '2026-11-21T08:00:00Z' }],
  ['US 08:30 New York sends', { ...en, ...at('2026-11-20T08:30:00-05:00') }, { action: 'send', reason: 'allowed' }],
  // 08:30 in New York is 05:30 in Los Angeles: the phone's area-code zone must allow it too.
  ['US two zones: held until 08:00 in the later zone', { ...en, timezones: ['America/New_York', 'America/Los_Angeles'], ...at('2026-11-20T08:30:00-05:00') }, { action: 'hold', reason: 'quiet_hours', until: '2026-11-20T08:00:00-08:00' }],
  ['US two zones: 20:30 LA is 23:30 NY', { ...en, timezones: ['America/New_York', 'America/Los_Angeles'], ...at('2026-11-20T20:30:00-08:00') }, { action: 'hold', reason: 'quiet_hours', until: '2026-11-21T08:00:00-08:00' }],
  ['flow narrows hours (09:00-20:00)', { flowHours: { from: '09:00', to: '20:00' }, ...at('2026-11-20T08:30:00+09:00') }, { action: 'hold', reason: 'quiet_hours', until: '2026-11-20T09:00:00+09:00' }],
  ['flow cannot widen hours', { flowHours: { from: '06:00', to: '23:00' }, ...at('2026-11-20T22:00:00+09:00') }, { action: 'hold', reason: 'quiet_hours', until: '2026-11-21T08:00:00+09:00' }],
  // Debtor-requested windows (rule 8)
  ['平日19時以降: Friday 12:00 → 19:00', { debtorWindows: [{ days: [1, 2, 3, 4, 5], from: '19:00', to: '24:00' }] }, { action: 'hold', reason: 'debtor_requested_hours', until: '2026-11-20T19:00:00+09:00' }],
  ['平日19時以降: Friday 19:30 sends', { debtorWindows: [{ days: [1, 2, 3, 4, 5], from: '19:00', to: '24:00' }], ...at('2026-11-20T19:30:00+09:00') }, { action: 'send', reason: 'allowed' }],
  ['平日19時以降: Friday 21:00:10 → Monday 19:00', { debtorWindows: [{ days: [1, 2, 3, 4, 5], from: '19:00', to: '24:00' }], ...at('2026-11-20T21:00:10+09:00') }, { action: 'hold', reason: 'debtor_requested_hours', until: '2026-11-23T19:00:00+09:00' }],
  ['weekends only: Friday → Saturday 08:00', { debtorWindows: [{ days: [0, 6], from: '00:00', to: '24:00' }] }, { action: 'hold', reason: 'debtor_requested_hours', until: '2026-11-21T08:00:00+09:00' }],
  ['only after 6pm (US)', { ...en, debtorWindows: [{ from: '18:00', to: '24:00' }], ...at('2026-11-20T12:00:00-05:00') }, { action: 'hold', reason: 'debtor_requested_hours', until: '2026-11-20T18:00:00-05:00' }],
  // "after 6pm" is the debtor's 6pm (New York); the LA area code only adds the 08:00–21:00 check.
  ['only after 6pm, two zones: 18:00 NY is allowed', { ...en, timezones: ['America/New_York', 'America/Los_Angeles'], debtorWindows: [{ from: '18:00', to: '24:00' }], ...at('2026-11-20T18:00:00-05:00') }, { action: 'send', reason: 'allowed' }],
  ['only after 6pm, two zones: 21:00 NY is not', { ...en, timezones: ['America/New_York', 'America/Los_Angeles'], debtorWindows: [{ from: '18:00', to: '24:00' }], ...at('2026-11-20T21:00:00-05:00') }, { action: 'hold', reason: 'debtor_requested_hours', until: '2026-11-21T18:00:00-05:00' }],
  ['opt-out confirmation ignores windows', { kind: 'optout_confirmation', debtorWindows: [{ days: [0, 6], from: '00:00', to: '24:00' }] }, { action: 'send', reason: 'optout_confirmation' }],
  // Frequency (rules 10, 16)
  ['daily cap reached', { automatedToday: 2 }, { action: 'hold', reason: 'daily_cap', until: '2026-11-21T08:00:00+09:00' }],
  ['daily cap below', { automatedToday: 1 }, { action: 'send', reason: 'allowed' }],
  ['daily cap does not hold replies', { automatedToday: 5, kind: 'reply' }, { action: 'send', reason: 'allowed' }],
  ['daily cap does not hold the handoff line', { automatedToday: 5, kind: 'handoff' }, { action: 'send', reason: 'allowed' }],
  ['rolling 7-day cap per debt', { debtLast7Days: 7 }, { action: 'hold', reason: 'weekly_cap', until: '2026-11-21T08:00:00+09:00' }],
];

describe('send gate (pure): one row per rule', () => {
  it.each(table)('%s', (_name, facts, want) => {
    const d = decide({ ...base, ...facts });
    expect(d.action).toBe(want.action);
    expect(d.reason).toBe(want.reason);
    if (want.until) expect(d.action === 'hold' && d.until.toISOString()).toBe(new Date(want.until).toISOString());
  });

  it('holds a send reaching the gate at 21:00:10 JST until 08:00 JST, whatever the server timezone', () => {
    expect(process.env.TZ ?? 'UTC').toBeDefined();
    const d = decide({ ...base, ...at('2026-11-20T12:00:10Z') }); // 21:00:10 JST
    expect(d).toEqual({ action: 'hold', until: new Date('2026-11-20T23:00:00Z'), reason: 'quiet_hours' });
  });

  it('never returns a hold in the past or a hold that is itself not allowed', () => {
    for (let m = 0; m < 24 * 60; m += 7) {
      const now = new Date(Date.parse('2026-11-20T00:00:00+09:00') + m * 60_000);
      const d = decide({ ...base, now, debtorWindows: [{ days: [1, 2, 3, 4, 5], from: '19:00', to: '24:00' }] });
      if (d.action === 'hold') {
        expect(d.until.getTime()).toBeGreaterThan(now.getTime());
        expect(decide({ ...base, now: d.until, debtorWindows: [{ days: [1, 2, 3, 4, 5], from: '19:00', to: '24:00' }] }).action).toBe('send');
      }
    }
  });
});

describe('startsWithBrand', () => {
  it.each([
    ['【サンプル債権】本文', true],
    ['サンプル債権: 本文', true],
    ['[サンプル債権] text', true],
    ['本文 サンプル債権', false],
    ['xx【サンプル債権】', false],
  ])('%s → %s', (body, ok) => expect(startsWithBrand(body, 'サンプル債権')).toBe(ok));
});

describe('send gate: campaign status', () => {
  it('refuses a cancelled campaign’s reminder and holds a paused one; replies and opt-out confirmations are untouched', () => {
    expect(decide({ ...base, campaign: 'cancelled' })).toEqual({ action: 'refuse', reason: 'campaign_cancelled' });
    expect(decide({ ...base, campaign: 'paused' })).toEqual({ action: 'hold', reason: 'campaign_paused', until: new Date(base.now.getTime() + CAMPAIGN_PAUSE_RECHECK_MS) });
    expect(decide({ ...base, campaign: 'paused', kind: 'reply' })).toEqual({ action: 'send', reason: 'allowed' });
    expect(decide({ ...base, campaign: 'cancelled', kind: 'optout_confirmation' }).action).toBe('send');
    expect(decide({ ...base, campaign: null })).toEqual({ action: 'send', reason: 'allowed' });
    // Opt-out still wins over a paused campaign: refused, never merely held.
    expect(decide({ ...base, campaign: 'paused', suppression: 'stop' })).toEqual({ action: 'refuse', reason: 'opted_out' });
  });
});
