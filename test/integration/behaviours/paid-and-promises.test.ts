import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { messages, promises } from '../../../db/schema';
import { recordPayment } from '../../../src/dunning/payments';
import { ManualClock } from '../../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../../support/harness';
import { at, conversation, publishVariant, sentTo, settle, text } from './support';

describe('behaviours: "paid" claims and promises', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function start(i: number, o: { flow?: string; amount?: number; dueDate?: string } = {}) {
    const p = jpMobile(4000 + i);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: `pp${i}`, phone: p.local, dueDate: o.dueDate ?? '2026-11-21', amount: o.amount ?? 10000, flow: o.flow }));
    expect(r.status).toBe(201);
    await settle(h);
    return { phone: p.e164, id: r.json.conversationId as string, ref: `INV-pp${i}` };
  }

  it('"払いました": thanks, reminders pause for policy.paidConfirmationDays, asks once more, then a person', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const flow = await publishVariant(h, 'standard-ja', 'paid-wait-2', (s) => s.replace('paidConfirmationDays: 5', 'paidConfirmationDays: 2'));
    const d = await start(1, { flow });
    expect(sentTo(h, d.phone)).toHaveLength(1); // the first reminder
    await text(h, d.phone, '払いました');
    await settle(h);
    expect(sentTo(h, d.phone)[1]).toContain('入金を確認しますので');
    let c = await conversation(h, d.id);
    expect(c.state).toBe('active.paid_claimed');
    // Two days (the policy), not the five the shipped flow has; the due-day reminder is paused.
    expect(c.timers).toEqual([{ name: 'paid_check', dueAt: new Date('2026-11-22T10:00:00+09:00').toISOString() }]);
    await at(h, '2026-11-21T10:00:05+09:00');
    expect(sentTo(h, d.phone)).toHaveLength(2);
    await at(h, '2026-11-22T10:00:05+09:00');
    expect(sentTo(h, d.phone)[2]).toContain('まだ入金が確認できていません');
    await at(h, '2026-11-25T10:00:05+09:00');
    c = await conversation(h, d.id);
    expect(c.status).toBe('escalated');
    expect(c.escalation.reason).toBe('payment_not_confirmed');
    expect(sentTo(h, d.phone)[3]).toContain('担当者が内容を確認');
    expect(c.timers).toEqual([]);
  });

  it('"paid" and then the payment arrives: resolved with thanks, no more reminders', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(2);
    await text(h, d.phone, '払いました');
    await settle(h);
    const r = await recordPayment(h.services, { debtExternalRef: d.ref, amount: 10000, currency: 'JPY', paidAt: '2026-11-20T11:00:00+09:00', reference: 'pay-2' }, { actor: 'test' });
    expect(r.status).toBe('recorded');
    await settle(h);
    const c = await conversation(h, d.id);
    expect(c.status).toBe('resolved');
    expect(sentTo(h, d.phone).at(-1)).toContain('お支払いを確認しました');
    const n = sentTo(h, d.phone).length;
    await at(h, '2026-12-10T10:00:05+09:00');
    expect(sentTo(h, d.phone)).toHaveLength(n);
  });

  it('a date within maxPromiseDays: promise row, confirmed with the date, reminded that day, broken → follow-up path', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(3);
    await text(h, d.phone, '25日に払います');
    await settle(h);
    let c = await conversation(h, d.id);
    expect(c.state).toBe('active.promised');
    expect(c.promises).toEqual([{ dueDate: '2026-11-25', amount: 10000, status: 'pending' }]);
    expect(sentTo(h, d.phone)[1]).toMatch(/11月25日にお支払いいただけるとのこと/);
    expect(sentTo(h, d.phone)[1]).toContain('https://saisoku.test/p/');
    // No schedule reminder while the promise stands (the due date 11-21 passes quietly).
    await at(h, '2026-11-21T10:00:05+09:00');
    expect(sentTo(h, d.phone)).toHaveLength(2);
    await at(h, '2026-11-25T10:00:05+09:00');
    expect(sentTo(h, d.phone)[2]).toMatch(/本日11月25日はお約束のお支払日です/);
    await at(h, '2026-11-26T12:00:05+09:00');
    // The follow-up alone: the overdue_3 step (11-24, held by the promise) does not go out with it
    // (it did, in the same second, and the two raced to the provider — decision 0146).
    expect(sentTo(h, d.phone)).toHaveLength(4);
    expect(sentTo(h, d.phone)[3]).toMatch(/お約束の11月25日までに入金が確認できませんでした/);
    c = await conversation(h, d.id);
    expect(c.state).toBe('active.dunning');
    expect(c.promises[0].status).toBe('broken');
    // Back on the schedule: the next step only, never a burst — overdue_7, kept 10 days after the
    // pre_due step sent on 11-20 (the schedule's spacing), so 11-30 10:00 rather than 11-28.
    expect(c.timers).toEqual([{ name: 'reminder', dueAt: new Date('2026-11-30T10:00:00+09:00').toISOString() }]);
    await at(h, '2026-11-28T10:00:05+09:00');
    expect(sentTo(h, d.phone)).toHaveLength(4);
    await at(h, '2026-11-30T10:00:05+09:00');
    expect(sentTo(h, d.phone)).toHaveLength(5);
    expect(sentTo(h, d.phone)[4]).toMatch(/未払いのままです/);
  });

  it('a kept promise: the payment settles it', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(4);
    await text(h, d.phone, '25日に払います');
    await settle(h);
    await recordPayment(h.services, { debtExternalRef: d.ref, amount: 10000, currency: 'JPY', paidAt: '2026-11-24T11:00:00+09:00', reference: 'pay-4' }, { actor: 'test' });
    await settle(h);
    const c = await conversation(h, d.id);
    expect(c.status).toBe('resolved');
    expect(c.promises[0].status).toBe('kept');
    await at(h, '2026-11-26T12:00:05+09:00');
    expect(sentTo(h, d.phone).filter((b) => b.includes('お約束'))).toHaveLength(0);
  });

  it('too far: counter-offer of the latest allowed date, and the next answer is read as a date in context', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(5);
    await text(h, d.phone, '来月末に払います');
    await settle(h);
    // 2026-11-20 + 14 days (maxPromiseDays).
    expect(sentTo(h, d.phone)[1]).toContain('お待ちできるのは12月4日までです');
    expect((await conversation(h, d.id)).state).toBe('active.asking_date');
    await text(h, d.phone, '28'); // a bare number is a date only when the bot asked for one
    await settle(h);
    const c = await conversation(h, d.id);
    const answer = c.messages.filter((m: { direction: string }) => m.direction === 'inbound').at(-1);
    expect(answer.intent).toBe('extend');
    expect(answer.entities).toEqual({ date: '2026-11-28' });
    expect(answer.explanation).toMatch(/context\.date/);
    expect(c.state).toBe('active.promised');
    expect(c.promises[0]).toMatchObject({ dueDate: '2026-11-28', status: 'pending' });
    expect(sentTo(h, d.phone)[2]).toMatch(/11月28日にお支払い/);
  });

  it('"extend" without a date asks for one; the answer becomes the promise', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(6);
    await text(h, d.phone, '延長してください');
    await settle(h);
    expect(sentTo(h, d.phone)[1]).toMatch(/お支払い可能な日付を.*12月4日まで/);
    await text(h, d.phone, '12月1日でお願いします');
    await settle(h);
    const c = await conversation(h, d.id);
    expect(c.promises[0]).toMatchObject({ dueDate: '2026-12-01', status: 'pending' });
    const [m] = await h.services.db.select().from(messages).where(and(eq(messages.conversationId, d.id), eq(messages.body, '12月1日でお願いします')));
    expect(m!.intent).toBe('extend');
    expect(await h.services.db.select().from(promises).where(eq(promises.conversationId, d.id))).toHaveLength(1);
  });
});
