// The reply step's shape over time (decision 0167): the step without its first 2 s and the p99 of each second,
// both by scheduled t0, so the start-of-step transient shows in every run.
import { describe, expect, it } from 'vitest';
import { seriesCell, stepShape } from '../../../bench/lib/stats';

describe('stepShape', () => {
  // 100 replies a second for 4 s from t=10,000: the first second's replies take 500 ms, the rest 10 + (i % 10) ms.
  const t0 = 10_000;
  const lat: Array<[number, number]> = [];
  for (let i = 0; i < 400; i++) lat.push([t0 + i * 10, i < 100 ? 500 : 10 + (i % 10)]);

  it('leaves the first skipMs out of the "after" figures, by scheduled t0', () => {
    const s = stepShape(lat, t0, 2000);
    expect(s.after.n).toBe(200);
    expect(s.after.p99Ms).toBe(19);
    expect(s.after.p50Ms).toBe(14);
    // With no skip the slow first second sets the p99.
    expect(stepShape(lat, t0, 0).after.p99Ms).toBe(500);
  });

  it('gives one p99 per second of the step, whatever the order of the samples', () => {
    const s = stepShape([...lat].reverse(), t0);
    expect(s.perBinP99).toEqual([500, 19, 19, 19]);
    expect(s.binMs).toBe(1000);
  });

  it('marks an empty second and keeps early samples in the first bin', () => {
    const s = stepShape([[t0 - 3, 7], [t0 + 2500, 40]], t0);
    expect(s.perBinP99.length).toBe(3);
    expect(s.perBinP99[0]).toBe(7);
    expect(Number.isNaN(s.perBinP99[1]!)).toBe(true);
    expect(s.perBinP99[2]).toBe(40);
    expect(seriesCell(s.perBinP99)).toBe('7 – 40');
  });
});

describe('stepShape: the last 10 s of a long step (k18)', () => {
  // 30 s at 10 replies a second from t=0: the first 20 s take 1,000 ms, the last 10 s 20 + (i % 10) ms.
  const lat: Array<[number, number]> = [];
  for (let i = 0; i < 300; i++) lat.push([i * 100, i < 200 ? 1000 : 20 + (i % 10)]);

  it('gives the p50/p99 of the replies scheduled in the last lastMs', () => {
    const s = stepShape(lat, 0, 2000, 1000, { stepMs: 30_000, lastMs: 10_000 });
    expect(s.last).toEqual({ fromMs: 20_000, n: 100, p50Ms: 24, p99Ms: 29 });
    expect(s.after.p99Ms).toBe(1000);
  });

  it('leaves it out when the step is not longer than lastMs, or its length is not given', () => {
    expect(stepShape(lat, 0, 2000, 1000, { stepMs: 10_000, lastMs: 10_000 }).last).toBeUndefined();
    expect(stepShape(lat, 0).last).toBeUndefined();
  });
});
