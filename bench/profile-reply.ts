/**
 * Reads the app's `BENCH_CPU_PROF` profile of scenario 2 over one step only (issue #12): where the app
 * process's own CPU per reply goes.
 *
 *   BENCH_CPU_PROF=/tmp/prof npm run bench -- --quick --only=reply --rates=400 --step-s=10 --grow-to=0 --out=…
 *   npx tsx bench/profile-reply.ts /tmp/prof/CPU.….<pid>.….cpuprofile --replies=4000 [--step=1] [--top=40]
 *
 * The server child writes the time of every CPU reading (the parent takes them around each step) to
 * `<dir>/marks-<pid>.jsonl`; a step is the longest stretch between two readings unless `--step=<i>`
 * names the stretch (0-based, in time order; `--list` prints them). Prints, in µs per reply (the
 * profile's sampled time, not process.cpuUsage: a 1 ms sampling interval, the main thread only):
 * idle, GC, `(program)`; self time by place (the leaf frame's package or src/ file; a native leaf is
 * charged to its first JS caller's place) and by function; and the inclusive time of the reply path's
 * stages (a sample counts for a stage when any frame of its synchronous stack matches — stages
 * overlap, and an async continuation's stack starts at the microtask, not at its caller).
 */
import { readFileSync } from 'node:fs';
import { loadProfile, place, placeOf, profileStretches, type ProfileNode } from './lib/cpuprofile';

const args = process.argv.slice(2);
const flag = (n: string) => args.find((a) => a.startsWith(`--${n}=`))?.split('=')[1];
const profFile = args.find((a) => !a.startsWith('--'));
if (!profFile) throw new Error('usage: profile-reply.ts <profile.cpuprofile> --replies=N [--step=i] [--top=40] [--list]');
const replies = Number(flag('replies') ?? 1);
const TOP = Number(flag('top') ?? 40);
const { prof, byId, parent } = loadProfile(profFile);
/** The windows read: one step between two of the server's CPU readings, or `--windows=<file>` (round-cost's measured rounds). */
let windows: Array<readonly [number, number]>;
let what: string;
if (flag('windows')) {
  windows = (JSON.parse(readFileSync(flag('windows')!, 'utf8')) as Array<[number, number]>).map((w) => [w[0], w[1]] as const);
  what = `${windows.length} windows of ${flag('windows')}`;
} else {
  const stretches = profileStretches(profFile);
  if (args.includes('--list')) {
    for (const [i, [a, b]] of stretches.entries()) console.log(`${i}: ${((a - prof.startTime) / 1e6).toFixed(2)} s + ${((b - a) / 1e6).toFixed(2)} s`);
    process.exit(0);
  }
  const stepIx = flag('step') !== undefined ? Number(flag('step')) : stretches.reduce((best, s, i) => (s[1] - s[0] > stretches[best]![1] - stretches[best]![0] ? i : best), 0);
  windows = [stretches[stepIx]!];
  what = `step ${stepIx}: ${((stretches[stepIx]![1] - stretches[stepIx]![0]) / 1e6).toFixed(2)} s from ${((stretches[stepIx]![0] - prof.startTime) / 1e6).toFixed(2)} s`;
}
const inWindow = (t: number) => windows.some(([a, b]) => t >= a && t < b);

