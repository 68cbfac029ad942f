/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). Pure. */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface ProportionTest {
  a: { n: number; x: number; rate: number };
  b: { n: number; x: number; rate: number };
  /** b − a in percentage points. */
  diffPoints: number;
  z: number | null;
  p: number | null;
  /** Enough data for the normal approximation (each cell expects at least 5). */
  enough: boolean;
  significant: boolean;
}

/** Two-sided two-proportion z-test with the pooled standard error. Pure. */
export function twoProportionTest(a: { n: number; x: number }, b: { n: number; x: number }, alpha = 0.05): ProportionTest {
  const ra = a.n ? a.x / a.n : 0;
  const rb = b.n ? b.x / b.n : 0;
  const pooled = a.n + b.n ? (a.x + b.x) / (a.n + b.n) : 0;
  const enough = [a, b].every((g) => g.n * pooled >= 5 && g.n * (1 - pooled) >= 5);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / (a.n || 1) + 1 / (b.n || 1)));
  const z = a.n && b.n && se > 0 ? (rb - ra) / se : null;
  const p = z === null ? null : 2 * (1 - normalCdf(Math.abs(z)));
  return { a: { ...a, rate: ra }, b: { ...b, rate: rb }, diffPoints: (rb - ra) * 100, z, p, enough, significant: enough && p !== null && p < alpha };
}

const pct = (r: number) => `${(r * 100).toFixed(1)} %`;
const pval = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(p < 0.01 ? 3 : 2)}`);

/** "Variant B pays 4.1 points more (12.0 % vs 7.9 %), p = 0.03." — or why we cannot say yet. */
export function verdict(t: ProportionTest, what = 'pays', labels: [string, string] = ['A', 'B']): string {
  if (!t.a.n || !t.b.n) return `Not enough data: one variant has no debts yet.`;
  if (!t.enough || t.p === null) return `Too few ${what === 'pays' ? 'payments' : 'events'} to compare yet (${labels[0]}: ${t.a.x}/${t.a.n}, ${labels[1]}: ${t.b.x}/${t.b.n}).`;
  const [hi, lo] = t.diffPoints >= 0 ? [labels[1], labels[0]] : [labels[0], labels[1]];
  const [rh, rl] = t.diffPoints >= 0 ? [t.b.rate, t.a.rate] : [t.a.rate, t.b.rate];
  const d = Math.abs(t.diffPoints).toFixed(1);
  if (t.significant) return `Variant ${hi} ${what} ${d} points more than ${lo} (${pct(rh)} vs ${pct(rl)}), ${pval(t.p)}.`;
  return `No clear difference yet: variant ${hi} ${what} ${d} points more (${pct(rh)} vs ${pct(rl)}), ${pval(t.p)}, not significant at 5 %.`;
}
