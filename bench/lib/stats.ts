/** Small, dependency-free statistics for the bench: percentiles over raw samples, ratio summaries. */

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function sortNumbers(xs: Iterable<number>): Float64Array {
  return Float64Array.from(xs).sort();
}

export function median(xs: number[]): number {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median and min–max of a set of per-round values (ratios or absolute figures). */
export function summarise(xs: number[]): Summary {
  const s = xs.filter((x) => Number.isFinite(x));
  return { median: round(median(s)), min: round(s.length ? Math.min(...s) : NaN), max: round(s.length ? Math.max(...s) : NaN), n: s.length };
}

export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** "1.23 (1.10–1.40)" */
export function fmt(s: Summary | undefined, digits = 2): string {
  if (!s || !Number.isFinite(s.median)) return '—';
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

/** Alternating order: variants as given on even rounds, reversed on odd rounds. */
export function orderFor<T>(variants: readonly T[], roundIndex: number): T[] {
  return roundIndex % 2 === 0 ? [...variants] : [...variants].reverse();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface StepShape {
  /** Replies scheduled at or after `skipMs` into the step (by scheduled t0), their p50 / p99 ms. */
  after: { skipMs: number; n: number; p50Ms: number; p99Ms: number };
  /** p99 ms of the replies scheduled in each `binMs` of the step (by scheduled t0; NaN for an empty bin). */
  perBinP99: number[];
  binMs: number;
  /**
   * Replies scheduled in the step's last `lastMs` (by scheduled t0; given only when the step's length is known and
   * longer than `lastMs`): a long step's settled state once a start backlog has drained (k18, decision 0174).
   */
  last?: { fromMs: number; n: number; p50Ms: number; p99Ms: number };
}

/**
 * A step's shape over time, from each reply's [scheduled t0 ms, latency ms]: the step without its first
 * `skipMs` (the start-of-step transient, decision 0167), and the p99 of each `binMs` of the step, both by
 * scheduled t0 measured from `stepT0` (the step's first scheduled send). Pure: the order of `lat` is free.
 */
export function stepShape(lat: ReadonlyArray<readonly [number, number]>, stepT0: number, skipMs = 2000, binMs = 1000, tail?: { stepMs: number; lastMs: number }): StepShape {
  const after: number[] = [];
  const fromMs = tail && tail.stepMs > tail.lastMs ? tail.stepMs - tail.lastMs : undefined;
  const last: number[] = [];
  const bins: number[][] = [];
  for (const [t0, ms] of lat) {
    const at = t0 - stepT0;
    if (at >= skipMs) after.push(ms);
    if (fromMs !== undefined && at >= fromMs) last.push(ms);
    const b = Math.max(0, Math.floor(at / binMs));
    (bins[b] ??= []).push(ms);
  }
  const s = sortNumbers(after);
  const perBinP99 = Array.from(bins, (xs) => (xs?.length ? round(percentile(sortNumbers(xs), 99), 1) : NaN));
  const l = sortNumbers(last);
  return {
    after: { skipMs, n: s.length, p50Ms: round(percentile(s, 50), 1), p99Ms: round(percentile(s, 99), 1) },
    perBinP99,
    binMs,
    ...(fromMs !== undefined ? { last: { fromMs, n: l.length, p50Ms: round(percentile(l, 50), 1), p99Ms: round(percentile(l, 99), 1) } } : {}),
  };
}

/** "12 15 240 31" — a per-second series in one cell ("–" for an empty second). */
export function seriesCell(xs: ReadonlyArray<number>): string {
  return xs.map((x) => (Number.isFinite(x) ? String(Math.round(x)) : '–')).join(' ');
}
