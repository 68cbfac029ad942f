import type { ActionRef, FlowDefinition, StateDef } from '../flow/schema';

/**
 * Where a person may hand a thread back to the bot, read from the flow itself (issue #10: no list
 * of targets hard-coded outside the flow). Each `handback` transition is one target: a
 * `handbackTo` guard names it (`state`), and the unguarded transition (or `default: true`) is the
 * default, named after the last part of its target state.
 */
export interface HandbackTargets {
  /** In the flow's order, the default included. */
  targets: string[];
  /** What a handback without a target resumes at; null when the flow has no default. */
  default: string | null;
  /** The state path each target resumes at ("active.promised"), relative to the machine root. */
  stateOf: Record<string, string>;
}

type Transition = { target?: string; guard?: ActionRef };

const transitionsOf = (t: unknown): Transition[] =>
  t === undefined ? [] : Array.isArray(t) ? t.flatMap(transitionsOf) : typeof t === 'string' ? [{ target: t }] : [t as Transition];

/** "#flow.active.promised" / "active.promised" / ".promised" → "active.promised" (relative to `base`). */
function resolveTarget(target: string, base: string[]): string {
  if (target.startsWith('#flow.')) return target.slice('#flow.'.length);
  if (target.startsWith('.')) return [...base, target.slice(1)].join('.');
  // A sibling of the state that declares the transition (XState's default), or a root state.
  return [...base.slice(0, -1), target].join('.');
}

function handbackOf(ref: ActionRef | undefined): { state: string; default: boolean } | null {
  if (!ref || typeof ref === 'string' || ref.type !== 'handbackTo') return null;
  const p = ref.params ?? {};
  return typeof p.state === 'string' ? { state: p.state, default: p.default === true } : null;
}

export function handbackTargets(flow: Pick<FlowDefinition, 'machine'>): HandbackTargets {
  const out: HandbackTargets = { targets: [], default: null, stateOf: {} };
  const add = (name: string, path: string | undefined, isDefault: boolean) => {
    if (!out.targets.includes(name)) out.targets.push(name);
    if (path && !out.stateOf[name]) out.stateOf[name] = path;
    if (isDefault && !out.default) out.default = name;
  };
  const visit = (on: StateDef['on'], base: string[]) => {
    for (const t of transitionsOf(on?.handback)) {
      const path = t.target ? resolveTarget(t.target, base) : undefined;
      const hb = handbackOf(t.guard);
      if (hb) add(hb.state, path, hb.default);
      else if (!t.guard && path) add(path.split('.').at(-1)!, path, true);
    }
  };
  const walk = (states: Record<string, StateDef>, base: string[]) => {
    for (const [name, s] of Object.entries(states)) {
      visit(s.on, [...base, name]);
      if (s.states) walk(s.states, [...base, name]);
    }
  };
  visit(flow.machine.on, []);
  walk(flow.machine.states, []);
  return out;
}

/** The state definition at a dotted path ("active.promised"). */
export function stateAt(flow: Pick<FlowDefinition, 'machine'>, path: string): StateDef | undefined {
  let states: Record<string, StateDef> | undefined = flow.machine.states;
  let found: StateDef | undefined;
  for (const part of path.split('.')) {
    found = states?.[part];
    states = found?.states;
  }
  return found;
}

/** A target whose state records a promise or arms timers from the promise date needs one in the context. */
export function targetNeedsPromise(flow: Pick<FlowDefinition, 'machine'>, target: string): boolean {
  const path = handbackTargets(flow).stateOf[target];
  const entry = (path && stateAt(flow, path)?.entry) || [];
  return entry.some((a) => a === 'recordPromise' || (typeof a !== 'string' && (a.type === 'recordPromise' || a.params?.from === 'promiseDate')));
}
