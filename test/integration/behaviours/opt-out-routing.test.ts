import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { suppressions } from '../../../db/schema';
import { ManualClock } from '../../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../../support/harness';
import { at, conversation, sentTo, settle, text } from './support';

/** STOP and START reach the right conversation whatever state the debtor's debts are in. */
describe('opt-out routing', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('confirms a STOP from a debtor whose only conversation is already resolved', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T11:00:00+09:00') });
    const p = jpMobile(7001);
    const { json } = await h.api('POST', '/api/debts', debtPayload({ ref: 'res1', phone: p.local, dueDate: '2026-11-21' }));
    await settle(h);
    await text(h, p.e164, '担当者と話したいです');
    await settle(h);
    expect((await conversation(h, json.conversationId)).status).toBe('escalated');
    expect((await h.api('POST', `/api/conversations/${json.conversationId}/resolve`, { outcome: 'settled_offline' })).status).toBe(200);
    expect((await conversation(h, json.conversationId)).status).toBe('resolved');
    const before = sentTo(h, p.e164).length;
    await text(h, p.e164, 'STOP');
    await settle(h);
    const after = sentTo(h, p.e164).slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]).toContain('配信を停止しました');
  });

  it('routes START to the opted-out conversation even when another debt was touched more recently', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T11:00:00+09:00') });
    const p = jpMobile(7002);
    const a = await h.api('POST', '/api/debts', debtPayload({ ref: 'two-a', phone: p.local, dueDate: '2026-11-21' }));
    await settle(h);
    await text(h, p.e164, '停止');
    await settle(h);
    expect((await conversation(h, a.json.conversationId)).status).toBe('opted_out');
    // A second debt loaded later keeps its own conversation busy (its reminders are refused).
    const b = await h.api('POST', '/api/debts', debtPayload({ ref: 'two-b', phone: p.local, dueDate: '2026-11-30' }));
    await at(h, '2026-11-27T10:00:05+09:00');
    expect((await conversation(h, b.json.conversationId)).status).toBe('active');
    const before = sentTo(h, p.e164).length;
    await text(h, p.e164, '配信再開');
    await settle(h);
    expect((await conversation(h, a.json.conversationId)).status).toBe('active');
    const active = await h.services.db.select().from(suppressions).where(and(eq(suppressions.phone, p.e164), isNull(suppressions.liftedAt)));
    expect(active).toHaveLength(0);
    // The confirmation, then dunning resumes on the re-subscribed debt.
    expect(sentTo(h, p.e164).slice(before)[0]).toContain('配信を再開しました');
  });
});
