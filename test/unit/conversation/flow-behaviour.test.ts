import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { compileFlow, stateName } from '../../../src/conversation/compile';
import { validateFlow } from '../../../src/conversation/validate';
import type { FlowDefinition } from '../../../src/flow/schema';

const source = (key: string) => readFileSync(new URL(`../../../flows/${key}.yaml`, import.meta.url), 'utf8');
const load = (key: string) => {
  const r = validateFlow(source(key));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.flow;
};
const NOW = '2026-11-20T01:00:00.000Z';

function run(flow: FlowDefinition, events: Array<Record<string, unknown>>) {
  const m = compileFlow(flow);
  let [s, a] = initialTransition(m, { locale: flow.locale, timezone: 'Asia/Tokyo', currency: 'JPY', amount: 10000, dueDate: '2026-11-30' } as never);
  const out: Array<{ state: string; actions: string[] }> = [];
  for (const e of events) {
    [s, a] = transition(m, s, { now: NOW, ...e } as never);
    out.push({ state: stateName(s.value), actions: a.map((x) => (x.params && 'template' in (x.params as object) ? `send:${(x.params as unknown as { template: string }).template}` : x.type)) });
  }
  return { out, context: s.context as Record<string, unknown> };
}

describe.each(['standard-ja', 'standard-en'])('%s statechart', (key) => {
  const flow = load(key);

  it('paid claim: pauses for policy.paidConfirmationDays (daysFrom), asks once more, then a person', () => {
    const entry = flow.machine.states.active!.states!.paid_claimed!.entry!;
    expect(entry).toContainEqual({ type: 'startTimer', params: { name: 'paid_check', daysFrom: 'paidConfirmationDays', at: '10:00' } });
    const { out } = run(flow, [{ type: 'paid' }, { type: 'timeout.paid_check' }, { type: 'timeout.paid_check' }]);
    expect(out.map((o) => o.state)).toEqual(['active.paid_claimed', 'active.paid_claimed', 'escalated']);
    expect(out[0]!.actions).toContain('send:paid_thanks');
    expect(out[1]!.actions).toContain('send:paid_ask_again');
    expect(out[2]!.actions).toEqual(expect.arrayContaining(['escalate', 'send:handoff']));
  });

  it('STOP twice: one confirmation; START re-subscribes', () => {
    const { out } = run(flow, [{ type: 'stop' }, { type: 'stop' }, { type: 'paid' }, { type: 'start' }]);
    expect(out[0]).toEqual({ state: 'opted_out', actions: ['optOut', 'closeCommitments', 'send:optout_confirmation'] });
    expect(out[1]).toEqual({ state: 'opted_out', actions: [] });
    expect(out[2]).toEqual({ state: 'opted_out', actions: [] });
    expect(out[3]!.state).toBe('active.dunning');
    expect(out[3]!.actions).toEqual(['optIn', 'send:resubscribed', 'scheduleReminder']);
  });

  it('escalated: says the handoff once, then stays silent (except HELP)', () => {
    const { out } = run(flow, [{ type: 'dispute' }, { type: 'paid' }, { type: 'other' }, { type: 'extend', entities: { date: '2026-11-25' } }, { type: 'payment_received', balance: 5000 }]);
    expect(out[0]!.actions).toEqual(['escalate', 'cancelAllTimers', 'send:handoff']);
    for (const o of out.slice(1)) expect(o.actions.filter((a) => a.startsWith('send'))).toEqual([]);
  });

  it('unclear replies in a row hand off at policy.unknownRepliesBeforeHandoff; a real answer resets the count', () => {
    const n = flow.policy.unknownRepliesBeforeHandoff;
    const { out } = run(flow, [{ type: 'other' }, { type: 'pay' }, ...Array.from({ length: n }, () => ({ type: 'other' }))]);
    expect(out[out.length - 2]!.state).toBe('active.dunning');
    expect(out[out.length - 1]!.state).toBe('escalated');
  });

  it('instalments: plan from policy, first miss → follow-up, second miss → a person', () => {
    const { out, context } = run(flow, [
      { type: 'installment' },
      { type: 'installment', entities: { installments: 3 } },
      { type: 'timeout.installment_check', seq: 1 },
      { type: 'timeout.installment_check', seq: 2 },
    ]);
    expect(out.map((o) => o.state)).toEqual(['active.plan_offer', 'active.on_plan', 'active.on_plan', 'escalated']);
    expect(out[1]!.actions).toContain('send:plan_confirmed');
    expect(out[2]!.actions).toContain('send:installment_missed');
    expect(out[3]!.actions).toContain('escalate');
    expect(context.missedInstallments).toBe(2);
  });

  it('instalments: a paid instalment gets no reminder and no missed notice', () => {
    const { out } = run(flow, [
      { type: 'installment', entities: { installments: 2 } },
      { type: 'payment_received', balance: 5000 },
      { type: 'timeout.installment_due', seq: 1 },
      { type: 'timeout.installment_check', seq: 1 },
      { type: 'timeout.installment_due', seq: 2 },
    ]);
    expect(out[2]!.actions).toEqual([]);
    expect(out[3]!.actions).toEqual([]);
    expect(out[4]!.actions).toContain('send:installment_reminder');
  });
});

describe('startTimer params are validated', () => {
  const withEntry = (params: Record<string, unknown>) =>
    source('standard-ja').replace(
      '{ type: startTimer, params: { name: paid_check, daysFrom: paidConfirmationDays, at: "10:00" } }',
      `{ type: startTimer, params: ${JSON.stringify(params)} }`,
    );
  it.each([
    [{ name: 'paid_check', daysFrom: 'paidConfirmationDays' }, true],
    [{ name: 'paid_check', daysFrom: 'maxPromiseDays', at: '10:00' }, true],
    [{ name: 'paid_check', daysFrom: 'dailyCap' }, false],
    [{ name: 'paid_check', daysFrom: 'nope' }, false],
    [{ name: 'paid_check', days: 5, daysFrom: 'paidConfirmationDays' }, false],
  ])('%j → ok %s', (params, ok) => {
    const src = withEntry(params);
    expect(src).not.toBe(source('standard-ja'));
    expect(validateFlow(src).ok).toBe(ok);
  });
});
