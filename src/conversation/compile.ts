import { assign, initialTransition, setup, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { initialContext, type FlowContext, type FlowEvent, type FlowInputData } from './context';
import type { ActionRef, FlowDefinition, StateDef } from '../flow/schema';
import { assignUpdates, effectParams, guardImpls } from './registry';

export type FlowMachine = AnyStateMachine;

function toXstateAction(ref: ActionRef): unknown {
  return typeof ref === 'string' ? { type: ref } : ref;
}

function mapTransitions(t: unknown): unknown {
  if (Array.isArray(t)) return t.map(mapTransitions);
  if (typeof t === 'string') return { target: t };
  const tr = t as { target?: string; guard?: ActionRef; actions?: ActionRef[]; reenter?: boolean; description?: string };
  return {
    ...(tr.target !== undefined ? { target: tr.target } : {}),
    ...(tr.guard !== undefined ? { guard: toXstateAction(tr.guard) } : {}),
    ...(tr.actions ? { actions: tr.actions.map(toXstateAction) } : {}),
    ...(tr.reenter ? { reenter: true } : {}),
  };
}

function mapOn(on: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!on) return undefined;
  return Object.fromEntries(Object.entries(on).map(([k, v]) => [k, mapTransitions(v)]));
}

function mapState(s: StateDef): Record<string, unknown> {
  return {
    ...(s.type ? { type: s.type } : {}),
    ...(s.tags ? { tags: s.tags } : {}),
    ...(s.initial ? { initial: s.initial } : {}),
    ...(s.entry ? { entry: s.entry.map(toXstateAction) } : {}),
    ...(s.exit ? { exit: s.exit.map(toXstateAction) } : {}),
    ...(s.on ? { on: mapOn(s.on) } : {}),
    ...(s.always ? { always: mapTransitions(s.always) } : {}),
    ...(s.states ? { states: Object.fromEntries(Object.entries(s.states).map(([k, v]) => [k, mapState(v)])) } : {}),
  };
}

/** Builds the XState machine from flow data: setup({ actions, guards }).createMachine(config). */
export function compileFlow(flow: FlowDefinition): FlowMachine {
  const effects = Object.fromEntries(Object.keys(effectParams).map((name) => [name, () => {}]));
  const updates = assignUpdates(flow);
  const assigns = Object.fromEntries(
    Object.entries(updates).map(([name, fn]) => [
      name,
      assign(({ context, event }: { context: FlowContext; event: FlowEvent }, params: unknown) =>
        fn({ context, event }, params),
      ),
    ]),
  );
  const machine = setup({
    types: {} as { context: FlowContext; events: FlowEvent; input: FlowInputData },
    actions: { ...effects, ...assigns } as any,
    guards: guardImpls(flow) as any,
  }).createMachine({
    id: 'flow',
    context: ({ input }: { input: FlowInputData }) => initialContext(input),
    initial: flow.machine.initial,
    ...(flow.machine.on ? { on: mapOn(flow.machine.on) } : {}),
    states: Object.fromEntries(Object.entries(flow.machine.states).map(([k, v]) => [k, mapState(v)])),
  } as any);
  return machine as unknown as FlowMachine;
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
