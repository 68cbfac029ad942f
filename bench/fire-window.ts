/**
 * The instant storm's firing in the app's `BENCH_CPU_PROF` profile (fire19): the stretch of one CPU reading pair
 * (`--step=i`, as profile-reply.ts --list numbers them), cut to its last `--last=<s>` seconds (the firing, not the
 * arming and the wait until due), in bins of `--bin=<ms>`: busy share per bin, then self time by function and
 * inclusive time of chosen frames over the cut, per fired timer (`--fired=N`).
 *   npx tsx bench/fire-window.ts <profile.cpuprofile> --step=5 --last=7 --fired=18000
 */
import { loadProfile, placeOf, profileStretches } from './lib/cpuprofile';

const args = process.argv.slice(2);
const flag = (n: string) => args.find((a) => a.startsWith(`--${n}=`))?.split('=')[1];
const file = args.find((a) => !a.startsWith('--'))!;
const { prof, byId, parent } = loadProfile(file);
const step = Number(flag('step') ?? 5);
const [a0, b] = profileStretches(file)[step]!;
const a = Math.max(a0, b - Number(flag('last') ?? 7) * 1e6);
const fired = Number(flag('fired') ?? 1);
const binUs = Number(flag('bin') ?? 250) * 1000;
const TOP = Number(flag('top') ?? 45);
const idleIds = new Set(prof.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
const name = (id: number) => {
  const n = byId.get(id)!;
  const u = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${u}:${n.callFrame.lineNumber + 1}`;
};
const bins: number[] = [];
const binsBusy: number[] = [];
const self = new Map<string, number>();
const incl = new Map<string, number>();
const where = new Map<string, number>();
let t = prof.startTime;
let total = 0;
let busy = 0;
for (let i = 0; i < prof.samples.length; i++) {
  t += prof.timeDeltas[i]!;
  if (t < a || t >= b) continue;
  const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
  const id = prof.samples[i]!;
  const k = Math.floor((t - a) / binUs);
  bins[k] = (bins[k] ?? 0) + dt;
  total += dt;
  if (idleIds.has(id)) continue;
  busy += dt;
  binsBusy[k] = (binsBusy[k] ?? 0) + dt;
  self.set(name(id), (self.get(name(id)) ?? 0) + dt);
  const w = placeOf(byId.get(id)!, byId, parent, true);
  where.set(w, (where.get(w) ?? 0) + dt);
  const seen = new Set<string>();
  for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
    const nm = name(p);
    if (seen.has(nm)) continue;
    seen.add(nm);
    incl.set(nm, (incl.get(nm) ?? 0) + dt);
  }
}
const per = (ms: number) => ((ms * 1000) / fired).toFixed(1).padStart(7);
console.log(`step ${step}, last ${((b - a) / 1e6).toFixed(2)} s: sampled ${total.toFixed(0)} ms, busy ${busy.toFixed(0)} ms (${((100 * busy) / total).toFixed(0)} %) = ${per(busy)} µs per fired timer (${fired})`);
console.log('busy share per bin:', bins.map((x, i) => `${Math.round((100 * (binsBusy[i] ?? 0)) / x)}`).join(' '));
console.log('\nself time by place (µs per fired timer):');
for (const [k, v] of [...where].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(per(v), k);
console.log('\nself time by function:');
for (const [k, v] of [...self].sort((x, y) => y[1] - x[1]).slice(0, TOP)) console.log(per(v), k);
console.log('\ninclusive time (src/ and chosen packages):');
for (const [k, v] of [...incl].sort((x, y) => y[1] - x[1]).filter(([k]) => /src\/|xstate|zod|pino|drizzle|postgres|JSON|stringify|parse/.test(k)).slice(0, TOP * 2)) console.log(per(v), k);