/** The reply path's stages: a sample belongs to a stage when a frame of its stack matches. */
const STAGES: Array<[string, (url: string, fn: string) => boolean]> = [
  ['webhook ingest (src/http/webhooks, conversation/ingress, channels/twilio signature+parse)', (u) => /src\/(http\/webhooks\/|conversation\/ingress|channels\/twilio\/(signature|parse))/.test(u)],
  ['  of which the HMAC signature check', (u) => /channels\/twilio\/signature/.test(u)],
  ['HTTP server (@hono/node-server, hono, node:_http_server)', (u) => /@hono\/node-server|node_modules\/hono\/|node:_http_server|node:_http_incoming/.test(u)],
  ['drain round (conversation/drain.ts, engine.ts)', (u) => /src\/conversation\/(drain|engine)\.ts/.test(u)],
  ['drain loop (workers/drain.ts)', (u) => /src\/workers\/drain\.ts/.test(u)],
  ['classification (src/classify)', (u) => /src\/classify\//.test(u)],
  ['xstate', (u) => /node_modules\/xstate\//.test(u)],
  ['conversation interpret/effects/compile/registry', (u) => /src\/conversation\/(interpret|effects|compile|registry|context|read)\.ts/.test(u)],
  ['rendering (flow/templates, conversation/segments, channels/segments)', (u) => /src\/flow\/templates|segments\.ts/.test(u)],
  ['compliance (send gate, quiet hours)', (u) => /src\/compliance\//.test(u)],
  ['send stage (workers/sender.ts)', (u) => /src\/workers\/sender\.ts/.test(u)],
  ['provider call (channels/, keep-alive-fetch, undici, node:http client)', (u) => /src\/channels\/(twilio\/provider|keep-alive-fetch|http|index|routing)|node_modules\/undici|node:_http_client|node:_http_agent/.test(u)],
  ['postgres.js', (u) => /node_modules\/postgres\//.test(u)],
  ['drizzle-orm', (u) => /node_modules\/drizzle-orm\//.test(u)],
  ['src/db (client, batch, prebuilt)', (u) => /src\/db\//.test(u)],
  ['BullMQ / ioredis', (u) => /node_modules\/(bullmq|ioredis|@ioredis|cluster-key-slot|redis-parser)\//.test(u)],
  ['src/queue + outbox (relay, wake)', (u) => /src\/(queue|outbox)\//.test(u)],
  ['pino (+ thread-stream, sonic-boom)', (u) => /node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact|quick-format-unescaped)\//.test(u)],
  ['src/shared (clock, time, trace, coalescer)', (u) => /src\/shared\//.test(u)],
  ['net / stream (node:net, node:internal/streams)', (u) => /node:net|node:internal\/streams|node:internal\/stream_base_commons/.test(u)],
  ['timers (node:internal/timers)', (u) => /node:internal\/timers/.test(u)],
  ['JSON.parse / JSON.stringify (native)', (_u, f) => f === 'parse' || f === 'stringify'],
];

/**
 * One category per busy sample (the table sums to the busy time): a socket write's native frame is its own; otherwise
 * the first frame from the leaf up that has a URL (a native leaf counts for its JS caller), by where that code lives.
 */
const CATEGORIES: Array<[string, RegExp]> = [
  ['webhook: signature, parse, ingest (src/http/webhooks, channels/twilio, conversation/ingress, shared/coalescer)', /src\/(http\/webhooks\/|channels\/twilio\/(signature|parse)|conversation\/ingress|shared\/coalescer)/],
  ['HTTP middleware (src/http, src/metrics, prom-client)', /src\/(http|metrics)\/|node_modules\/prom-client\//],
  ['HTTP server (hono, @hono/node-server, node:_http_server/_incoming)', /node_modules\/(hono|@hono\/node-server)\/|node:_http_server|node:_http_incoming/],
  ['provider call (channels/, keep-alive-fetch, node:_http_client/_agent/_outgoing/_common, undici)', /src\/channels\/|node:_http_client|node:_http_agent|node:_http_outgoing|node:_http_common|node_modules\/undici|internal\/deps\/undici/],
  ['classification (src/classify)', /src\/classify\//],
  ['xstate', /node_modules\/xstate\//],
  ['drain round: conversation/ (drain, interpret, effects, compile, flow)', /src\/(conversation|flow)\//],
  ['send stage: workers/sender, outbox/, compliance/', /src\/(workers|outbox|compliance|queue)\//],
  ['libphonenumber-js', /node_modules\/libphonenumber-js\//],
  ['zod', /node_modules\/zod\//],
  ['postgres.js', /node_modules\/postgres\//],
  ['drizzle-orm', /node_modules\/drizzle-orm\//],
  ['src/db (batch, client, prebuilt)', /src\/db\//],
  ['BullMQ / ioredis', /node_modules\/(bullmq|ioredis|@ioredis|cluster-key-slot|redis-parser|msgpackr)\//],
  ['pino', /node_modules\/(pino|sonic-boom|thread-stream|fast-redact)/],
  ['bench harness in the measured process (bench/: server.ts probes, round-cost.ts)', /\/bench\//],
  ['other src/', /\/src\//],
  ['node: streams, net, events, timers, buffers, microtask glue', /^node:/],
];
function categoryOf(leaf: ProfileNode): string {
  const fn = leaf.callFrame.functionName;
  if (!leaf.callFrame.url && (fn === 'writeBuffer' || fn === 'writev' || fn === 'writeUtf8String' || fn === 'writeLatin1String')) return 'socket writes (writeBuffer/writev syscalls)';
  if (!leaf.callFrame.url && fn === 'runMicrotasks') return 'runMicrotasks (promise jobs, native)';
  // node's own frames count for the package or src/ file that called into them (a socket read's callbacks have none: node's).
  let viaNode = false;
  for (let p: number | undefined = leaf.id; p !== undefined; p = parent.get(p)) {
    const u = byId.get(p)!.callFrame.url;
    if (!u) continue;
    if (u.startsWith('node:') && !/node:_http_(client|agent|outgoing|common|server|incoming)/.test(u)) {
      viaNode = true;
      continue;
    }
    for (const [name, re] of CATEGORIES) if (re.test(u)) return name;
    return `other: ${place(u, '')}`;
  }
  return viaNode ? 'node: streams, net, events, timers, buffers, microtask glue (no caller of ours or a package\'s)' : `(native, no JS caller) ${fn}`;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
let t = prof.startTime;
let total = 0;
const pseudo = new Map<string, number>();
const selfFn = new Map<string, number>();
const category = new Map<string, number>();
/** --cat=<regex>: the self time by function of the samples in the matching categories. */
const catRe = flag('cat') ? new RegExp(flag('cat')!) : null;
const inCat = new Map<string, number>();
const selfPlace = new Map<string, number>();
const stage = new Array<number>(STAGES.length).fill(0);
const inclFn = new Map<string, number>();
/** Each busy sample charged to the nearest frame of our own src/ on its stack (library and native time under it included). */
const nearest = new Map<string, number>();
/** --leaf=<regex>: for samples whose self place matches, the nearest src/ frame (who drives that package's time). */
const leafRe = flag('leaf') ? new RegExp(flag('leaf')!) : null;
const leafOwners = new Map<string, number>();
for (let i = 0; i < prof.samples.length; i++) {
  t += prof.timeDeltas[i]!;
  if (!inWindow(t)) continue;
  const dt = prof.timeDeltas[i + 1] ?? 0;
  const n = byId.get(prof.samples[i]!)!;
  const fn = n.callFrame.functionName || '(anonymous)';
  total += dt;
  if (!n.callFrame.url && fn.startsWith('(')) {
    pseudo.set(fn, (pseudo.get(fn) ?? 0) + dt);
    continue;
  }
  const cat = categoryOf(n);
  category.set(cat, (category.get(cat) ?? 0) + dt);
  if (catRe?.test(cat)) {
    const k = `${fn} ${place(n.callFrame.url, fn)}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
    inCat.set(k, (inCat.get(k) ?? 0) + dt);
  }
  const key = `${fn} ${place(n.callFrame.url, fn)}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
  selfFn.set(key, (selfFn.get(key) ?? 0) + dt);
  const where = placeOf(n, byId, parent);
  selfPlace.set(where, (selfPlace.get(where) ?? 0) + dt);
  let owner = '(no src/ frame on the stack)';
  for (let p: number | undefined = n.id; p !== undefined; p = parent.get(p)) {
    const f = byId.get(p)!.callFrame;
    if (/\/src\//.test(f.url) && !/node_modules/.test(f.url)) {
      owner = `${f.functionName || '(anonymous)'} ${place(f.url, f.functionName)}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      break;
    }
  }
  nearest.set(owner, (nearest.get(owner) ?? 0) + dt);
  if (leafRe && leafRe.test(where)) leafOwners.set(owner, (leafOwners.get(owner) ?? 0) + dt);
  const hit = new Array<boolean>(STAGES.length).fill(false);
  const seenFn = new Set<string>();
  for (let p: number | undefined = n.id; p !== undefined; p = parent.get(p)) {
    const f = byId.get(p)!.callFrame;
    const fk = `${f.functionName || '(anonymous)'} ${place(f.url, f.functionName)}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    if (/\/src\//.test(f.url) && !/node_modules/.test(f.url) && !seenFn.has(fk)) {
      seenFn.add(fk);
      inclFn.set(fk, (inclFn.get(fk) ?? 0) + dt);
    }
    for (const [k, [, test]] of STAGES.entries()) if (!hit[k] && test(f.url, f.functionName)) hit[k] = true;
  }
  for (const [k, h] of hit.entries()) if (h) stage[k] = stage[k]! + dt;
}

const per = (us: number) => String(r1(us / replies)).padStart(8);
const busy = total - (pseudo.get('(idle)') ?? 0);
console.log(`${what}; ${replies} replies; sampled ${r1(total / 1000)} ms, busy (not idle) ${r1(busy / 1000)} ms = ${per(busy).trim()} µs per reply`);
for (const [k, v] of [...pseudo].sort((a, b) => b[1] - a[1])) console.log(`${per(v)}  ${k}`);
console.log('\nbusy time by category, each sample once (µs per reply; sums to the busy time less GC/program/idle):');
for (const [k, v] of [...category].sort((a, b) => b[1] - a[1])) console.log(`${per(v)}  ${k}`);
if (catRe) {
  console.log(`\nself time by function in the categories matching ${catRe} (µs per reply):`);
  for (const [k, v] of [...inCat].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${per(v)}  ${k}`);
}
console.log('\nself time by place (µs per reply; a native leaf counts for its JS caller):');
for (const [k, v] of [...selfPlace].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${per(v)}  ${k}`);
console.log('\nself time by function (µs per reply):');
for (const [k, v] of [...selfFn].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${per(v)}  ${k}`);
console.log('\nbusy time charged to the nearest src/ frame (µs per reply; libraries and natives under it included):');
for (const [k, v] of [...nearest].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${per(v)}  ${k}`);
if (leafRe) {
  console.log(`\nself time in places matching ${leafRe}, by the nearest src/ frame (µs per reply):`);
  for (const [k, v] of [...leafOwners].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${per(v)}  ${k}`);
}
console.log('\ninclusive by src/ function (µs per reply; synchronous stacks only):');
for (const [k, v] of [...inclFn].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${per(v)}  ${k}`);
console.log('\ninclusive by stage (µs per reply; a sample counts for every stage on its synchronous stack):');
for (const [k, [name]] of STAGES.entries()) console.log(`${per(stage[k]!)}  ${name}`);

// --callers=<function name, or place:line:column>: the stacks (up to --depth frames above it, default 6) under which that function ran, by time.
const callersOf = flag('callers');
if (callersOf) {
  const depth = Number(flag('depth') ?? 6);
  const stacks = new Map<string, number>();
  let tt = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    tt += prof.timeDeltas[i]!;
    if (!inWindow(tt)) continue;
    const dt = prof.timeDeltas[i + 1] ?? 0;
    const frames: string[] = [];
    let found = false;
    for (let p: number | undefined = prof.samples[i]!; p !== undefined; p = parent.get(p)) {
      const f = byId.get(p)!.callFrame;
      if (!found) {
        if (f.functionName === callersOf || `${place(f.url, f.functionName)}:${f.lineNumber + 1}:${f.columnNumber + 1}` === callersOf) found = true;
        else continue;
      }
      frames.push(`${f.functionName || '(anon)'}@${place(f.url, f.functionName)}:${f.lineNumber + 1}:${f.columnNumber + 1}`);
      if (frames.length > depth) break;
    }
    if (!found) continue;
    const k = frames.join(' < ');
    stacks.set(k, (stacks.get(k) ?? 0) + dt);
  }
  console.log(`\ncallers of ${callersOf} (µs per reply):`);
  for (const [k, v] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${per(v)}  ${k}`);
}
