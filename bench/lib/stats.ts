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
