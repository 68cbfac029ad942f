import { assign, createActor, setup, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
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

/**
 * One inert actor scope per compiled machine, reused by every transition of it. XState's own pure
 * `transition()` / `initialTransition()` build a new one per call: `createActor(machine)`, whose
 * constructor computes the machine's initial snapshot (our context factory, called without input,
 * throws and is caught), plus a fresh system — ~35 µs of a ~60 µs step, per conversation per event
 * (issue #12: a timer storm's restore cost). The scope is the same inert one those functions build
 * (nothing deferred, no logger, no inspection): our machines spawn and invoke nothing, so nothing
 * registers in its system between calls. Transitions are synchronous, so one scope per machine is
 * never used by two at once; its action collector is set per call.
 */
type InertScope = AnyActorScope & { collected: FlowActionRef[] };
const scopes = new WeakMap<FlowMachine, InertScope>();
const noop = () => {};
function inertScope(machine: FlowMachine): InertScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    const s: InertScope = {
      self,
      system: self.system,
      defer: noop,
      id: '',
      logger: noop,
      sessionId: '',
      stopChild: noop,
      emit: noop,
      collected: [],
      actionExecutor: (action) => {
        s.collected.push({ type: action.type, params: action.params });
      },
    };
    scopes.set(machine, s);
    scope = s;
  }
  scope.collected = [];
  return scope;
}

/** The initial snapshot of a new conversation and the actions of its first transition (as initialTransition()). */
export function startMachine(machine: FlowMachine, input: FlowInputData): [FlowSnapshot, FlowActionRef[]] {
  const scope = inertScope(machine);
  const snap: FlowSnapshot = machine.getInitialSnapshot(scope, input);
  return [snap, scope.collected];
}

/** One event through the pure machine: the next snapshot and the actions to interpret (as transition()). */
export function stepMachine(machine: FlowMachine, snap: FlowSnapshot, event: FlowEvent): [FlowSnapshot, FlowActionRef[]] {
  const scope = inertScope(machine);
  const next: FlowSnapshot = machine.transition(snap, event, scope);
  return [next, scope.collected];
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
