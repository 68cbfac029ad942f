import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { compileFlow, startMachine, stepMachine } from '../../../src/conversation/compile';
import { validateFlow } from '../../../src/conversation/validate';

/**
 * stepMachine/startMachine reuse one inert actor scope per machine (decision 0120) instead of
 * xstate's transition()/initialTransition(), which build one per call: they must give the same
 * snapshots and actions. Re-run on every xstate upgrade (this test does).
 */
describe.each(['standard-ja', 'standard-en'])('%s: stepMachine matches xstate transition()', (name) => {
  it('gives the same snapshots and actions over random event sequences', () => {
    const v = validateFlow(readFileSync(`flows/${name}.yaml`, 'utf8'));
    if (!v.ok) throw new Error(`${name} must validate`);
    const m = compileFlow(v.flow);
    const types = new Set<string>();
    const walk = (o: unknown): void => {
      if (!o || typeof o !== 'object') return;
      for (const [k, x] of Object.entries(o)) {
        if (k === 'on' && x && typeof x === 'object') for (const t of Object.keys(x)) types.add(t);
        walk(x);
      }
    };
    walk(v.flow.machine);
    const events = [...types];
    expect(events.length).toBeGreaterThan(5);
    const refs = (as: ReadonlyArray<{ type: string; params?: unknown }>) => as.map((a) => ({ type: a.type, params: a.params }));
    const input = { locale: 'ja' as const, timezone: 'Asia/Tokyo', currency: 'JPY', amount: 12000, dueDate: '2026-12-31' };
    const [a0, aa0] = initialTransition(m, input);
    const [b0, ba0] = startMachine(m, input);
    expect(m.getPersistedSnapshot(b0)).toEqual(m.getPersistedSnapshot(a0));
    expect(ba0).toEqual(refs(aa0));
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let moved = 0;
    for (let run = 0; run < 60; run++) {
      let a = a0;
      let b = b0;
      for (let i = 0; i < 12; i++) {
        const type = events[Math.floor(rnd() * events.length)]!;
        const event = { type, now: new Date(Date.UTC(2026, 10, 20 + i * 3)).toISOString(), entities: rnd() < 0.5 ? { date: '2026-12-10', installments: 3 } : {}, ...(rnd() < 0.6 ? { messageId: 'm' } : {}), step: 1, seq: 1, balance: rnd() < 0.3 ? 0 : 6000 };
        const [an, aa] = transition(m, a, event);
        const [bn, ba] = stepMachine(m, b, event);
        expect(m.getPersistedSnapshot(bn)).toEqual(m.getPersistedSnapshot(an));
        expect(ba).toEqual(refs(aa));
        if (an.value !== a.value) moved++;
        a = an;
        b = bn;
      }
    }
    expect(moved).toBeGreaterThan(50);
  });
});
