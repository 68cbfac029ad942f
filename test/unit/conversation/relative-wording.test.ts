import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { simulateFlow } from '../../../src/conversation/simulate';
import { relativeWording, renderAt } from '../../../src/flow/templates';
import { validateFlow } from '../../../src/conversation/validate';

/** Issue #11: a template never claims "today" for another day; the wording comes from the send date. */
describe('due-date wording from the send date', () => {
  it.each([
    ['due', '2026-12-02', '2026-11-29', 'ja', 'お支払期限は12月2日です'],
    ['due', '2026-12-02', '2026-12-02', 'ja', '本日12月2日がお支払期限です'],
    ['due', '2026-12-02', '2026-12-04', 'ja', 'お支払期限の12月2日を2日過ぎています'],
    ['promise', '2026-11-25', '2026-11-25', 'ja', '本日11月25日はお約束のお支払日です'],
    ['promise', '2026-11-25', '2026-11-26', 'ja', 'お約束のお支払日（11月25日）を1日過ぎています'],
    ['promise', '2026-11-25', '2026-11-24', 'ja', 'お約束のお支払日は11月25日です'],
    ['installment', '2026-11-27', '2026-11-27', 'ja', 'お支払日は本日（11月27日）です'],
    ['installment', '2026-11-27', '2026-11-28', 'ja', 'お支払日（11月27日）を1日過ぎています'],
    ['due', '2026-12-02', '2026-11-29', 'en', 'is due on Dec 2'],
    ['due', '2026-12-02', '2026-12-02', 'en', 'is due today (Dec 2)'],
    ['due', '2026-12-02', '2026-12-03', 'en', 'was due on Dec 2 (1 day overdue)'],
    ['due', '2026-12-02', '2026-12-09', 'en', 'was due on Dec 2 (7 days overdue)'],
    ['promise', '2026-11-25', '2026-11-25', 'en', 'today (Nov 25) is the payment date you chose'],
    ['promise', '2026-11-25', '2026-11-27', 'en', 'the payment date you chose, Nov 25, was 2 days ago'],
    ['installment', '2026-11-27', '2026-11-26', 'en', 'is due on Nov 27'],
  ] as const)('%s %s sent on %s (%s): %s', (kind, date, sendDate, locale, want) => {
    expect(relativeWording(kind, date, sendDate, locale)).toBe(want);
  });

  it('re-words a queued text for the day it is really sent', () => {
    const d = { text: '【B】{dueStatus}（12,000円）。', dates: { due: '2026-11-30' }, locale: 'ja' as const };
    expect(renderAt(d, '2026-11-30')).toBe('【B】本日11月30日がお支払期限です（12,000円）。');
    expect(renderAt(d, '2026-12-01')).toBe('【B】お支払期限の11月30日を1日過ぎています（12,000円）。');
  });

  it.each(['standard-ja', 'standard-en'])('no shipped template (%s) says "today" in fixed words', (key) => {
    const flow = parse(readFileSync(new URL(`../../../flows/${key}.yaml`, import.meta.url), 'utf8'));
    for (const [name, byLocale] of Object.entries(flow.templates as Record<string, Record<string, string | string[]>>))
      for (const text of ([] as string[]).concat(byLocale[flow.locale]!)) expect(text, name).not.toMatch(/本日|今日|\btoday\b/i);
  });

  it('the flow lint refuses a template that says "today" in fixed words', () => {
    const src = readFileSync(new URL('../../../flows/standard-en.yaml', import.meta.url), 'utf8').replace('{amount} {dueStatus}. Pay here', '{amount} is due today ({dueDate}). Pay here');
    const r = validateFlow(src);
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => i.message).join('\n')).toMatch(/\{dueStatus\}/);
    const ja = readFileSync(new URL('../../../flows/standard-ja.yaml', import.meta.url), 'utf8').replace('【{brand}】{dueStatus}（{amount}）', '【{brand}】本日{dueDate}がお支払期限です（{amount}）');
    expect(validateFlow(ja).issues.some((i) => i.severity === 'error' && i.path === 'templates.reminder_due.ja')).toBe(true);
  });
});

describe('the flow simulator words dates for the day a message would go out', () => {
  const flowOf = (file: string) => {
    const v = validateFlow(readFileSync(new URL(`../../../flows/${file}`, import.meta.url), 'utf8'));
    if (!v.ok) throw new Error('shipped flow invalid');
    return v.flow;
  };

  it('a due reminder first sent two days late says so, not "today"', () => {
    const r = simulateFlow(flowOf('standard-ja.yaml'), 'day 0 10:00: wait', { start: '2026-12-04T01:00:00Z', dueDate: '2026-12-02', amount: 12000, currency: 'JPY', timezone: 'Asia/Tokyo' });
    const first = r.transcript.find((e) => e.direction === 'outbound')!;
    expect(first.template).toBe('reminder_due');
    expect(first.body).toContain('お支払期限の12月2日を2日過ぎています');
    expect(first.body).not.toContain('本日');
  });

  it('a message held by quiet hours shows "held until 08:00" and is worded for that day', () => {
    // Loaded at 23:30 on the due day in Los Angeles: the reminder waits for 08:00 the next morning.
    const r = simulateFlow(flowOf('standard-en.yaml'), 'day 0 23:30: wait', { start: '2026-11-21T07:30:00Z', dueDate: '2026-11-20', amount: 120, currency: 'USD', timezone: 'America/Los_Angeles' });
    const first = r.transcript.find((e) => e.direction === 'outbound')!;
    expect(first.local).toBe('2026-11-20 23:30');
    expect(first.gate).toMatchObject({ action: 'hold', reason: 'quiet_hours', untilLocal: '2026-11-21 08:00' });
    expect(first.note).toBe('held until 2026-11-21 08:00');
    expect(first.body).toContain('was due on Nov 20 (1 day overdue)');
  });

  it('a same-day hold says "held until HH:MM"', () => {
    const r = simulateFlow(flowOf('standard-ja.yaml'), 'day 0 06:30: wait', { start: '2026-11-20T21:30:00Z', dueDate: '2026-11-21', amount: 12000, currency: 'JPY', timezone: 'Asia/Tokyo' });
    const first = r.transcript.find((e) => e.direction === 'outbound')!;
    expect(first.local).toBe('2026-11-21 06:30');
    expect(first.note).toBe('held until 08:00');
    expect(first.body).toContain('本日11月21日がお支払期限です');
  });
});
