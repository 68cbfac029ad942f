import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { installments, promises, timers } from '../../../db/schema';
import { applyEvent } from '../../../src/conversation/engine';
import { ManualClock } from '../../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../../support/harness';
import { at, conversation, sentTo, settle, text } from './support';

/** Issue #11: what becomes of promises and plans (docs/decisions/0111-promises-plans-lifecycle.md). */
describe('behaviours: promises and plans through opt-out, resume, handback', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function start(i: number, o: { amount?: number; dueDate?: string } = {}) {
    const p = jpMobile(9100 + i);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: `cm${i}`, phone: p.local, amount: o.amount ?? 10000, dueDate: o.dueDate ?? '2026-11-21' }));
    expect(r.status).toBe(201);
    await settle(h);
    return { phone: p.e164, id: r.json.conversationId as string };
  }

  it('STOP ends a plan (instalments cancelled, reason opted_out); START resumes the schedule, not a dead plan', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(1);
    await text(h, d.phone, '分割にしたい');
    await settle(h);
    await text(h, d.phone, '3');
    await settle(h);
    expect((await conversation(h, d.id)).state).toBe('active.on_plan');
    await text(h, d.phone, '停止');
    await settle(h);
    const rows = await h.services.db.select().from(installments).where(eq(installments.conversationId, d.id));
    expect(rows.map((r) => [r.status, r.closedReason])).toEqual([['cancelled', 'opted_out'], ['cancelled', 'opted_out'], ['cancelled', 'opted_out']]);
    let c = await conversation(h, d.id);
    expect(c.plan).toBeNull();
    expect(c.timers).toEqual([]);
    await text(h, d.phone, '配信再開');
    await settle(h);
    c = await conversation(h, d.id);
    expect(c.state).toBe('active.dunning');
    expect(c.plan).toBeNull();
    expect(c.timers.map((t: any) => t.name)).toEqual(['reminder']);
    // No instalment reminder ever comes for the cancelled plan.
    await at(h, '2026-11-27T10:00:05+09:00');
    expect(sentTo(h, d.phone).some((b) => b.includes('分割1回目'))).toBe(false);
  });

  it('STOP ends a promise (cancelled, reason opted_out), shown as such', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(2);
    await text(h, d.phone, '11月25日に払います');
    await settle(h);
    expect((await conversation(h, d.id)).state).toBe('active.promised');
    await text(h, d.phone, '停止');
    await settle(h);
    const c = await conversation(h, d.id);
    expect(c.promises).toEqual([{ dueDate: '2026-11-25', amount: 10000, status: 'cancelled', reason: 'opted_out' }]);
    await text(h, d.phone, '配信再開');
    await settle(h);
    expect((await conversation(h, d.id)).promises[0].status).toBe('cancelled');
    await at(h, '2026-11-25T10:00:05+09:00');
    expect(sentTo(h, d.phone).some((b) => b.includes('お約束'))).toBe(false);
  });

  it('a promise for today made after 10:00 gets its confirmation, no reminder right after it, and the check next day', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(3);
    await at(h, '2026-11-20T14:00:00+09:00');
    const before = sentTo(h, d.phone).length;
    await applyEvent(h.services, d.id, async () => ({ type: 'extend', now: h.clock.now().toISOString(), entities: { date: '2026-11-20' } }));
    await settle(h);
    const after = sentTo(h, d.phone).slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]).toContain('承りました');
    const c = await conversation(h, d.id);
    expect(c.timers).toEqual([{ name: 'promise_check', dueAt: '2026-11-21T03:00:00.000Z' }]);
  });

  it('a collector records a promise, hands back at promised: the bot knows the date and arms its timers', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(4);
    await text(h, d.phone, '担当者と話したい');
    await settle(h);
    expect((await conversation(h, d.id)).status).toBe('escalated');
    expect((await h.api('POST', `/api/conversations/${d.id}/claim`)).status).toBe(200);
    const draft = await h.api('POST', `/api/conversations/${d.id}/drafts`, { kind: 'promise', date: '2026-11-26' });
    expect(draft.status).toBe(200);
    let c = await conversation(h, d.id);
    expect(c.promises).toEqual([{ dueDate: '2026-11-26', amount: 10000, status: 'pending' }]);
    const hb = await h.api('POST', `/api/conversations/${d.id}/handback`, { resumeAt: 'promised' });
    expect(hb.status, JSON.stringify(hb.json)).toBe(200);
    await settle(h);
    c = await conversation(h, d.id);
    expect(c.state).toBe('active.promised');
    expect(c.timers.map((t: any) => [t.name, t.dueAt])).toEqual([
      ['promise_due', '2026-11-26T01:00:00.000Z'],
      ['promise_check', '2026-11-27T03:00:00.000Z'],
    ]);
    expect(c.promises.filter((p: any) => p.status === 'pending')).toEqual([{ dueDate: '2026-11-26', amount: 10000, status: 'pending' }]);
  });

  it('a handback to the schedule ends a promise (reason handed_back); a collector plan draft uses the plan arithmetic', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const d = await start(5);
    await text(h, d.phone, '11月25日に払います');
    await settle(h);
    await text(h, d.phone, '担当者と話したい');
    await settle(h);
    expect((await h.api('POST', `/api/conversations/${d.id}/claim`)).status).toBe(200);
    const plan = await h.api('POST', `/api/conversations/${d.id}/drafts`, { kind: 'plan' });
    expect(plan.json.body).toContain('3回(3,333円×2・最終3,334円)');
    expect(plan.json.body).not.toContain('3,334円) /');
    expect((await h.api('POST', `/api/conversations/${d.id}/handback`, {})).status).toBe(200);
    await settle(h);
    const rows = await h.services.db.select().from(promises).where(and(eq(promises.conversationId, d.id)));
    expect(rows.map((r) => [r.status, r.closedReason])).toEqual([['cancelled', 'handed_back']]);
    const pending = await h.services.db.select().from(timers).where(and(eq(timers.conversationId, d.id), eq(timers.status, 'pending')));
    expect(pending.map((t) => t.name)).toEqual(['reminder']);
  });
});
