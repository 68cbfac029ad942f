import { describe, expect, it } from 'vitest';
import { shippedFlow } from '../../support/flows';
import { simulateFlow } from '../../../src/conversation/simulate';

// The flow simulator reads replies as the engine does: the local tiers (keywords → rules → model),
// a possible opt-out becomes `optout_unsure` (policy.unsureOptOut), and a contact-time request
// beside another intent is applied first, then the primary intent drives the machine.
const ja = shippedFlow('standard-ja');
const opts = { start: '2026-11-20T01:00:00Z', dueDate: '2026-11-21', amount: 12000, currency: 'JPY', timezone: 'Asia/Tokyo' };
// Sarcasm the model reads as a likely opt-out but that is not a decided one (in the band).
const MAYBE_STOP = 'ほんま助かるわ〜、毎日メッセージありがとう（怒）';
const REMINDERS = /^reminder|^promise_reminder|^installment_reminder/;

const outboundAfter = (r: ReturnType<typeof simulateFlow>, line: number) => {
  const i = r.transcript.findIndex((e) => e.scriptLine === line);
  return r.transcript.slice(i + 1).filter((e) => e.direction === 'outbound');
};

describe('simulator: the "might be an opt-out" band', () => {
  it('ask (default): one clarifying question, then no reminder for as long as the debtor does not answer', () => {
    const r = simulateFlow(ja, `day 0: reminder\nday 1: ${MAYBE_STOP}\nday 20: wait`, opts);
    const reply = r.transcript.find((e) => e.direction === 'inbound')!;
    expect(reply).toMatchObject({ intent: 'other', optOutSuspected: true, tier: expect.stringMatching(/^(rules|model)$/) });
    const after = outboundAfter(r, 2).map((e) => e.template);
    expect(after).toEqual(['optout_question']);
    expect(after.some((t) => REMINDERS.test(t ?? ''))).toBe(false);
    expect(r.finalState).toMatch(/confirming_optout/);
    expect(r.timers.filter((t) => t.name === 'reminder')).toEqual([]);
  });

  it('the answer decides: STOP opts out; a promise takes its usual path', () => {
    const stop = simulateFlow(ja, `day 0: reminder\nday 1: ${MAYBE_STOP}\nday 2: 停止`, opts);
    expect(stop.status).toBe('opted_out');
    const promise = simulateFlow(ja, `day 0: reminder\nday 1: ${MAYBE_STOP}\nday 2: 25日に払います`, opts);
    expect(promise.promises).toEqual([expect.objectContaining({ dueDate: '2026-11-25' })]);
    expect(promise.status).toBe('active');
  });

  it('human policy: the thread goes to a person and nothing more is sent by the bot', () => {
    const flow = { ...ja, policy: { ...ja.policy, unsureOptOut: 'human' as const } };
    const r = simulateFlow(flow, `day 0: reminder\nday 1: ${MAYBE_STOP}\nday 20: wait`, opts);
    expect(r.status).toBe('escalated');
    expect(r.escalationReason).toBe('possible_opt_out');
    expect(outboundAfter(r, 2).map((e) => e.template)).toEqual(['handoff']);
  });
});

describe('simulator: mixed messages', () => {
  it('a payment claim with a contact-time request: the window is confirmed and the claim drives the machine', () => {
    const r = simulateFlow(ja, 'day 0: reminder\nday 1: 昨日払いました。連絡は平日19時以降のみでお願いします', opts);
    const reply = r.transcript.find((e) => e.direction === 'inbound')!;
    expect(reply).toMatchObject({ intent: 'paid', secondary: expect.arrayContaining(['contact_window']) });
    const events = r.states.filter((s) => s.at === r.states.at(-1)!.at).map((s) => s.event);
    expect(events).toEqual(['contact_window', 'paid']);
    const confirm = r.transcript.find((e) => e.template === 'contact_window_confirmed')!;
    expect(confirm.body).toMatch(/19/);
  });

  it('a contact-time request alone is only the window', () => {
    const r = simulateFlow(ja, 'day 0: reminder\nday 1: 連絡は平日19時以降のみでお願いします', opts);
    const reply = r.transcript.find((e) => e.direction === 'inbound')!;
    expect(reply.intent).toBe('contact_window');
    expect(r.status).toBe('active');
  });
});
