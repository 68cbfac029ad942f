/**
 * The dependency rules of src/ (docs/architecture.md), checked over the real import graph on every
 * test run: a lower layer never imports an upper one. What still breaks the rule is named below, file
 * by file; that list may only shrink (an entry that no longer happens fails the test too).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Lowest first. A module may import its own layer and the layers below it. */
const LAYERS: string[][] = [
  /* 0 foundations  */ ['shared', 'config', 'log'],
  /* 1 storage      */ ['db'],
  /* 2 ports, flow language */ ['classify', 'channels', 'queue', 'flow'],
  /* 3 the gate     */ ['compliance'],
  /* 4 outbound     */ ['outbox'],
  /* 5 ledger       */ ['ledger'],
  /* 6 the engine   */ ['conversation'],
  /* 7 features     */ ['auth', 'campaigns', 'dunning'],
  /* 8 workers      */ ['workers', 'metrics'],
  /* 9 entry points */ ['http', 'edge', 'bootstrap', 'main', 'lifecycle', 'heap', 'services'],
];

/** Files that belong to a lower layer than their folder says (none left). */
const FILE_MODULE: Record<string, string> = {};

/**
 * Upward imports that remain, "from -> to" (paths under src/). May only shrink.
 * Type-only imports of services.ts (the composition root's bag of ports) are not counted.
 */
const ALLOWED = new Set<string>([
]);

const layerOf = new Map(LAYERS.flatMap((mods, i) => mods.map((m) => [m, i] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec).replace(/\.js$/, '');
  for (const c of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(c)) return c;
  return null;
}

export interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function importGraph(): Edge[] {
  const edges: Edge[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(re)) {
      const to = resolveImport(file, m[2] ?? m[3]!);
      if (to && to.startsWith(SRC)) edges.push({ from: relative(SRC, file), to: relative(SRC, to), typeOnly: Boolean(m[1]) });
    }
  }
  return edges;
}

export function moduleOf(path: string): string {
  if (FILE_MODULE[path]) return FILE_MODULE[path]!;
  const [head, ...rest] = path.split('/');
  return rest.length ? head! : head!.replace(/\.tsx?$/, '');
}

/** The edges that import upward. */
export function upward(edges: Edge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const a = moduleOf(e.from);
    const b = moduleOf(e.to);
    if (a === b) continue;
    if (b === 'services' && e.typeOnly) continue;
    const la = layerOf.get(a);
    const lb = layerOf.get(b);
    if (la === undefined || lb === undefined) throw new Error(`no layer for ${la === undefined ? a : b}: add it to LAYERS in ${import.meta.url}`);
    if (lb > la) out.push(`${e.from} -> ${e.to}`);
  }
  return [...new Set(out)].sort();
}

describe('layers: lower never imports upper', () => {
  const found = upward(importGraph());

  it('every folder of src/ has a layer', () => {
    for (const f of readdirSync(SRC)) {
      if (f.endsWith('.md')) continue;
      expect(layerOf.has(moduleOf(f)), `src/${f}`).toBe(true);
    }
  });

  it('no upward import outside the named list', () => {
    expect(found.filter((v) => !ALLOWED.has(v))).toEqual([]);
  });

  it('the named list only shrinks: every entry still happens', () => {
    expect([...ALLOWED].filter((v) => !found.includes(v))).toEqual([]);
  });

  it('the check itself catches an upward import', () => {
    expect(upward([{ from: 'shared/time.ts', to: 'http/app.ts', typeOnly: false }])).toEqual(['shared/time.ts -> http/app.ts']);
    expect(upward([{ from: 'compliance/facts.ts', to: 'workers/sender.ts', typeOnly: true }])).toEqual(['compliance/facts.ts -> workers/sender.ts']);
    expect(upward([{ from: 'workers/sender.ts', to: 'compliance/facts.ts', typeOnly: false }])).toEqual([]);
  });
});
