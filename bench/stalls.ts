/**
 * The app's event-loop stalls in a `node --cpu-prof` profile (issue #12, tail19): spans where the loop
 * never went idle for longer than `--min=<ms>` (default 30), and inside each the longest run of
 * consecutive samples under one task (the same bottom frames: one macrotask and the microtasks it ran,
 * or one GC), with what that task spent its time in.
 *   BENCH_CPU_PROF=/tmp/prof npm run bench -- --quick --only=reply --rates=200 --step-s=10 --grow-to=0 --conversations=6500 --out=x
 *   npx tsx bench/stalls.ts /tmp/prof/CPU.….<app pid>.….cpuprofile [--min=30] [--step=i] [--top=8]
 * Over the step (the longest stretch between two CPU readings, as profile-reply.ts; `--step=i` for another):
 * `--gap=<ms>` (default 3): busy samples standing for longer were preempted (counted apart). Per stall its start (s into the step), length, busy ms by category (GC, program, src/ folder, package),
 * the task's frames and its top functions by self time; then a summary: stalls per second of the step, and
 * the ms of stall by category across all of them.
 */
import { basename } from 'node:path';
import { cliArgs } from './lib/args';
import { loadProfile, placeOf, profileStretches, type ProfileNode } from './lib/cpuprofile';

const cli = cliArgs();
const profFile = cli.file('stalls.ts <profile.cpuprofile> [--min=30] [--step=i] [--top=8]');
const opt = cli.num;
const MIN_MS = opt('min', 30);
const TOP = opt('top', 8);
const { prof, byId, parent } = loadProfile(profFile);

// The step: the longest stretch between two CPU readings (marks-<pid>.jsonl beside the profile), or --step=i.
let from = prof.startTime;
let to = prof.endTime;
try {
  const stretches = profileStretches(profFile);
  const stepArg = cli.value('step');
  const pick = stepArg !== undefined ? stretches[Number(stepArg)]! : stretches.reduce((a, b) => (b[1] - b[0] > a[1] - a[0] ? b : a));
  [from, to] = pick;
} catch {
  // No marks: the whole profile.
}

const name = (n: ProfileNode) => n.callFrame.functionName || '(anonymous)';
const isIdle = (n: ProfileNode) => name(n) === '(idle)';
/** The frames from the root down (root excluded). */
const stackOf = (n: ProfileNode): ProfileNode[] => {
  const out: ProfileNode[] = [];
  for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) out.push(byId.get(id)!);
  out.pop(); // (root)
  return out.reverse();
};
/** A task's key: its bottom two frames (a GC or `(program)` sample is its own kind). */
const taskKey = (n: ProfileNode) => {
  const s = stackOf(n);
  if (s.length <= 1) return name(s[0] ?? n);
  return s.slice(0, 2).map((f) => `${name(f)}@${basename(f.callFrame.url || '?')}`).join(' > ');
};
const category = (n: ProfileNode) => {
  const f = name(n);
  if (f === '(garbage collector)' || f === '(program)') return f;
  return placeOf(n, byId, parent, true);
};

type Sample = { t: number; dt: number; node: ProfileNode };
const samples: Sample[] = [];
{
  let t = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i]!;
    if (t < from || t >= to) continue;
    samples.push({ t, dt: (prof.timeDeltas[i + 1] ?? 0) / 1000, node: byId.get(prof.samples[i]!)! });
  }
}

