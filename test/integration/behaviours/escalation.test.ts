import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { debtors, outbox, suppressions } from '../../../db/schema';
import { createClassifier } from '../../../src/classify';
import { ManualClock } from '../../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../../support/harness';
import { at, conversation, gateAudit, publishVariant, sentTo, settle, text } from './support';

describe('behaviours: escalation — one handoff line, then silence', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it.each([
    ['dispute', ['身に覚えがありません'], 'dispute'],
    ['hardship', ['失業して払えません'], 'hardship'],
    ['asking for a person', ['担当者と話したい'], 'asked_for_person'],
    ['unclear replies in a row (policy 2)', ['えっと', 'うーん'], 'unclear_replies'],
  ])('%s → escalated (%j)', async (_name, replies, reason) => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const p = jpMobile(6001);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'esc', phone: p.local }));
    await settle(h);
    for (const body of replies) {
      await text(h, p.e164, body);
      await settle(h);
    }
    const c = await conversation(h, r.json.conversationId);
    expect(c.status).toBe('escalated');
    expect(c.escalation.reason).toBe(reason);
    const handoffs = sentTo(h, p.e164).filter((b) => b.includes('担当者が内容を確認'));
    expect(handoffs).toHaveLength(1);
    const n = sentTo(h, p.e164).length;
    // Silence afterwards: replies, the schedule (timers cancelled) — nothing.
    await text(h, p.e164, '払いました');
    await text(h, p.e164, 'えっと');
    await settle(h);
    await at(h, '2026-12-05T10:00:05+09:00');
    expect(sentTo(h, p.e164)).toHaveLength(n);
    expect((await conversation(h, r.json.conversationId)).timers).toEqual([]);
  });

  it('wrong number: suppresses the number, flags the debtor, and sends the third party nothing (the gate refuses even the handoff)', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const p = jpMobile(6002);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'wrong', phone: p.local, amount: 54321 }));
    await settle(h);
    expect(sentTo(h, p.e164)).toHaveLength(1);
    await text(h, p.e164, '番号違いです');
    await settle(h);
    const c = await conversation(h, r.json.conversationId);
    expect(c.status).toBe('escalated');
    expect(c.escalation.reason).toBe('wrong_number');
    expect(c.debtor.flags).toMatchObject({ wrongNumber: true });
    const [s] = await h.services.db.select().from(suppressions).where(eq(suppressions.phone, p.e164));
    expect(s!.reason).toBe('wrong_number');
    // Nothing more reached the number: no amount, no handoff line.
    expect(sentTo(h, p.e164)).toHaveLength(1);
    const audit = await gateAudit(h, r.json.conversationId);
    expect(audit.filter((a) => a.type === 'send.refused')).toEqual([expect.objectContaining({ kind: 'handoff', reason: 'suppressed_wrong_number' })]);
    // HELP from that number gets nothing either (it is not the debtor).
    await text(h, p.e164, 'HELP');
    await settle(h);
    expect(sentTo(h, p.e164)).toHaveLength(1);
    const [d] = await h.services.db.select().from(debtors).where(eq(debtors.id, c.debtor.id));
    expect(d!.flags).toMatchObject({ wrongNumber: true });
  });

  it('LLM failure under a flow with onLlmFailure: human → escalated with reason llm_failed', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const failing = { classify: async () => { throw new Error('503 from the model'); } };
    (h.services as { classifiers: Record<string, unknown> }).classifiers.human = createClassifier({ llm: failing, onLlmFailure: 'human' });
    const flow = await publishVariant(h, 'standard-ja', 'llm-human', (s) => s.replace('onLlmFailure: rules', 'onLlmFailure: human'));
    const p = jpMobile(6003);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'llm', phone: p.local, flow }));
    await settle(h);
    await text(h, p.e164, 'うーん、どうしようかな');
    await settle(h);
    const c = await conversation(h, r.json.conversationId);
    expect(c.status).toBe('escalated');
    expect(c.escalation.reason).toBe('llm_failed');
    expect(sentTo(h, p.e164).filter((b) => b.includes('担当者が内容を確認'))).toHaveLength(1);
    const out = await h.services.db.select().from(outbox).where(and(eq(outbox.conversationId, r.json.conversationId), eq(outbox.kind, 'handoff')));
    expect(out).toHaveLength(1);
  });
});
