import { describe, expect, it } from 'vitest';
import { compileFlow, startMachine, stepMachine } from '../../../src/conversation/compile';
import { FlowContext, FlowInputData, initialContext } from '../../../src/conversation/context';
import { dryRunEvents } from '../../../src/conversation/validate';
import { shippedFlow } from '../../support/flows';

describe('FlowContext is one zod schema', () => {
  const input = FlowInputData.parse({ locale: 'ja', timezone: 'Asia/Tokyo', currency: 'JPY', amount: 12000, dueDate: '2026-11-30' });

  it('the initial context parses; a wrong expecting, locale or date does not', () => {
    const ctx = initialContext(input);
    expect(FlowContext.parse(ctx)).toEqual(ctx);
    expect(FlowContext.safeParse({ ...ctx, expecting: 'maybe' }).success).toBe(false);
    expect(FlowContext.safeParse({ ...ctx, locale: 'fr' }).success).toBe(false);
    expect(FlowContext.safeParse({ ...ctx, promiseDate: '25日' }).success).toBe(false);
  });

  it('every context the shipped flow reaches in two steps matches the schema (what the assigns write)', () => {
    const flow = shippedFlow('standard-ja');
    const machine = compileFlow(flow);
    const [s0] = startMachine(machine, input);
    const events = dryRunEvents(flow);
    let checked = 0;
    for (const e1 of events) {
      const [s1] = stepMachine(machine, s0, e1);
      for (const e2 of events) {
        const [s2] = stepMachine(machine, s1, e2);
        expect(FlowContext.safeParse(s2.context).error?.issues ?? [], `${e1.type} → ${e2.type}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
