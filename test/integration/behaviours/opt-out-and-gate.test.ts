import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { debtors, messages, outbox, suppressions, timers } from '../../../db/schema';
import { ManualClock } from '../../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../../support/harness';
import { at, conversation, gateAudit, sentTo, settle, text } from './support';

describe('behaviours: opt-out, HELP, START', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('STOP at 23:59 JST while a reminder sits held for 08:00 → one confirmation at once, the reminder refused at 08:00', async () => {
    expect(new Date('2026-11-20T00:00:00Z').getTimezoneOffset()).toBe(0); // the server runs in UTC
    h = await startHarness({ clock: new ManualClock('2026-11-20T21:30:00+09:00') });
    const p = jpMobile(7001);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'stop1', phone: p.local, dueDate: '2026-11-21' }));
    await settle(h);
    const [held] = await h.services.db.select().from(outbox).where(eq(outbox.conversationId, r.json.conversationId));
    expect(held).toMatchObject({ status: 'held', reason: 'quiet_hours', notBefore: new Date('2026-11-21T08:00:00+09:00') });
    await at(h, '2026-11-20T23:59:00+09:00');
    await text(h, p.e164, 'ＳＴＯＰ');
    await settle(h);
    expect(sentTo(h, p.e164)).toHaveLength(1);
    expect(sentTo(h, p.e164)[0]).toContain('配信を停止しました');
    expect(sentTo(h, p.e164)[0]).not.toMatch(/円/);
    // The suppression was written with the inbound row.
    const [inbound] = await h.services.db.select().from(messages).where(and(eq(messages.direction, 'inbound'), eq(messages.phone, p.e164)));
    const [s] = await h.services.db.select().from(suppressions).where(and(eq(suppressions.phone, p.e164), isNull(suppressions.liftedAt)));
    expect(s).toMatchObject({ reason: 'stop', sourceMessageId: inbound!.id });
    expect(await h.services.db.select().from(timers).where(and(eq(timers.conversationId, r.json.conversationId), eq(timers.status, 'pending')))).toEqual([]);
    // STOP again, and 停止: still one confirmation.
    await text(h, p.e164, 'STOP');
    await text(h, p.e164, '停止');
    await settle(h);
    await at(h, '2026-11-21T08:00:05+09:00');
    await at(h, '2026-12-10T10:00:05+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(1);
    const audit = await gateAudit(h, r.json.conversationId);
    expect(audit.map((a) => [a.type, a.kind, a.reason])).toEqual([
      ['send.held', 'reminder', 'quiet_hours'],
      ['send.allowed', 'optout_confirmation', 'optout_confirmation'],
      ['send.sent', 'optout_confirmation', undefined],
      ['send.refused', 'reminder', 'opted_out'],
    ]);
    expect((await conversation(h, r.json.conversationId)).status).toBe('opted_out');
  });

  it('HELP answers with brand, purpose, contact and how to stop (no amount); START re-subscribes and dunning resumes', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const p = jpMobile(7002);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'help', phone: p.local, dueDate: '2026-11-25', amount: 12345 }));
    await settle(h);
    await text(h, p.e164, 'HELP');
    await settle(h);
    const help = sentTo(h, p.e164).at(-1)!;
    expect(help).toMatch(/^【サンプル債権】/);
    expect(help).toContain('お支払いに関するご案内');
    expect(help).toContain('0120-000-000');
    expect(help).toContain('配信停止は「停止」と返信');
    expect(help).not.toContain('12,345');
    await text(h, p.e164, '停止');
    await settle(h);
    await text(h, p.e164, 'ヘルプ'); // HELP works even after STOP
    await settle(h);
    expect(sentTo(h, p.e164).at(-1)).toContain('0120-000-000');
    await text(h, p.e164, '配信再開');
    await settle(h);
    expect(sentTo(h, p.e164).at(-1)).toContain('配信を再開しました');
    expect(await h.services.db.select().from(suppressions).where(and(eq(suppressions.phone, p.e164), isNull(suppressions.liftedAt)))).toEqual([]);
    const c = await conversation(h, r.json.conversationId);
    expect(c.status).toBe('active');
    const before = sentTo(h, p.e164).length;
    await at(h, '2026-11-22T10:00:05+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(before + 1);
    expect(sentTo(h, p.e164).at(-1)).toMatch(/11月25日/);
  });
});

