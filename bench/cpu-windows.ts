/**
 * Reads a `node --cpu-prof` profile over round-cost's measured windows only (`--windows=<file>`), grouped by
 * the pause before each round when round-cost ran with `--pauses` (a quiet service's lone reply against the
 * back-to-back ones, in one process):
 *   npx tsx bench/cpu-windows.ts <profile.cpuprofile> <windows.json> [--top=25]
 * Per group: samples and ms in the windows, the share that is idle (the thread waiting: Postgres, sockets),
 * GC and `(program)` (V8 outside JS: compiling, the runtime), then self time by where it is (the first
 * frame's package or src/ folder) and the top functions by self time — in ms per round, so groups of
 * different round counts compare.
 */
import { readFileSync } from 'node:fs';
import { loadProfile, place, placeOf } from './lib/cpuprofile';

const [profFile, winFile] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!profFile || !winFile) throw new Error('usage: cpu-windows.ts <profile.cpuprofile> <windows.json> [--top=25]');
const TOP = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const { prof, byId, parent } = loadProfile(profFile);
const windows = JSON.parse(readFileSync(winFile, 'utf8')) as Array<[number, number, number?]>;

// Each sample's time: the delta to the next one is what the sample stands for.
const group = (t: number): number | null => {
  // windows are few (tens): a linear scan is fine.
  for (const w of windows) if (t >= w[0] && t < w[1]) return w[2] ?? 0;
  return null;
};
type Acc = { total: number; self: Map<string, number>; where: Map<string, number>; rounds: number };
const groups = new Map<number, Acc>();
for (const w of windows) {
  const g = groups.get(w[2] ?? 0) ?? { total: 0, self: new Map(), where: new Map(), rounds: 0 };
  g.rounds++;
  groups.set(w[2] ?? 0, g);
}
let t = prof.startTime;
for (let i = 0; i < prof.samples.length; i++) {
  t += prof.timeDeltas[i]!;
  const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
  const key = group(t);
  if (key === null) continue;
  const g = groups.get(key)!;
  const n = byId.get(prof.samples[i]!)!;
  const fn = n.callFrame.functionName || '(anonymous)';
  const self = `${fn} ${place(n.callFrame.url, fn, true)}:${n.callFrame.lineNumber + 1}`;
  g.total += dt;
  g.self.set(self, (g.self.get(self) ?? 0) + dt);
  // The first frame (from the top) with a URL names the place; pseudo-frames stand for themselves.
  const where = placeOf(n, byId, parent, true);
  g.where.set(where, (g.where.get(where) ?? 0) + dt);
}

const r1 = (x: number) => Math.round(x * 10) / 10;
for (const [pause, g] of [...groups].sort((a, b) => a[0] - b[0])) {
  const per = (x: number) => r1(x / g.rounds);
  console.log(`\n== pause ${pause} ms: ${g.rounds} rounds, ${per(g.total)} ms per round in the windows`);
  for (const k of ['(idle)', '(garbage collector)', '(program)']) console.log(`  ${k}: ${per(g.where.get(k) ?? 0)} ms per round`);
  console.log('  by place (ms per round):');
  for (const [k, v] of [...g.where].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`    ${String(per(v)).padStart(7)}  ${k}`);
  console.log('  top self (ms per round):');
  for (const [k, v] of [...g.self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`    ${String(per(v)).padStart(7)}  ${k}`);
}
