// Decision 0191: one `npm run bench` result carries every figure of issue #12's goal; goalRows reads them off it
// beside their baselines and judges each, and says "not run" / "below the goal's scale" rather than guess.
import { describe, expect, it } from 'vitest';
import { goalRows, goalTable } from '../../../bench/lib/goals';

const step = (rate: number, p99Ms: number, ackMs: number, extra: Record<string, unknown> = {}) => ({
  rate,
  app: { answered: rate * 5, sent: rate * 5, p50Ms: p99Ms / 2, p99Ms, achievedPerS: rate, webhookP99Ms: ackMs, ...extra },
  baseline: { answered: rate * 5, sent: rate * 5, p50Ms: 3, p99Ms: 6, achievedPerS: rate, webhookP99Ms: 7 },
});
const steady = (verdict: string) => ({ verdict, achievedPerS: 1001.2, steadyS: 27, steady: { p99Ms: 412.34 } });

/** A full run that meets every goal. */
function fullRun() {
  return {
    reply: { steps: [step(200, 57.3, 16.7), step(500, 142.4, 30)], growth: { rssMiB: { atFirst: 240, atGrown: 288 } } },
    sustained: [{ steps: [{ rate: 1000, app: { achievedPerS: 1000, steady: steady('sustained') }, baseline: { achievedPerS: 1000, steady: steady('sustained') } }] }],
    import: { rows: 100_000, app: { seconds: 20.5, rowsPerS: 4888 }, baseline: { seconds: 4.95 }, ratios: { 'import / (raw COPY + raw enqueue)': 4.13 } },
    timers: {
      conversations: 100_000,
      instant: { app: { fireLag: { p99Ms: 12021.6 }, pendingAtTimeout: 0, armed: 100_000 }, raw: { lag: { p99Ms: 7314 } }, ratios: { 'app/raw fire lag p99': 1.64 } },
      rss: { atFirst: { rssMiB: 236.4, conversations: 10_000, heapUsedMiB: 71.1 }, atAll: { rssMiB: 241.9, conversations: 100_000, heapUsedMiB: 71.2 } },
    },
  };
}

describe('goalRows', () => {
  it('a full run that meets the goal: seven rows, each met, each with its figure and baseline', () => {
    const rows = goalRows(fullRun());
    expect(rows.map((x) => x.verdict)).toEqual(['met', 'met', 'met', 'met', 'met', 'met', 'met']);
    expect(rows[0]!.figure).toBe('sustained at 1000/s: 1001.2/s answered in the steady part (27 s), p99 412.3 ms');
    expect(rows[2]!.figure).toMatch(/^p99 142\.4 ms/);
    expect(rows[3]!.figure).toBe('app ack p99 16.7 ms = **2.39×**');
    expect(rows[3]!.baseline).toBe("no-op pipeline's ack p99 7 ms");
    expect(rows[5]!.figure).toBe('app p99 12021.6 ms = **1.64×** (100,000 timers)');
    expect(rows[6]!.figure).toMatch(/^236\.4 → 241\.9 MiB from 10,000 to 100,000 \(×1\.02\); scenario 2's growth step 240 → 288 MiB$/);
    expect(goalTable(rows)[0]).toBe("## Issue #12's goal in this run: 7 of 7 met");
  });

  it('misses are "not met": a step over its bound, an unanswered reply, ack over 3×, a slow import, RSS grown', () => {
    const r = fullRun();
    r.reply.steps = [step(200, 100, 21.1), step(500, 120, 30, { answered: 2499 })];
    r.import.app.seconds = 61;
    r.timers.rss.atAll.rssMiB = 300;
    r.sustained[0]!.steps[0]!.app.steady = steady('not sustained');
    const v = goalRows(r).map((x) => x.verdict);
    expect(v).toEqual(['not met', 'not met', 'not met', 'not met', 'not met', 'met', 'not met']);
  });

  it('p99 at 500/s is judged on the sustained form\'s 30 s step where the run has one, the ramp\'s 5 s step beside it', () => {
    const r: Record<string, any> = fullRun();
    r.reply.steps = [step(200, 57.3, 16.7), step(500, 351.4, 30)];
    r.sustained = [{ steps: [{ ...step(500, 181.2, 25), app: { ...step(500, 181.2, 25).app, answered: 15_000, sent: 15_000 } }] }, ...r.sustained];
    const row = goalRows(r)[2]!;
    expect(row.verdict).toBe('met');
    expect(row.figure).toBe("sustained form, 30 s: p99 181.2 ms (p50 90.6 ms), 15000/15000 answered; the ramp's 5 s step: p99 351.4 ms");
    // Without the sustained form the ramp's step is judged.
    delete r.sustained;
    expect(goalRows(r)[2]!.verdict).toBe('not met');
    expect(goalRows(r)[0]!.verdict).toBe('not run');
  });

  it('a storm whose app had > 1 % of timers unfired when the wait ended is a lower bound: not met however small', () => {
    const r = fullRun();
    r.timers.instant.app.pendingAtTimeout = 1_001;
    const row = goalRows(r)[5]!;
    expect(row.verdict).toBe('not met');
    expect(row.figure).toContain('**≥ 1.64×**');
  });

  it('a quick run gives its figures but no verdict where it runs below the goal\'s scale', () => {
    const r = fullRun();
    r.import.rows = 10_000;
    r.timers.conversations = 10_000;
    r.timers.rss.atAll.conversations = 10_000;
    r.sustained[0]!.steps[0]!.rate = 700; // a --sustain=700 run
    const v = goalRows(r).map((x) => x.verdict);
    expect(v).toEqual(["below the goal's scale", 'met', 'met', 'met', "below the goal's scale", "below the goal's scale", "below the goal's scale"]);
  });

  it('parts a run did not have read "not run"; an old --sustain result (its run under `reply`) still gives its verdict', () => {
    expect(goalRows({}).every((x) => x.verdict === 'not run' && x.figure === '–')).toBe(true);
    const old = { sustain: { rates: [1000] }, reply: fullRun().sustained[0] };
    expect(goalRows(old).map((x) => x.verdict)).toEqual(['met', 'not run', 'not run', 'not run', 'not run', 'not run', 'not run']);
    expect(goalTable(goalRows(old))[0]).toBe("## Issue #12's goal in this run: 1 of 7 met");
  });
});
