/**
 * The throttle's one GCRA (src/outbox/throttle.ts `gcra`): what the departure check (state in
 * Postgres) and each process's pacing of its provider calls (state in memory) both use.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { burstOf, gcra } from '../../../src/outbox/throttle';

/** Departures of `n` messages all ready at `now`, each leaving at its `at` (a sender nobody used: tat 0). */
function plan(perSecond: number, earliest: number[], now: number): number[] {
  const g = gcra(perSecond);
  let tat = 0;
  return earliest.map((e) => {
    const at = g.at(tat, e, now);
    tat = g.after(tat, at);
    return at;
  });
}

describe('gcra', () => {
  it.each([
    // rate, messages ready together at t=1000: the first burstOf(rate) leave at once, then one per step
    { perSecond: 1, n: 3, want: [1000, 2000, 3000] },
    { perSecond: 100, n: 7, want: [1000, 1000, 1000, 1000, 1000, 1010, 1020] },
    { perSecond: 40, n: 4, want: [1000, 1000, 1025, 1050] },
  ])('$perSecond/s: $n messages ready at once leave at $want', ({ perSecond, n, want }) => {
    expect(burstOf(perSecond)).toBe(Math.max(1, Math.floor(perSecond * 0.05)));
    expect(plan(perSecond, Array.from({ length: n }, () => 1000), 1000)).toEqual(want);
  });

  it('never before the earliest moment nor before now', () => {
    const g = gcra(10);
    expect(g.at(0, 5000, 1000)).toBe(5000);
    expect(g.at(0, 0, 1000)).toBe(1000);
    // a sender whose tat is ahead: the message waits for it, less the burst tolerance (1 at 10/s: none)
    expect(g.at(3000, 0, 1000)).toBe(3000);
  });

  it('after: the next tat counts from when the message really left (a late departure moves it on)', () => {
    const g = gcra(10);
    expect(g.after(1000, 1000)).toBe(1100);
    expect(g.after(1000, 1500)).toBe(1600);
    expect(g.after(2000, 1500)).toBe(2100);
  });

  it('in any window of one second at most rate + burst messages leave, whenever they are ready', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 400 }), (perSecond, ready) => {
        const sorted = [...ready].sort((a, b) => a - b);
        const at = plan(perSecond, sorted, 0);
        at.forEach((x, i) => expect(x).toBeGreaterThanOrEqual(sorted[i]!));
        for (let i = 0; i < at.length; i++) {
          const inWindow = at.filter((x) => x >= at[i]! && x < at[i]! + 1000).length;
          expect(inWindow).toBeLessThanOrEqual(perSecond + burstOf(perSecond));
        }
      }),
      { numRuns: 200 },
    );
  });
});
