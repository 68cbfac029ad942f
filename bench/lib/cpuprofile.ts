/** A `node --cpu-prof` profile as the bench's readers (profile-reply.ts, cpu-windows.ts) see it. */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The profile with its nodes by id and each node's parent. */
export function loadProfile(file: string): { prof: Profile; byId: Map<number, ProfileNode>; parent: Map<number, number> } {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return { prof, byId, parent };
}

/**
 * Where a frame's code lives: a package under node_modules, a src/ (bench/, test/) file, node's own, or V8's
 * pseudo-frames. `coarse`: src/ by its first folder, bench/ and test/ by two levels, node's modules as `node:`.
 */
export function place(url: string, fn: string, coarse = false): string {
  if (!url) return fn.startsWith('(') ? fn : `(native) ${fn || 'anonymous'}`;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const s = /\/(src|bench|test)\/(.*)$/.exec(url);
  if (s) return coarse ? `${s[1]}/${s[2]!.split('/').slice(0, s[1] === 'src' ? 1 : 2).join('/')}` : `${s[1]}/${s[2]}`;
  if (url.startsWith('node:')) return coarse ? 'node:' : url;
  return url;
}

/** The place a native leaf is charged to: its first caller with a URL, marked "(native below)"; pseudo-frames stand for themselves. */
export function placeOf(n: ProfileNode, byId: Map<number, ProfileNode>, parent: Map<number, number>, coarse = false): string {
  const fn = n.callFrame.functionName || '(anonymous)';
  if (n.callFrame.url || fn.startsWith('(')) return n.callFrame.url ? place(n.callFrame.url, fn, coarse) : n.callFrame.functionName;
  for (let p = parent.get(n.id); p !== undefined; p = parent.get(p)) {
    const pn = byId.get(p)!;
    if (pn.callFrame.url) return `${place(pn.callFrame.url, pn.callFrame.functionName, coarse)} (native below)`;
  }
  return place('', n.callFrame.functionName);
}

/**
 * The stretches between the server's CPU readings, [start, end] in the profile's clock (µs): BENCH_CPU_PROF writes each
 * reading's time to `marks-<pid>.jsonl` beside the profile, and a step is the stretch between two readings.
 */
export function profileStretches(profFile: string): Array<readonly [number, number]> {
  const pid = /\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(basename(profFile))?.[1];
  const marks = readFileSync(join(dirname(profFile), `marks-${pid}.jsonl`), 'utf8').trim().split('\n').map(Number);
  return marks.slice(1).map((m, i) => [marks[i]!, m] as const);
}