const add = <K,>(m: Map<K, number>, k: K, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const top = (m: Map<string, number>, n = TOP) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('; ');

// Busy spans: consecutive non-idle samples.
const spans: Sample[][] = [];
let cur: Sample[] = [];
for (const s of samples) {
  if (isIdle(s.node)) {
    if (cur.length) spans.push(cur);
    cur = [];
  } else cur.push(s);
}
if (cur.length) spans.push(cur);
const ms = (xs: Sample[]) => xs.reduce((a, s) => a + s.dt, 0);
const busyTotal = samples.filter((s) => !isIdle(s.node)).reduce((a, s) => a + s.dt, 0);
const stepMs = (to - from) / 1000;
console.log(`step ${(stepMs / 1000).toFixed(1)} s: busy ${busyTotal.toFixed(0)} ms (${((busyTotal / stepMs) * 100).toFixed(0)} % of the loop), ${spans.length} busy spans, stalls (busy ≥ ${MIN_MS} ms without idle):`);
const allCat = new Map<string, number>();
const allTask = new Map<string, number>();
const perSecond = new Map<number, number>();
let nStalls = 0;
let gapTotal = 0;
let stallTotal = 0;
/** A sample's normal interval is ~1 ms: one that stands for more than this means nothing ran it (preempted). */
const GAP_MS = opt('gap', 3);
for (const sp of spans) {
  const len = ms(sp);
  if (len < MIN_MS) continue;
  nStalls++;
  const at = (sp[0]!.t - from) / 1e6;
  add(perSecond, Math.floor(at), 1);
  const cat = new Map<string, number>();
  for (const s of sp) add(cat, category(s.node), s.dt), add(allCat, category(s.node), s.dt);
  // The longest run of one task inside the span.
  let best: Sample[] = [];
  let run: Sample[] = [];
  let key = '';
  for (const s of sp) {
    const k = taskKey(s.node);
    if (k !== key && run.length) {
      if (ms(run) > ms(best)) best = run;
      run = [];
    }
    key = k;
    run.push(s);
  }
  if (ms(run) > ms(best)) best = run;
  const bestKey = best.length ? taskKey(best[0]!.node) : '';
  add(allTask, bestKey, ms(best));
  const selfFns = new Map<string, number>();
  const srcFrames = new Map<string, number>();
  for (const s of best) {
    add(selfFns, `${name(s.node)} [${category(s.node)}]`, s.dt);
    // The deepest src/ frame of each sample: which of the app's functions the task was in.
    const st = stackOf(s.node);
    const srcF = [...st].reverse().find((f) => /\/src\//.test(f.callFrame.url) && !f.callFrame.url.includes("node_modules"));
    add(srcFrames, srcF ? `${name(srcF)}@${srcF.callFrame.url.replace(/.*\/src\//, 'src/')}:${srcF.callFrame.lineNumber + 1}` : '(no src frame)', s.dt);
  }
  // A sample standing for more than GAP_MS: the thread (or the profiler's) was not running — the box's other processes.
  const gap = sp.filter((s) => s.dt > GAP_MS).reduce((a, s) => a + s.dt, 0);
  gapTotal += gap;
  stallTotal += len;
  console.log(`\n@${at.toFixed(2)} s: ${len.toFixed(0)} ms busy (${gap.toFixed(0)} ms in samples of > ${GAP_MS} ms) — ${top(cat, 6)}`);
  console.log(`  longest task ${ms(best).toFixed(0)} ms: ${bestKey}`);
  console.log(`    self: ${top(selfFns)}`);
  console.log(`    in src: ${top(srcFrames)}`);
}
console.log(`\n${nStalls} stalls; per second of the step: ${[...perSecond].sort((a, b) => a[0] - b[0]).map(([s, n]) => `s${s}:${n}`).join(' ')}`);
const allGaps = samples.filter((s) => !isIdle(s.node) && s.dt > GAP_MS).reduce((a, s) => a + s.dt, 0);
console.log(`stall ms ${stallTotal.toFixed(0)}, of which in samples of > ${GAP_MS} ms ${gapTotal.toFixed(0)}; busy samples of > ${GAP_MS} ms over the whole step: ${allGaps.toFixed(0)} ms of ${busyTotal.toFixed(0)}`);
console.log(`stall ms by category: ${top(allCat, 12)}`);
console.log(`longest task ms by kind: ${top(allTask, 12)}`);
