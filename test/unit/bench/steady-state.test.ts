// Decision 0182: what "sustained at the offered rate" means for issue #12's ≥ 1,000 replies/s — a steady part
// (every second's p99 within 1 s to the step's end) of at least 10 s in a step of at least 30 s, every reply answered,
// ≥ 99 % of offered answered per second in it, and no growth of its median latency.
import { describe, expect, it } from 'vitest';
import { STEADY_RULE, steadyCell, steadyState } from '../../../bench/lib/stats';

/** `rate` replies a second for `seconds` from t=0, latency by the second of the scheduled send. */
function series(rate: number, seconds: number, latencyAt: (s: number, i: number) => number): Array<[number, number]> {
  const lat: Array<[number, number]> = [];
  for (let i = 0; i < rate * seconds; i++) {
    const t0 = (i * 1000) / rate;
    lat.push([t0, latencyAt(Math.floor(t0 / 1000), i)]);
  }
  return lat;
}

describe('steadyState', () => {
  it('sustained: a start backlog that drains by s10, then 20 s within the bound', () => {
    // s0–s9: the backlog, 5,000 ms falling 500 ms a second; then 100–190 ms.
    const lat = series(100, 30, (s, i) => (s < 10 ? 5000 - s * 500 : 100 + (i % 10) * 10));
    const v = steadyState(lat, 0, { rate: 100, stepMs: 30_000, sent: 3000, drained: true });
    expect(v.firstWithinS).toBe(8); // 1,000 ms at s8 is within
    expect(v.settledFromS).toBe(8);
    expect(v.steadyS).toBe(22);
    expect(v.steady).toEqual({ n: 2200, p50Ms: 150, p99Ms: 1000, perSecondP99MinMs: 190, perSecondP99MaxMs: 1000 });
    expect(v.verdict).toBe('sustained');
    expect(v.why).toEqual([]);
    expect(steadyCell(v)).toMatch(/^sustained: settled from s8 \(22 s steady; first within 1000 ms at s8\), steady per-second p99 190–1000 ms/);
  });

  it('a hump after the first drain moves the steady part to after it (k18 b30-1\'s shape)', () => {
    const p99s = [8486, 7325, 6346, 5370, 4183, 3418, 2418, 1671, 1324, 643, 336, 651, 917, 1463, 1947, 1983, 1233, 668, 189, 201, 168, 175, 219, 176, 138, 269, 212, 234, 209, 167];
    const lat = series(100, 30, (s) => p99s[s]!);
    const v = steadyState(lat, 0, { rate: 100, stepMs: 30_000, sent: 3000, drained: true });
    expect(v.firstWithinS).toBe(9);
    expect(v.settledFromS).toBe(17);
    expect(v.steadyS).toBe(13);
    expect(v.steady?.perSecondP99MinMs).toBe(138);
    expect(v.steady?.perSecondP99MaxMs).toBe(668);
    expect(v.verdict).toBe('sustained');
  });

  it('not sustained: settled too late, or never', () => {
    const late = steadyState(series(100, 30, (s) => (s < 25 ? 3000 : 200)), 0, { rate: 100, stepMs: 30_000, sent: 3000, drained: true });
    expect(late.settledFromS).toBe(25);
    expect(late.verdict).toBe('not sustained');
    expect(late.why).toEqual(['settled at s25: steady part 5 s < 10 s']);
    const never = steadyState(series(100, 30, (s) => 2000 + s * 10), 0, { rate: 100, stepMs: 30_000, sent: 3000, drained: true });
    expect(never.settledFromS).toBeNull();
    expect(never.firstWithinS).toBeNull();
    expect(never.steady).toBeNull();
    expect(never.why).toEqual(['never settled: the last second\'s p99 2290 ms > 1000 ms']);
    expect(steadyCell(never)).toBe('not sustained (never settled: the last second\'s p99 2290 ms > 1000 ms): not settled');
  });

  it('not sustained: a reply unanswered, a growing median, or too few answers in the steady part', () => {
    const lat = series(100, 30, () => 50);
    expect(steadyState(lat.slice(1), 0, { rate: 100, stepMs: 30_000, sent: 3000, drained: false }).why).toEqual(['2999 of 3000 answered']);
    // Within the bound all along but the median climbs from ~150 to ~750 ms: a backlog building.
    const growing = steadyState(series(100, 30, (s) => 100 + s * 25), 0, { rate: 100, stepMs: 30_000, sent: 3000, drained: true });
    expect(growing.settledFromS).toBe(0);
    expect(growing.growth).toBeGreaterThanOrEqual(STEADY_RULE.maxGrowth);
    expect(growing.verdict).toBe('not sustained');
    // The answers of the steady part's window: the last 5 s's replies take 900 ms, so the window's last 0.9 s has none.
    const slowEnd = steadyState(series(100, 30, (s) => (s >= 25 ? 900 : 50)), 0, { rate: 100, stepMs: 30_000, sent: 3000, drained: true });
    expect(slowEnd.achievedShare).toBeLessThan(0.99);
    expect(slowEnd.why.some((w) => w.startsWith('steady part answered'))).toBe(true);
  });

  it('gives the figures and no verdict for a step under 30 s; an empty second is not within the bound', () => {
    const v = steadyState(series(100, 10, () => 50), 0, { rate: 100, stepMs: 10_000, sent: 1000, drained: true });
    expect(v.verdict).toBe('too short');
    expect(v.settledFromS).toBe(0);
    expect(v.why[0]).toBe('step 10 s < 30 s');
    const gap = series(100, 30, () => 50).filter(([t0]) => t0 < 29_000);
    const g = steadyState(gap, 0, { rate: 100, stepMs: 30_000, sent: 3000, drained: false });
    expect(g.settledFromS).toBeNull();
    expect(g.why).toContain('never settled: the last second\'s p99 none ms > 1000 ms');
  });
});
