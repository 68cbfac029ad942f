// @ts-nocheck -- a one-off reader of V8 snapshot arrays (typed-array indexing everywhere); run with tsx, not built
/**
 * heap20: reads V8 .heapsnapshot files (bench/server.ts's BENCH_HEAP_SNAPSHOT) and answers "what holds these objects".
 *
 *   node --max-old-space-size=8000 --import tsx bench/heap-snap.ts <a.heapsnapshot> [<b.heapsnapshot>]
 *        [--top=40] [--suspects=Query,Result,Buffer] [--paths=3] [--sigs=8] [--depth=8]
 *
 * For each snapshot: live nodes by constructor (count, self bytes), top N. With two snapshots of one process (one
 * inspector session, so a node id is the same object in both): per constructor, how many of the second's were already
 * in the first ("old": lived across the gap) and how many are new. For each suspect constructor: the shortest retainer
 * path from the GC roots (breadth-first, weak edges skipped, as DevTools' distances) of a few instances, and the paths
 * of all its instances grouped by the nearest --depth links ("signature"), most common first, old and new counted apart.
 */
import { readFileSync } from 'node:fs';
import { cliArgs } from './lib/args';

type Snap = {
  n: number;
  type: Uint8Array; name: Uint32Array; id: Uint32Array; size: Uint32Array; firstEdge: Uint32Array;
  edgeType: Uint8Array; edgeName: Uint32Array; edgeTo: Uint32Array;
  strings: string[]; nodeTypes: string[]; edgeTypes: string[];
  parent: Int32Array; parentEdge: Int32Array;
};

function load(file: string, cut: Set<string> = new Set()): Snap {
  const j = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
    nodes: number[]; edges: number[]; strings: string[];
  };
  const m = j.snapshot.meta;
  const nf = m.node_fields.length, ef = m.edge_fields.length;
  const fi = (k: string) => m.node_fields.indexOf(k);
  const [ti, ni, ii, si, ei] = [fi('type'), fi('name'), fi('id'), fi('self_size'), fi('edge_count')];
  const n = j.nodes.length / nf;
  const s: Snap = {
    n, type: new Uint8Array(n), name: new Uint32Array(n), id: new Uint32Array(n), size: new Uint32Array(n), firstEdge: new Uint32Array(n + 1),
    edgeType: new Uint8Array(j.edges.length / ef), edgeName: new Uint32Array(j.edges.length / ef), edgeTo: new Uint32Array(j.edges.length / ef),
    strings: j.strings, nodeTypes: m.node_types[0], edgeTypes: m.edge_types[0], parent: new Int32Array(n).fill(-1), parentEdge: new Int32Array(n).fill(-1),
  };
  let e = 0;
  for (let i = 0; i < n; i++) {
    const b = i * nf;
    s.type[i] = j.nodes[b + ti]!; s.name[i] = j.nodes[b + ni]!; s.id[i] = j.nodes[b + ii]!; s.size[i] = j.nodes[b + si]!;
    s.firstEdge[i] = e; e += j.nodes[b + ei]!;
  }
  s.firstEdge[n] = e;
  const [eti, eni, eto] = [m.edge_fields.indexOf('type'), m.edge_fields.indexOf('name_or_index'), m.edge_fields.indexOf('to_node')];
  for (let k = 0; k < s.edgeType.length; k++) {
    s.edgeType[k] = j.edges[k * ef + eti]!; s.edgeName[k] = j.edges[k * ef + eni]!; s.edgeTo[k] = j.edges[k * ef + eto]! / nf;
  }
  // breadth-first from the synthetic root (node 0), weak edges skipped: each node's parent on a shortest path
  const weak = s.edgeTypes.indexOf('weak');
  // --cut: the targets of property edges with these names are taken out (a dictionary-mode object also reaches them
  // through its properties store, so cutting the edge alone is not enough)
  const blocked = new Uint8Array(n);
  const prop = s.edgeTypes.indexOf('property');
  if (cut.size) for (let k = 0; k < s.edgeType.length; k++) if (s.edgeType[k] === prop && cut.has(s.strings[s.edgeName[k]])) blocked[s.edgeTo[k]] = 1;
  const q = new Uint32Array(n); let h = 0, t = 0;
  q[t++] = 0; s.parent[0] = 0;
  while (h < t) {
    const x = q[h++];
    for (let k = s.firstEdge[x]; k < s.firstEdge[x + 1]; k++) {
      if (s.edgeType[k] === weak) continue;
      const y = s.edgeTo[k];
      if (blocked[y]) continue;
      if (s.parent[y] !== -1) continue;
      s.parent[y] = x; s.parentEdge[y] = k; q[t++] = y;
    }
  }
  return s;
}

