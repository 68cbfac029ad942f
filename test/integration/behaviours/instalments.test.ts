import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { installments, timers } from '../../../db/schema';
import { recordPayment } from '../../../src/dunning/payments';
import { ManualClock } from '../../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../../support/harness';
import { at, conversation, publishVariant, sentTo, settle, text } from './support';

describe('behaviours: instalments', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('offers from policy, the debtor picks "3", exact plan, link + reminder per instalment, first miss → follow-up, second → a person', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const p = jpMobile(5001);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'inst1', phone: p.local, amount: 10000, dueDate: '2026-11-21' }));
    await settle(h);
    await text(h, p.e164, '分割にしたい');
    await settle(h);
    // Policy: counts [2, 3, 6], minimum 2,000円 → 6 is not offered for 10,000円.
    const offer = sentTo(h, p.e164)[1]!;
    expect(offer).toContain('2回(各5,000円)');
    expect(offer).toContain('3回(3,333円×2・最終3,334円)');
    expect(offer).not.toContain('6回');
    await text(h, p.e164, '3');
    await settle(h);
    let c = await conversation(h, r.json.conversationId);
    expect(c.state).toBe('active.on_plan');
    // First payment within policy.firstInstallmentWithinDays (7), then every 30 days; exact sum, remainder last.
    expect(c.plan.installments).toEqual([
      { seq: 1, dueDate: '2026-11-27', amount: 3333, status: 'pending' },
      { seq: 2, dueDate: '2026-12-27', amount: 3333, status: 'pending' },
      { seq: 3, dueDate: '2027-01-26', amount: 3334, status: 'pending' },
    ]);
    expect(c.plan.installments.reduce((a: number, i: { amount: number }) => a + i.amount, 0)).toBe(10000);
    expect(sentTo(h, p.e164)[2]).toMatch(/3回払いを承りました。初回3,333円は11月27日までに.*https:\/\/saisoku\.test\/p\//);
    const armed = await h.services.db.select().from(timers).where(eq(timers.conversationId, r.json.conversationId));
    expect(armed.filter((t) => t.status === 'pending').map((t) => t.name).sort()).toEqual([
      'installment_check', 'installment_check', 'installment_check', 'installment_due', 'installment_due', 'installment_due',
    ]);

    // Instalment 1: reminder with link on the day, paid → no missed notice.
    await at(h, '2026-11-27T10:00:05+09:00');
    expect(sentTo(h, p.e164)[3]).toMatch(/分割1回目（3,333円）のお支払日は本日（11月27日）です。https:\/\/saisoku\.test\/p\//);
    await recordPayment(h.services, { debtExternalRef: 'INV-inst1', amount: 3333, currency: 'JPY', paidAt: '2026-11-27T12:00:00+09:00', reference: 'i1' }, { actor: 'test' });
    await settle(h);
    const afterPay = sentTo(h, p.e164).length;
    await at(h, '2026-11-29T12:00:05+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(afterPay);

    // Instalment 2: reminder, not paid → one follow-up.
    await at(h, '2026-12-27T10:00:05+09:00');
    expect(sentTo(h, p.e164).at(-1)).toMatch(/分割2回目（3,333円）のお支払日/);
    await at(h, '2026-12-29T12:00:05+09:00');
    expect(sentTo(h, p.e164).at(-1)).toMatch(/分割2回目（3,333円）の入金が確認できていません/);
    c = await conversation(h, r.json.conversationId);
    expect(c.state).toBe('active.on_plan');
    expect(c.plan.installments.map((i: { status: string }) => i.status)).toEqual(['paid', 'missed', 'pending']);

    // Instalment 3 missed as well: the second miss goes to a person.
    await at(h, '2027-01-26T10:00:05+09:00');
    await at(h, '2027-01-28T12:00:05+09:00');
    c = await conversation(h, r.json.conversationId);
    expect(c.status).toBe('escalated');
    expect(c.escalation.reason).toBe('missed_installments');
    expect(sentTo(h, p.e164).at(-1)).toContain('担当者が内容を確認');
    const rows = await h.services.db.select().from(installments).where(eq(installments.conversationId, r.json.conversationId));
    expect(rows.find((i) => i.seq === 3)!.status).toBe('missed');
  });

  it('"3回で" straight away makes the plan; a count the policy does not allow gets the offer', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const a = jpMobile(5002);
    const ra = await h.api('POST', '/api/debts', debtPayload({ ref: 'inst2', phone: a.local, amount: 12000 }));
    const b = jpMobile(5003);
    const rb = await h.api('POST', '/api/debts', debtPayload({ ref: 'inst3', phone: b.local, amount: 12000 }));
    await settle(h);
    await text(h, a.e164, '3回で');
    await text(h, b.e164, '10回払いでお願いします');
    await settle(h);
    const ca = await conversation(h, ra.json.conversationId);
    expect(ca.plan.installments.map((i: { amount: number }) => i.amount)).toEqual([4000, 4000, 4000]);
    const cb = await conversation(h, rb.json.conversationId);
    expect(cb.state).toBe('active.plan_offer');
    expect(sentTo(h, b.e164).at(-1)).toContain('分割のご提案です');
  });
  it('a first instalment due today, agreed after its 10:00 reminder time, gets the confirmation alone — not a reminder in the same moment', async () => {
    // firstInstallmentWithinDays: 0 — the plan's first payment is today. plan_confirmed already names it and its link;
    // the instalment_due reminder (10:00 that day) is past, so arming it would send a second message at once.
    h = await startHarness({ clock: new ManualClock('2026-11-20T14:00:00+09:00') });
    const flow = await publishVariant(h, 'standard-ja', 'plan-today', (s) => s.replace('firstInstallmentWithinDays: 7', 'firstInstallmentWithinDays: 0'));
    const p = jpMobile(5004);
    const r = await h.api('POST', '/api/debts', { ...debtPayload({ ref: 'inst4', phone: p.local, amount: 10000, dueDate: '2026-11-21' }), flow });
    await settle(h);
    const before = sentTo(h, p.e164).length;
    await text(h, p.e164, '2回で');
    await settle(h);
    const c = await conversation(h, r.json.conversationId);
    expect(c.state).toBe('active.on_plan');
    expect(c.plan.installments.map((i: { dueDate: string }) => i.dueDate)).toEqual(['2026-11-20', '2026-12-20']);
    const after = sentTo(h, p.e164).slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/2回払いを承りました/);
    // The first instalment's check still runs (two days later), and the second instalment keeps its reminder.
    const armed = await h.services.db.select().from(timers).where(eq(timers.conversationId, r.json.conversationId));
    expect(armed.filter((t) => t.status === 'pending').map((t) => `${t.name}:${(t.event as { seq?: number }).seq}`).sort()).toEqual([
      'installment_check:1', 'installment_check:2', 'installment_due:2',
    ]);
    // (Step by step: one jump over both timers would fire them in one batch, in no set order at the provider.)
    await at(h, '2026-11-22T12:00:05+09:00');
    expect(sentTo(h, p.e164).at(-1)).toMatch(/分割1回目（5,000円）の入金が確認できていません/);
    await at(h, '2026-12-20T10:00:05+09:00');
    expect(sentTo(h, p.e164).at(-1)).toMatch(/分割2回目（5,000円）のお支払日/);
  });
});
