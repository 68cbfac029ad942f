import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { handbackTargets, targetNeedsPromise } from '../../../src/conversation/handback';
import { parseScript, simulateFlow } from '../../../src/conversation/simulate';
import { validateFlow } from '../../../src/conversation/validate';
import { shippedFlow, shippedSource } from '../../support/flows';

describe('handback targets come from the flow', () => {
  it.each(['standard-ja', 'standard-en'] as const)('%s: promised, plan_offer and the default dunning', (key) => {
    const flow = shippedFlow(key);
    expect(handbackTargets(flow)).toEqual({
      targets: ['promised', 'plan_offer', 'dunning'],
      default: 'dunning',
      stateOf: { promised: 'active.promised', plan_offer: 'active.plan_offer', dunning: 'active.dunning' },
    });
    expect(targetNeedsPromise(flow, 'promised')).toBe(true);
    expect(targetNeedsPromise(flow, 'dunning')).toBe(false);
  });

  it('a target the flow adds is offered, and the simulator hands back to it', () => {
    const d = parse(shippedSource('standard-en'));
    d.machine.states.escalated.on.handback.unshift({ guard: { type: 'handbackTo', params: { state: 'asking_date' } }, target: 'active.asking_date' });
    const v = validateFlow(stringify(d));
    expect(v.ok, JSON.stringify(!v.ok && v.issues)).toBe(true);
    if (!v.ok) return;
    const targets = handbackTargets(v.flow);
    expect(targets.targets).toEqual(['asking_date', 'promised', 'plan_offer', 'dunning']);
    expect(targets.default).toBe('dunning');
    const r = simulateFlow(v.flow, 'day 1: I want to talk to a person\nday 2: handback asking_date', { start: '2026-11-20T15:00:00Z', dueDate: '2026-11-21', amount: 120, currency: 'USD', timezone: 'America/New_York' });
    expect(r.states.find((s) => s.event === 'handback')).toMatchObject({ from: 'escalated', to: 'active.asking_date' });
  });

  it('the script parser refuses a target the flow does not have', () => {
    const targets = handbackTargets(shippedFlow('standard-ja')).targets;
    expect(parseScript('day 1: handback somewhere', { handbackTargets: targets })).toEqual({ ok: false, issues: [{ line: 1, message: 'this flow hands back to promised, plan_offer, dunning, not "somewhere"' }] });
    expect(parseScript('day 1: handback plan_offer', { handbackTargets: targets }).ok).toBe(true);
  });
});