const cls = (s: Snap, i: number) => {
  const t = s.nodeTypes[s.type[i]];
  const nm = s.strings[s.name[i]];
  if (t === 'object' || t === 'native') return nm;
  if (t === 'closure') return `(closure ${nm || 'anon'})`;
  if (t === 'string' || t === 'concatenated string' || t === 'sliced string') return '(string)';
  if (t === 'code') return '(code)';
  return `(${t})`;
};
const edgeLabel = (s: Snap, k: number) => {
  const et = s.edgeTypes[s.edgeType[k]];
  return et === 'element' || et === 'hidden' ? `[${s.edgeName[k]}]` : et === 'context' ? `ctx.${s.strings[s.edgeName[k]]}` : et === 'internal' ? `{${s.strings[s.edgeName[k]]}}` : `.${s.strings[s.edgeName[k]]}`;
};
/** path root → node as "Ctor.edge → Ctor.edge → … → Node" */
function path(s: Snap, i: number): string[] {
  const out: string[] = [];
  let x = i;
  for (let guard = 0; x !== 0 && guard < 200; guard++) {
    const k = s.parentEdge[x];
    if (k < 0) return ['(unreachable)'];
    const p = s.parent[x];
    out.push(`${cls(s, p)}${edgeLabel(s, k)}`);
    x = p;
  }
  return out.reverse();
}

function counts(s: Snap) {
  const m = new Map<string, { c: number; b: number; ids: number[] }>();
  for (let i = 0; i < s.n; i++) {
    if (s.parent[i] === -1) continue;
    const k = cls(s, i);
    let r = m.get(k); if (!r) m.set(k, (r = { c: 0, b: 0, ids: [] }));
    r.c++; r.b += s.size[i]; r.ids.push(i);
  }
  return m;
}

const cli = cliArgs();
const args = cli.argv;
const files = cli.files;
const opt = cli.str;
const top = Number(opt('top', '40')), nPaths = Number(opt('paths', '3')), nSigs = Number(opt('sigs', '8')), depth = Number(opt('depth', '8'));
const suspects = opt('suspects', 'Query,Result,Buffer').split(',').filter(Boolean);

