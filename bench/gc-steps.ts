/**
 * GC pauses per window of a bench run (decision 0172): reads the file bench/server.ts writes under
 * BENCH_GC=<prefix> (<prefix>-<pid>.jsonl) and prints, between each pair of CPU readings (marks less
 * than 50 ms apart are one), the count, max and sum of the pauses of each kind. In the reply scenario
 * the last window before the final readings is the counted step.
 *   npx tsx bench/gc-steps.ts /tmp/gc-run-12345.jsonl
 */
import { readFileSync } from 'node:fs';

type Line = { t: number; mark?: boolean; kind?: string; ms?: number };
const lines = readFileSync(process.argv[2]!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
const marks: number[] = [];
for (const l of lines) if (l.mark && (marks.length === 0 || l.t - marks[marks.length - 1]! > 50)) marks.push(l.t);
const gcs = lines.filter((l) => !l.mark);
const edges = [-Infinity, ...marks, Infinity];
for (let i = 0; i + 1 < edges.length; i++) {
  const [a, b] = [edges[i]!, edges[i + 1]!];
  const inWin = gcs.filter((g) => g.t >= a && g.t < b);
  const byKind = new Map<string, number[]>();
  for (const g of inWin) byKind.set(g.kind!, [...(byKind.get(g.kind!) ?? []), g.ms!]);
  const span = Number.isFinite(a) && Number.isFinite(b) ? `${((b - a) / 1000).toFixed(1)} s` : '–';
  const parts = [...byKind].map(([k, v]) => `${k} n=${v.length} max=${Math.max(...v).toFixed(1)} sum=${v.reduce((x, y) => x + y, 0).toFixed(1)} ms`);
  const big = inWin.filter((g) => g.ms! >= 20).map((g) => `${g.kind}:${g.ms}@${Number.isFinite(a) ? ((g.t - a) / 1000).toFixed(1) : '?'}s`);
  console.log(`window ${i} (${span}): ${parts.join('; ') || 'none'}${big.length ? ` | ≥20 ms: ${big.join(', ')}` : ''}`);
}