describe('behaviours: the send gate at send time', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('a send reaching the gate at 21:00:10 JST is held until 08:00 JST with the server in UTC, then sent', async () => {
    expect(new Date().getTimezoneOffset()).toBe(0);
    h = await startHarness({ clock: new ManualClock('2026-11-20T21:00:10+09:00') });
    const p = jpMobile(8001);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'q', phone: p.local, dueDate: '2026-11-21' }));
    await settle(h);
    expect(sentTo(h, p.e164)).toHaveLength(0);
    const audit = await gateAudit(h, r.json.conversationId);
    expect(audit).toEqual([expect.objectContaining({ type: 'send.held', reason: 'quiet_hours', until: '2026-11-20T23:00:00.000Z' })]);
    await at(h, '2026-11-21T07:59:59+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(0);
    await at(h, '2026-11-21T08:00:00+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(1);
  });

  it('daily cap per debtor counts across debts: the third reminder of the day waits for tomorrow', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const p = jpMobile(8002);
    for (const i of [1, 2, 3]) {
      const pl = debtPayload({ ref: `cap${i}`, phone: p.local, dueDate: '2026-11-21' });
      pl.debtor.externalRef = 'C-cap'; // one debtor, three debts
      expect((await h.api('POST', '/api/debts', pl)).status).toBe(201);
    }
    await settle(h);
    expect(sentTo(h, p.e164)).toHaveLength(2);
    const held = await h.services.db.select().from(outbox).where(eq(outbox.status, 'held'));
    expect(held).toEqual([expect.objectContaining({ reason: 'daily_cap', notBefore: new Date('2026-11-21T08:00:00+09:00') })]);
    await at(h, '2026-11-21T08:00:05+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(3);
  });

  it('"平日19時以降のみ": stored on the debtor in the transition, confirmed back inside the window, later sends wait for it', async () => {
    // Friday 12:00 JST.
    h = await startHarness({ clock: new ManualClock('2026-11-20T12:00:00+09:00') });
    const p = jpMobile(8003);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'win', phone: p.local, dueDate: '2026-11-25' }));
    await settle(h);
    await text(h, p.e164, '平日19時以降のみでお願いします');
    await settle(h);
    const [d] = await h.services.db.select().from(debtors).where(eq(debtors.phone, p.e164));
    expect(d!.contactWindows).toEqual([{ days: [1, 2, 3, 4, 5], from: '19:00', to: '24:00', note: '平日19時以降のみでお願いします' }]);
    const c = await conversation(h, r.json.conversationId);
    expect(c.messages.at(-2)).toMatchObject({ direction: 'inbound', intent: 'contact_window' });
    expect(sentTo(h, p.e164)).toHaveLength(0); // the confirmation itself respects the new window
    await at(h, '2026-11-20T19:00:05+09:00');
    expect(sentTo(h, p.e164)).toEqual(['【サンプル債権】承知しました。今後のご連絡は平日19時以降にいたします。配信停止は「停止」と返信']);
    // Sunday 11-22 10:00 pre-due reminder → Monday 19:00.
    await at(h, '2026-11-22T10:00:05+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(1);
    const audit = await gateAudit(h, r.json.conversationId);
    expect(audit.at(-1)).toMatchObject({ type: 'send.held', reason: 'debtor_requested_hours', until: '2026-11-23T10:00:00.000Z' });
    await at(h, '2026-11-23T19:00:05+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(2);
  });

  it('US: 08:30 in New York is 05:30 for a 415 (Los Angeles) number → held until 08:00 Pacific', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T08:30:00-05:00') });
    const pl = debtPayload({ ref: 'us', locale: 'en', phone: '(415) 555-0142', dueDate: '2026-11-21', amount: 120 });
    const r = await h.api('POST', '/api/debts', pl);
    expect(r.status).toBe(201);
    await settle(h);
    expect(sentTo(h, '+14155550142')).toHaveLength(0);
    const audit = await gateAudit(h, r.json.conversationId);
    expect(audit).toEqual([expect.objectContaining({ type: 'send.held', reason: 'quiet_hours', until: '2026-11-20T16:00:00.000Z' })]);
    await at(h, '2026-11-20T08:00:05-08:00');
    expect(sentTo(h, '+14155550142')[0]).toMatch(/^Sample Credit: .*Reply STOP to opt out\.$/);
  });
});
