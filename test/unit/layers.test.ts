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
  /* 2 ports        */ ['classify', 'channels', 'queue'],
  /* 3 the gate     */ ['compliance'],
  /* 4 outbound     */ ['outbox'],
  /* 5 ledger       */ ['dunning'],
  /* 6 the engine   */ ['conversation'],
  /* 7 features     */ ['auth', 'campaigns'],
  /* 8 workers      */ ['jobs', 'metrics'],
  /* 9 entry points */ ['http', 'edge', 'bootstrap', 'main', 'lifecycle', 'services'],
];

/** Files that already belong to a lower layer than their folder says (to move when the folder work is done). */
const FILE_MODULE: Record<string, string> = {
  'jobs/port.ts': 'queue',
  'jobs/memory-queue.ts': 'queue',
  'jobs/bullmq-queue.ts': 'queue',
  'jobs/cloudflare-queue.ts': 'queue',
};

/**
 * Upward imports that remain, "from -> to" (paths under src/). May only shrink.
 * Type-only imports of services.ts (the composition root's bag of ports) are not counted.
 */
const ALLOWED = new Set<string>([
  // dunning's orchestration of the engine (human actions, payments, loading a debt, checkout) sits in
  // the ledger folder: the conversation⇄dunning cycle that remains. To move above conversation/.
  'dunning/checkout.ts -> conversation/engine.ts',
  'dunning/checkout.ts -> conversation/templates.ts',
  'dunning/collector.ts -> conversation/compile.ts',
  'dunning/collector.ts -> conversation/context.ts',
  'dunning/collector.ts -> conversation/engine.ts',
  'dunning/collector.ts -> conversation/templates.ts',
  'dunning/debts.ts -> conversation/engine.ts',
  'dunning/debts.ts -> conversation/flow-schema.ts',
  'dunning/payments.ts -> conversation/engine.ts',
  // the batched import (#12) starts conversations in bulk from dunning/: the same cycle, to move with it.
  'dunning/bulk-start.ts -> conversation/compile.ts',
  'dunning/bulk-start.ts -> conversation/context.ts',
  'dunning/bulk-start.ts -> conversation/engine.ts',
  'dunning/bulk-start.ts -> conversation/flow-store.ts',
  'dunning/bulk-start.ts -> conversation/interpret.ts',
  'dunning/bulk-start.ts -> conversation/registry.ts',
  'dunning/debts.ts -> conversation/flow-store.ts',
  'dunning/import.ts -> conversation/flow-store.ts',
  // Landed with #13 in parallel with this check (to fold next): the RCS card renders flow templates
  // (a port rendering domain text: the card should take rendered text); the env parser validates the
  // route table with the channels' parser; campaigns ask the route of a conversation through
  // jobs/routes.ts (belongs in channels/ or outbox/); the flow editor's form prices templates with
  // campaigns/cost.ts (belongs in channels/ with billing).
  'channels/rcs-card.ts -> conversation/flow-schema.ts',
  'channels/rcs-card.ts -> conversation/templates.ts',
  'config/env.ts -> channels/routing.ts',
  'campaigns/service.ts -> jobs/routes.ts',
  'conversation/flow-form.ts -> campaigns/cost.ts',
  // the Cloudflare queue adapter reads the Worker's binding types.
  'jobs/cloudflare-queue.ts -> edge/bindings.ts',
  // the outbox stores the deferred wording that conversation/templates owns.
  'outbox/queue.ts -> conversation/templates.ts',
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
    expect(upward([{ from: 'compliance/facts.ts', to: 'jobs/sender.ts', typeOnly: true }])).toEqual(['compliance/facts.ts -> jobs/sender.ts']);
    expect(upward([{ from: 'jobs/sender.ts', to: 'compliance/facts.ts', typeOnly: false }])).toEqual([]);
  });
});
