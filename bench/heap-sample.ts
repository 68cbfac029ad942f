/**
 * Reads a BENCH_HEAP_SAMPLE profile (bench/server.ts, tail19): V8's sampling heap profile of the counted step, with the
 * objects a scavenge collected dropped and those a major GC collected kept — what the step promoted to the old
 * generation (or still held at its end), by where it was allocated.
 *   BENCH_HEAP_SAMPLE=/tmp/h npm run bench -- --quick --only=reply --rates=200 --step-s=10 --grow-to=0 --conversations=6500 --out=x
 *   npx tsx bench/heap-sample.ts /tmp/h-<pid>.heapprofile [--replies=2000] [--top=30]
 * Prints the sampled bytes by allocating function (self), by the deepest src/ frame on the allocation's stack, and by
 * the first package or src/ folder — KB per reply when --replies is given.
 */
import { readFileSync } from 'node:fs';
import { cliArgs } from './lib/args';
import { place } from './lib/cpuprofile';

type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; id: number; children: Node[] };
const cli = cliArgs();
const file = cli.file('heap-sample.ts <file.heapprofile> [--replies=N] [--top=30]');
const replies = cli.num('replies', 0);
const TOP = cli.num('top', 30);
const prof = JSON.parse(readFileSync(file, 'utf8')) as { head: Node; samples: Array<{ size: number; nodeId: number }> };

const bySelf = new Map<string, number>();
const bySrc = new Map<string, number>();
const byPlace = new Map<string, number>();
let total = 0;
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const walk = (n: Node, stack: Node[]) => {
  const s = [...stack, n];
  if (n.selfSize) {
    total += n.selfSize;
    const fn = n.callFrame.functionName || '(anonymous)';
    add(bySelf, `${fn} ${place(n.callFrame.url, fn)}:${n.callFrame.lineNumber + 1}`, n.selfSize);
    const src = [...s].reverse().find((f) => /\/src\//.test(f.callFrame.url) && !f.callFrame.url.includes('node_modules'));
    add(bySrc, src ? `${src.callFrame.functionName || '(anonymous)'} ${place(src.callFrame.url, '')}:${src.callFrame.lineNumber + 1}` : '(no src/ frame)', n.selfSize);
    const known = [...s].reverse().find((f) => f.callFrame.url);
    add(byPlace, known ? place(known.callFrame.url, known.callFrame.functionName, true) : fn, n.selfSize);
  }
  for (const c of n.children) walk(c, s);
};
walk(prof.head, []);
const unit = (b: number) => (replies ? `${(b / 1024 / replies).toFixed(2)} KB/reply` : `${(b / 1024).toFixed(0)} KB`);
console.log(`sampled, kept (promoted or alive at the end): ${(total / 2 ** 20).toFixed(1)} MiB${replies ? ` = ${unit(total)}` : ''}`);
for (const [title, m] of [['by the first known place (package, src/ folder)', byPlace], ['by the deepest src/ frame', bySrc], ['by allocating function', bySelf]] as const) {
  console.log(`\n${title}:`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${unit(v).padStart(18)}  ${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
}
