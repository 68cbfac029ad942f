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

/** The first index in 0..n at which `after(i)` holds, for an `after` false then true along the index (binary search); n when never. */
export function firstIndex(n: number, after: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
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

/** What "sustained at the offered rate" means for issue #12's ≥ 1,000 replies/s (decision 0182). */
export const STEADY_RULE = {
  /** A verdict needs a counted step at least this long: a start backlog and a steady part both fit. */
  minStepMs: 30_000,
  /** The steady part: from the first second after which every second's p99 stays within this bound. */
  boundMs: 1_000,
  /** … and it must last at least this long (to the step's end). */
  minSteadyMs: 10_000,
  /** Answers at the fake per second over the steady part, at least this share of the offered rate. */
  minAchievedShare: 0.99,
  /** No backlog growth in the steady part: median latency of its second half ÷ its first half (floored) below this. */
  maxGrowth: 2,
  growthFloorMs: 100,
} as const;

export interface SteadyState {
  rule: typeof STEADY_RULE;
  /** The counted step's length (ms, scheduled), and whether it is long enough for a verdict. */
  stepMs: number;
  /** The first second whose p99 is within the bound (the start backlog first gone); null if none. */
  firstWithinS: number | null;
  /** The first second from which every second to the step's end has its p99 within the bound; null if the last one does not. */
  settledFromS: number | null;
  /** Seconds from settledFromS to the step's end (0 when not settled). */
  steadyS: number;
  /** Over the replies scheduled in the steady part: their p50 / p99, and the range of the per-second p99. */
  steady: { n: number; p50Ms: number; p99Ms: number; perSecondP99MinMs: number; perSecondP99MaxMs: number } | null;
  /** Answers (counted replies, by their time at the fake) per second inside the steady part's window, and ÷ offered. */
  achievedPerS: number | null;
  achievedShare: number | null;
  /** Median latency of the steady part's second half ÷ its first half (each floored at growthFloorMs). */
  growth: number | null;
  /** The verdict: 'sustained', 'not sustained', or 'too short' (a step under minStepMs gets no verdict). */
  verdict: 'sustained' | 'not sustained' | 'too short';
  /** Every rule the step failed (empty when sustained). */
  why: string[];
}

/**
 * Whether a counted step sustained its offered rate in the sense of decision 0182, from each answered reply's
 * [scheduled t0 ms, latency ms]: every reply answered; a steady part — from the first second after which every
 * second's p99 (by scheduled t0) stays within `boundMs` to the step's end — of at least `minSteadyMs`; answers at the
 * fake over that part ≥ `minAchievedShare` of the offered rate; no growth of the median latency across it. A step
 * shorter than `minStepMs` gets the figures and no verdict. Pure: the order of `lat` is free.
 */
export function steadyState(
  lat: ReadonlyArray<readonly [number, number]>,
  stepT0: number,
  step: { rate: number; stepMs: number; sent: number; drained: boolean },
  rule: typeof STEADY_RULE = STEADY_RULE,
): SteadyState {
  const nBins = Math.max(1, Math.ceil(step.stepMs / 1000));
  const bins: number[][] = Array.from({ length: nBins }, () => []);
  for (const [t0, ms] of lat) {
    const b = Math.min(nBins - 1, Math.max(0, Math.floor((t0 - stepT0) / 1000)));
    bins[b]!.push(ms);
  }
  // A second with no answered reply is not within the bound (its replies are lost or still out).
  const p99 = bins.map((xs) => (xs.length ? percentile(sortNumbers(xs), 99) : Infinity));
  const within = p99.map((x) => x <= rule.boundMs);
  const first = within.indexOf(true);
  let settled: number | null = null;
  for (let s = nBins - 1; s >= 0 && within[s]; s--) settled = s;
  const why: string[] = [];
  const answeredAll = step.drained && lat.length >= step.sent;
  if (!answeredAll) why.push(`${lat.length} of ${step.sent} answered`);
  let steady: SteadyState['steady'] = null;
  let achievedPerS: number | null = null;
  let share: number | null = null;
  let growth: number | null = null;
  const steadyMs = settled === null ? 0 : step.stepMs - settled * 1000;
  if (settled === null) why.push(`never settled: the last second's p99 ${Number.isFinite(p99[nBins - 1]!) ? round(p99[nBins - 1]!, 0) : 'none'} ms > ${rule.boundMs} ms`);
  else {
    const a = stepT0 + settled * 1000;
    const b = stepT0 + step.stepMs;
    const inPart = lat.filter(([t0]) => t0 >= a).sort((x, y) => x[0] - y[0]);
    const s = sortNumbers(inPart.map((x) => x[1]));
    const per = p99.slice(settled);
    steady = { n: s.length, p50Ms: round(percentile(s, 50), 1), p99Ms: round(percentile(s, 99), 1), perSecondP99MinMs: round(Math.min(...per), 1), perSecondP99MaxMs: round(Math.max(...per), 1) };
    const answersIn = lat.reduce((k, [t0, ms]) => k + (t0 + ms >= a && t0 + ms < b ? 1 : 0), 0);
    achievedPerS = round(answersIn / Math.max(0.001, (b - a) / 1000), 1);
    share = round(achievedPerS / step.rate, 3);
    const half = inPart.length >> 1;
    const med = (xs: ReadonlyArray<readonly [number, number]>) => Math.max(rule.growthFloorMs, median(xs.map((x) => x[1])));
    growth = half ? round(med(inPart.slice(half)) / med(inPart.slice(0, half)), 2) : null;
    if (steadyMs < rule.minSteadyMs) why.push(`settled at s${settled}: steady part ${steadyMs / 1000} s < ${rule.minSteadyMs / 1000} s`);
    if (share < rule.minAchievedShare) why.push(`steady part answered ${achievedPerS}/s = ${round(share * 100, 1)} % of offered < ${rule.minAchievedShare * 100} %`);
    if (growth !== null && growth >= rule.maxGrowth) why.push(`steady part's median latency grew ×${growth}`);
  }
  const tooShort = step.stepMs < rule.minStepMs;
  return {
    rule,
    stepMs: step.stepMs,
    firstWithinS: first < 0 ? null : first,
    settledFromS: settled,
    steadyS: steadyMs / 1000,
    steady,
    achievedPerS,
    achievedShare: share,
    growth,
    verdict: tooShort ? 'too short' : why.length ? 'not sustained' : 'sustained',
    why: tooShort ? [`step ${step.stepMs / 1000} s < ${rule.minStepMs / 1000} s`, ...why] : why,
  };
}

/** One line for the log and the results: "sustained: settled from s18 (12 s steady), per-second p99 138–269 ms, …". */
export function steadyCell(s: SteadyState): string {
  const part = s.steady
    ? `settled from s${s.settledFromS} (${s.steadyS} s steady; first within ${s.rule.boundMs} ms at s${s.firstWithinS}), steady per-second p99 ${Math.round(s.steady.perSecondP99MinMs)}–${Math.round(s.steady.perSecondP99MaxMs)} ms, steady p50/p99 ${s.steady.p50Ms}/${s.steady.p99Ms} ms, answered ${s.achievedPerS}/s in it (${round((s.achievedShare ?? 0) * 100, 1)} %), growth ×${s.growth}`
    : `not settled${s.firstWithinS === null ? '' : ` (first within ${s.rule.boundMs} ms at s${s.firstWithinS})`}`;
  return `${s.verdict}${s.why.length ? ` (${s.why.join('; ')})` : ''}: ${part}`;
}
