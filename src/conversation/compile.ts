import { assign, initialTransition, setup, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { initialContext, type FlowContext, type FlowEvent, type FlowInputData } from './context';
import type { ActionRef, FlowDefinition, StateDef } from '../flow/schema';
import { assignSchemas, assignUpdates, guardImpls, guardSchemas, isAssign, isGuard, type AssignImpls, type AssignName, type GuardImpls, type GuardName } from './registry';

export type FlowMachine = AnyStateMachine;

type Args = { context: FlowContext; event: FlowEvent };

/**
 * The machine's setup. Effect actions are named no-ops: transition() hands them back as data
 * (`{ type, params }`) for interpret(). Guards and assigns are bound to their parsed params when the
 * flow compiles (inline in the config), so their params are typed and parsed once, not per event.
 */
const flowSetup = () =>
  setup({
    types: {} as { context: FlowContext; events: FlowEvent; input: FlowInputData },
    actions: {} as Record<string, () => void>,
  });
type FlowConfig = Parameters<ReturnType<typeof flowSetup>['createMachine']>[0];
type StateConfig = NonNullable<FlowConfig['states']>[string];
type TransitionsConfig = NonNullable<StateConfig['always']>;
type OnConfig = NonNullable<StateConfig['on']>;
/** One action of a list (the config also takes a single action in place of a list). */
type ActionConfig = Extract<NonNullable<StateConfig['entry']>, readonly unknown[]>[number];
type TransitionConfig = { target?: string; guard?: (a: Args) => boolean; actions?: ActionConfig[]; reenter?: boolean };

/** One guard of the registry, bound to its params (parsed by the guard's zod schema). */
function bindGuard<K extends GuardName>(impls: GuardImpls, name: K, raw: unknown): (a: Args) => boolean {
  const params = guardSchemas[name].parse(raw);
  const impl = impls[name];
  return (a) => impl(a, params);
}

function bindAssign<K extends AssignName>(impls: AssignImpls, name: K, raw: unknown) {
  const params = assignSchemas[name].parse(raw);
  const impl = impls[name];
  return assign<FlowContext, FlowEvent, undefined, FlowEvent, never>((a) => impl(a, params));
}

/** Compiles one flow's refs: the registry's implementations, bound per ref. */
function compiler(flow: FlowDefinition) {
  const guards = guardImpls(flow);
  const assigns = assignUpdates(flow);
  const parts = (ref: ActionRef) => (typeof ref === 'string' ? { name: ref, params: {} } : { name: ref.type, params: ref.params ?? {} });
  const action = (ref: ActionRef): ActionConfig => {
    const { name, params } = parts(ref);
    // Unknown names are refused by validateFlow before a flow can be published.
    return isAssign(name) ? bindAssign(assigns, name, params) : { type: name, params };
  };
  const guard = (ref: ActionRef) => {
    const { name, params } = parts(ref);
    if (!isGuard(name)) throw new Error(`unknown guard "${name}"`);
    return bindGuard(guards, name, params);
  };
  const one = (t: unknown): TransitionConfig => {
    if (typeof t === 'string') return { target: t };
    const tr = t as { target?: string; guard?: ActionRef; actions?: ActionRef[]; reenter?: boolean };
    return {
      ...(tr.target !== undefined ? { target: tr.target } : {}),
      ...(tr.guard !== undefined ? { guard: guard(tr.guard) } : {}),
      ...(tr.actions ? { actions: tr.actions.map(action) } : {}),
      ...(tr.reenter ? { reenter: true } : {}),
    };
  };
  const transitions = (t: unknown): TransitionsConfig => (Array.isArray(t) ? t.map(one) : one(t));
  const on = (o: Record<string, unknown>): OnConfig => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, transitions(v)]));
  const state = (s: StateDef): StateConfig => ({
    ...(s.type ? { type: s.type } : {}),
    ...(s.tags ? { tags: s.tags } : {}),
    ...(s.initial ? { initial: s.initial } : {}),
    ...(s.entry ? { entry: s.entry.map(action) } : {}),
    ...(s.exit ? { exit: s.exit.map(action) } : {}),
    ...(s.on ? { on: on(s.on) } : {}),
    ...(s.always ? { always: transitions(s.always) } : {}),
    ...(s.states ? { states: Object.fromEntries(Object.entries(s.states).map(([k, v]) => [k, state(v)])) } : {}),
  });
  return { on, state };
}

/** Builds the XState machine from flow data: setup({ types, actions }).createMachine(config). */
export function compileFlow(flow: FlowDefinition): FlowMachine {
  const c = compiler(flow);
  return flowSetup().createMachine({
    id: 'flow',
    context: ({ input }) => initialContext(input),
    initial: flow.machine.initial,
    ...(flow.machine.on ? { on: c.on(flow.machine.on) } : {}),
    states: Object.fromEntries(Object.entries(flow.machine.states).map(([k, v]) => [k, c.state(v)])),
  });
}

/** A snapshot of a flow machine, with the context typed. */
export type FlowSnapshot = AnyMachineSnapshot & { context: FlowContext };
/** What transition() returns: assign actions already ran; effect actions are data for interpret(). */
export type FlowActionRef = { type: string; params?: unknown };

const actionRefs = (actions: ReadonlyArray<{ type: string; params?: unknown }>): FlowActionRef[] => actions.map((a) => ({ type: a.type, params: a.params }));

/** The initial snapshot of a new conversation and the actions of its first transition. */
export function startMachine(machine: FlowMachine, input: FlowInputData): [FlowSnapshot, FlowActionRef[]] {
  const [snap, actions] = initialTransition(machine, input);
  return [snap, actionRefs(actions)];
}

/** One event through the pure machine: the next snapshot and the actions to interpret. */
export function stepMachine(machine: FlowMachine, snap: FlowSnapshot, event: FlowEvent): [FlowSnapshot, FlowActionRef[]] {
  const [next, actions] = transition(machine, snap, event);
  return [next, actionRefs(actions)];
}

/** A persisted snapshot (conversations.snapshot) back into the machine's snapshot. */
export function restoreMachine(machine: FlowMachine, persisted: unknown): FlowSnapshot {
  return machine.resolveState(persisted as Parameters<FlowMachine['resolveState']>[0]);
}

/** Whether the machine in `snap` takes `event` (a person's action is refused otherwise). */
export function machineCan(snap: FlowSnapshot, event: FlowEvent): boolean {
  return snap.can(event);
}

/** "dunning" or "plan.offered" */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [k, v] = Object.entries(value as Record<string, unknown>)[0] ?? ['', ''];
    const rest = stateName(v);
    return rest ? `${k}.${rest}` : k;
  }
  return '';
}

export type { ConversationStatus } from '../../db/schema';
import type { ConversationStatus } from '../../db/schema';

/** The conversation status follows the tags of the state it is in. */
export function statusFromTags(tags: Iterable<string>): ConversationStatus {
  const set = new Set(tags);
  for (const s of ['opted_out', 'escalated', 'resolved', 'closed'] as const) if (set.has(s)) return s;
  return 'active';
}
