import { and, eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { debtors, messages } from '../../../db/schema';
import { createClassifier } from '../../../src/classify/classifier';
import type { Classification, Classifier, ClassifyRequest } from '../../../src/classify/port';
import { compileFlow, stateName } from '../../../src/conversation/compile';
import { validateFlow } from '../../../src/conversation/validate';
import { ManualClock } from '../../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../../support/harness';
import { at, conversation, sentTo, settle, text } from './support';

/**
 * The real classifier, except that replies starting with "~" are what the trained tier calls a
 * possible opt-out (optOutSuspected, below the threshold): the flow mechanics are tested apart
 * from any one model's probabilities (those are in test/unit/classify/tiers.test.ts).
 */
function withSuspicion(): Classifier {
  const real = createClassifier();
  return {
    async classify(input: ClassifyRequest): Promise<Classification> {
      if (!input.text.startsWith('~')) return real.classify(input);
      return { intent: 'other', confidence: 0.4, classifiedBy: 'rules', tier: 'model', entities: {}, explanation: 'test: might be an opt-out', optOutSuspected: true };
    },
  };
}

describe('behaviours: a possible opt-out never gets another reminder', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('policy ask: one clarifying question, reminders held until the debtor answers; STOP then opts out', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00'), classifier: withSuspicion() });
    const p = jpMobile(7301);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'band1', phone: p.local, dueDate: '2026-11-25' }));
    await settle(h);
    const first = sentTo(h, p.e164).length;
    await text(h, p.e164, '~もうええわ');
    await settle(h);
    expect(sentTo(h, p.e164)).toHaveLength(first + 1);
    expect(sentTo(h, p.e164).at(-1)).toContain('配信停止をご希望の場合は「停止」とご返信ください');
    // Due date, overdue steps: nothing is sent while the question is open.
    for (const d of ['2026-11-22T10:00:05+09:00', '2026-11-25T10:00:05+09:00', '2026-11-28T10:00:05+09:00', '2026-12-02T10:00:05+09:00', '2026-12-06T10:00:05+09:00']) await at(h, d);
    expect(sentTo(h, p.e164)).toHaveLength(first + 1);
    const [m] = await h.services.db.select().from(messages).where(and(eq(messages.direction, 'inbound'), eq(messages.phone, p.e164)));
    expect(m).toMatchObject({ optOutSuspected: true, tier: 'model' });
    await text(h, p.e164, '停止');
    await settle(h);
    expect(sentTo(h, p.e164).at(-1)).toContain('配信を停止しました');
    expect((await conversation(h, r.json.conversationId)).status).toBe('opted_out');
  });

  it('policy ask: an answer that is not STOP resumes the schedule', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00'), classifier: withSuspicion() });
    const p = jpMobile(7302);
    await h.api('POST', '/api/debts', debtPayload({ ref: 'band2', phone: p.local, dueDate: '2026-11-25' }));
    await settle(h);
    await text(h, p.e164, '~もういい');
    await settle(h);
    const asked = sentTo(h, p.e164).length;
    await text(h, p.e164, 'いえ、大丈夫です');
    await settle(h);
    await at(h, '2026-11-25T10:00:05+09:00');
    expect(sentTo(h, p.e164).length).toBeGreaterThan(asked);
    expect(sentTo(h, p.e164).at(-1)).toMatch(/11月25日/);
  });

});

describe('flow policy unsureOptOut (compiled standard flow, no I/O)', () => {
  it('policy human: the thread goes to a person (no reminder after it)', () => {
    const src = readFileSync(new URL('../../../flows/standard-en.yaml', import.meta.url), 'utf8').replace('unsureOptOut: ask', 'unsureOptOut: human');
    const v = validateFlow(src);
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const machine = compileFlow(v.flow);
    const [s0] = initialTransition(machine, { locale: 'en', timezone: 'America/New_York', currency: 'USD', amount: 100, dueDate: '2026-11-25' } as never);
    const [s1] = transition(machine, s0, { type: 'optout_unsure', now: '2026-11-20T15:00:00Z', entities: {} } as never);
    expect(stateName(s1.value)).toBe('escalated');
    const ask = validateFlow(readFileSync(new URL('../../../flows/standard-en.yaml', import.meta.url), 'utf8'));
    if (!ask.ok) throw new Error('standard-en does not validate');
    const m2 = compileFlow(ask.flow);
    const [a0] = initialTransition(m2, { locale: 'en', timezone: 'America/New_York', currency: 'USD', amount: 100, dueDate: '2026-11-25' } as never);
    expect(stateName(transition(m2, a0, { type: 'optout_unsure', now: '2026-11-20T15:00:00Z', entities: {} } as never)[0].value)).toBe('active.confirming_optout');
  });
});

describe('behaviours: a mixed message acts on both intents', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('a payment claim with a contact-time request: the window is stored and the claim drives the machine', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const p = jpMobile(7303);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'mixed1', phone: p.local, dueDate: '2026-11-25' }));
    await settle(h);
    await text(h, p.e164, '昨日払いました。連絡は平日19時以降のみでお願いします');
    await settle(h);
    const [m] = await h.services.db.select().from(messages).where(and(eq(messages.direction, 'inbound'), eq(messages.phone, p.e164)));
    expect(m).toMatchObject({ intent: 'paid', tier: 'rules' });
    expect(m!.secondaryIntents).toContain('contact_window:applied');
    expect(m!.processedAt).not.toBeNull();
    const [d] = await h.services.db.select().from(debtors).where(eq(debtors.phone, p.e164));
    expect(d!.contactWindows).toEqual([expect.objectContaining({ days: [1, 2, 3, 4, 5], from: '19:00' })]);
    const c = await conversation(h, r.json.conversationId);
    expect(c.state).toMatch(/paid_claimed/);
  });

  it('a contact-time request alone is still the contact_window event', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const p = jpMobile(7304);
    await h.api('POST', '/api/debts', debtPayload({ ref: 'mixed2', phone: p.local, dueDate: '2026-11-25' }));
    await settle(h);
    await text(h, p.e164, '平日19時以降のみ連絡ください');
    await settle(h);
    const [m] = await h.services.db.select().from(messages).where(and(eq(messages.direction, 'inbound'), eq(messages.phone, p.e164)));
    expect(m).toMatchObject({ intent: 'contact_window' });
    const [d] = await h.services.db.select().from(debtors).where(eq(debtors.phone, p.e164));
    expect(d!.contactWindows).toHaveLength(1);
  });
});