if (args.includes('--weak')) {
  // WeakRef / WeakCell objects: what they point at (their weak edges' targets, by constructor) and what holds them
  for (const f of files) {
    const a = load(f);
    const tg = new Map<string, number>(), hold = new Map<string, number>();
    for (let i = 0; i < a.n; i++) {
      const c = cls(a, i);
      if (c !== 'WeakRef' && c !== 'WeakCell' && c !== 'FinalizationRegistry') continue;
      if (a.parent[i] === -1) continue;
      for (let k = a.firstEdge[i]; k < a.firstEdge[i + 1]; k++) {
        if (a.edgeTypes[a.edgeType[k]] !== 'weak') continue;
        const key = `${c} ${edgeLabel(a, k)} → ${cls(a, a.edgeTo[k])}`;
        tg.set(key, (tg.get(key) ?? 0) + 1);
      }
      const sig = `${c}: ` + path(a, i).slice(-depth).join(' → ');
      hold.set(sig, (hold.get(sig) ?? 0) + 1);
    }
    console.log(`# ${f}: weak edges of WeakRef/WeakCell/FinalizationRegistry by target`);
    for (const [k, v] of [...tg.entries()].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${v}\t${k}`);
    console.log('held by:');
    for (const [k, v] of [...hold.entries()].sort((x, y) => y[1] - x[1]).slice(0, nSigs)) console.log(`${v}\t${k}`);
  }
  process.exit(0);
}
const cutNames = opt('cut', '');
if (cutNames) {
  // nodes reachable from the roots, but not once the property edges named in --cut are removed: what those edges alone keep
  const cut = new Set(cutNames.split(','));
  for (const f of files) {
    const a = load(f), b = load(f, cut);
    const m = new Map<string, { c: number; b: number }>();
    let tc = 0, tb = 0;
    for (let i = 0; i < a.n; i++) {
      if (a.parent[i] === -1 || b.parent[i] !== -1) continue;
      const k = cls(a, i); const r = m.get(k) ?? { c: 0, b: 0 }; r.c++; r.b += a.size[i]; m.set(k, r); tc++; tb += a.size[i];
    }
    console.log(`# ${f}: kept only through the targets of property edges ${cutNames}: ${tc} nodes, ${(tb / 1024).toFixed(1)} KB self`);
    for (const [k, r] of [...m.entries()].sort((x, y) => y[1].b - x[1].b).slice(0, top)) console.log(`${k}\t${r.c}\t${(r.b / 1024).toFixed(1)} KB`);
    for (const sus of suspects) {
      const ids = [...Array(a.n).keys()].filter((i) => a.parent[i] !== -1 && cls(a, i) === sus);
      const still = ids.filter((i) => b.parent[i] !== -1);
      console.log(`${sus}: ${ids.length} reachable, ${still.length} still reachable without ${cutNames}`);
      for (const i of still.slice(0, nPaths)) console.log(`  path without the cut edges: ${path(b, i).slice(-depth).join(' → ')}`);
    }
  }
  process.exit(0);
}
const snaps = files.map((f) => { const t0 = Date.now(); const s = load(f); console.log(`# ${f}: ${s.n} nodes (${Date.now() - t0} ms to read)`); return s; });
const cs = snaps.map(counts);
const last = snaps[snaps.length - 1], lc = cs[cs.length - 1];
const firstIds = snaps.length > 1 ? new Set(snaps[0].id) : undefined;
const total = (m: Map<string, { c: number; b: number }>) => [...m.values()].reduce((a, r) => ({ c: a.c + r.c, b: a.b + r.b }), { c: 0, b: 0 });
cs.forEach((m, i) => { const t = total(m); console.log(`snapshot ${i + 1}: ${t.c} reachable nodes, ${(t.b / 1e6).toFixed(1)} MB self`); });

console.log(`\n## Top ${top} constructors by count in the last snapshot${firstIds ? ' (old = also in snapshot 1, by node id)' : ''}`);
console.log(['constructor', 'count', 'self KB', ...(firstIds ? ['count in 1', 'old', 'new'] : [])].join('\t'));
for (const [k, r] of [...lc.entries()].sort((a, b) => b[1].c - a[1].c).slice(0, top)) {
  const row: (string | number)[] = [k, r.c, Math.round(r.b / 1024)];
  if (firstIds) { const old = r.ids.filter((i) => firstIds.has(last.id[i])).length; row.push(cs[0].get(k)?.c ?? 0, old, r.c - old); }
  console.log(row.join('\t'));
}

for (const sus of suspects) {
  const r = lc.get(sus);
  console.log(`\n## ${sus}: ${r?.c ?? 0} live in the last snapshot${r && cs.length > 1 ? `, ${cs[0].get(sus)?.c ?? 0} in snapshot 1` : ''}`);
  if (!r) continue;
  const sigs = new Map<string, { old: number; new: number; ex: number }>();
  for (const i of r.ids) {
    const p = path(last, i);
    const sig = p.slice(-depth).join(' → ');
    let g = sigs.get(sig); if (!g) sigs.set(sig, (g = { old: 0, new: 0, ex: i }));
    if (firstIds?.has(last.id[i])) g.old++; else g.new++;
  }
  console.log(`retainer signatures (nearest ${depth} links), most common first:`);
  for (const [sig, g] of [...sigs.entries()].sort((a, b) => b[1].old + b[1].new - a[1].old - a[1].new).slice(0, nSigs))
    console.log(`  ${g.old + g.new} (old ${g.old}, new ${g.new}): … ${sig}`);
  for (const i of r.ids.filter((_, j) => j % Math.max(1, Math.floor(r.ids.length / nPaths)) === 0).slice(0, nPaths))
    console.log(`  full path of @${last.id[i]}${firstIds ? (firstIds.has(last.id[i]) ? ' (old)' : ' (new)') : ''}:\n    ${path(last, i).join('\n    → ')}`);
}
