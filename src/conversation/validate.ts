import { LineCounter, parseDocument } from 'yaml';
import { Intent } from '../classify/port';
import { findThreats, threatRulesFor } from '../compliance/threat-lint';
import { segmentInfo } from './segments';
import { lintRcs } from './rcs-lint';
import type { RouteKind } from '../channels/billing';
import { compileFlow, restoreMachine, startMachine, stateName, stepMachine, type FlowSnapshot } from './compile';
import { FlowContext, type FlowEvent } from './context';
import { FlowDefinition, type ActionRef, type StateDef } from '../flow/schema';
import { assignParams, effectParams, guardParams, isAssign, isEffect, isGuard } from './registry';
import { PLACEHOLDERS, placeholdersIn, relativeWording, render, stopWording } from '../flow/templates';
import type { Locale } from '../classify/port';

export interface FlowIssue {
  path: string;
  message: string;
  severity: 'error' | 'warning';
  line?: number;
  /** Catalogue key for the message in the editor's language (src/http/ui/lint-messages.ts); `message` is the English text. */
  code?: string;
  params?: Record<string, string | number>;
}
export type FlowValidation =
  | { ok: true; flow: FlowDefinition; issues: FlowIssue[]; machineStates: string[] }
  | { ok: false; issues: FlowIssue[] };

/** Events the system sends (besides the intents): tried in every state when the flow has a wildcard `on` key. */
export const SYSTEM_EVENTS = ['reminder', 'schedule_end', 'payment_received', 'handback', 'resolve', 'llm_failed', 'contact_window', 'optout_unsure', 'promise_recorded'];

const SAMPLE_NOW = '2026-11-20T01:00:00.000Z';

function refName(ref: ActionRef): { name: string; params: unknown } {
  return typeof ref === 'string' ? { name: ref, params: {} } : { name: ref.type, params: ref.params ?? {} };
}

function transitionsOf(t: unknown): Array<{ guard?: ActionRef; actions?: ActionRef[]; target?: string }> {
  if (t === undefined) return [];
  if (Array.isArray(t)) return t.flatMap(transitionsOf);
  if (typeof t === 'string') return [{ target: t }];
  return [t as { guard?: ActionRef; actions?: ActionRef[] }];
}

/** Registry check: every action and guard a flow names exists and gets valid params. */
function checkRefs(flow: FlowDefinition): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const sendTemplates: Array<{ template: string; path: string }> = [];
  const checkAction = (ref: ActionRef, path: string) => {
    const { name, params } = refName(ref);
    const schema = isEffect(name) ? effectParams[name] : isAssign(name) ? assignParams[name] : null;
    if (!schema) {
      issues.push({ path, severity: 'error', message: `unknown action "${name}"; known: ${[...Object.keys(effectParams), ...Object.keys(assignParams)].join(', ')}` });
      return;
    }
    const r = schema.safeParse(params);
    if (!r.success) issues.push({ path, severity: 'error', message: `action "${name}": ${r.error.issues.map((i) => `${i.path.join('.') || 'params'} ${i.message}`).join('; ')}` });
    if (name === 'send' && r.success) sendTemplates.push({ template: (r.data as unknown as { template: string }).template, path });
  };
  const checkGuard = (ref: ActionRef, path: string) => {
    const { name, params } = refName(ref);
    if (!isGuard(name)) {
      issues.push({ path, severity: 'error', message: `unknown guard "${name}"; known: ${Object.keys(guardParams).join(', ')}` });
      return;
    }
    const r = guardParams[name].safeParse(params);
    if (!r.success) issues.push({ path, severity: 'error', message: `guard "${name}": ${r.error.issues.map((i) => i.message).join('; ')}` });
  };
  const checkOn = (on: Record<string, unknown> | undefined, base: string) => {
    for (const [ev, t] of Object.entries(on ?? {})) {
      transitionsOf(t).forEach((tr, i) => {
        const p = `${base}.on.${ev}${Array.isArray(t) ? `.${i}` : ''}`;
        if (tr.guard) checkGuard(tr.guard, `${p}.guard`);
        tr.actions?.forEach((a, j) => checkAction(a, `${p}.actions.${j}`));
      });
    }
  };
  const walk = (states: Record<string, StateDef>, base: string) => {
    for (const [name, s] of Object.entries(states)) {
      const p = `${base}.${name}`;
      s.entry?.forEach((a, i) => checkAction(a, `${p}.entry.${i}`));
      s.exit?.forEach((a, i) => checkAction(a, `${p}.exit.${i}`));
      checkOn(s.on, p);
      if (s.states) walk(s.states, `${p}.states`);
    }
  };
  checkOn(flow.machine.on, 'machine');
  walk(flow.machine.states, 'machine.states');
  for (const { template, path } of sendTemplates) {
    if (!flow.templates[template]?.[flow.locale]) issues.push({ path, severity: 'error', message: `template "${template}" has no ${flow.locale} text` });
  }
  flow.schedule.forEach((step, i) => {
    if (step.template && !flow.templates[step.template]?.[flow.locale])
      issues.push({ path: `schedule.${i}.template`, severity: 'error', message: `template "${step.template}" has no ${flow.locale} text` });
  });
  return issues;
}

/** Sample values for lint and the editor's preview: the longest wording each placeholder can take. */
export const SAMPLE_VARS = (flow: Pick<FlowDefinition, 'brand' | 'locale' | 'contact'>) => ({
  brand: flow.brand,
  amount: flow.locale === 'ja' ? '1,234,567円' : '$12,345.67',
  balance: flow.locale === 'ja' ? '1,234,567円' : '$12,345.67',
  dueDate: flow.locale === 'ja' ? '12月31日' : 'Dec 31',
  link: 'https://pay.example.com/p/AbCdEfGhIjKlMnOpQrStUv',
  stop: stopWording(flow.locale),
  contact: flow.contact,
  latestDate: flow.locale === 'ja' ? '12月31日' : 'Dec 31',
  promiseDate: flow.locale === 'ja' ? '12月31日' : 'Dec 31',
  offers: flow.locale === 'ja' ? '2回(各50,000円) / 3回(各33,334円) / 6回(各16,667円)' : '2 x $50.00 / 3 x $33.34 / 6 x $16.67',
  count: '6',
  firstAmount: flow.locale === 'ja' ? '16,667円' : '$16.67',
  firstDate: flow.locale === 'ja' ? '12月31日' : 'Dec 31',
  seq: '6',
  installmentAmount: flow.locale === 'ja' ? '16,667円' : '$16.67',
  paidAmount: flow.locale === 'ja' ? '1,234,567円' : '$12,345.67',
  contactWindow: flow.locale === 'ja' ? '平日19時以降' : 'weekdays after 7pm',
  // The longest wording each can take (N days late).
  dueStatus: relativeWording('due', '2026-11-30', '2026-12-30', flow.locale),
  promiseStatus: relativeWording('promise', '2026-11-30', '2026-12-30', flow.locale),
  installmentStatus: relativeWording('installment', '2026-11-30', '2026-12-30', flow.locale),
});

/** "Today" in fixed words is true only on one day; a reminder can be held or sent late. */
const FIXED_TODAY: Record<Locale, RegExp> = { ja: /本日|今日|きょう/, en: /\b(today|tonight)\b/i };

/** Compliance lint (COMPLIANCE.md rules 3, 8a, 11, 15): brand first, stop wording, no threats, length. */
export function lintTemplates(flow: FlowDefinition, opts: { routeKind?: RouteKind } = {}): FlowIssue[] {
  const issues: FlowIssue[] = [];
  // Segments only matter on a route that splits: +81 numbers go over a domestic route (rule 12), which
  // delivers up to 670 characters as one long SMS (src/channels/billing.ts).
  const splits = (opts.routeKind ?? (flow.jurisdiction === 'jp' ? 'jp-long' : 'split')) === 'split';
  const first = flow.schedule.find((s) => s.template)?.template;
  const threatRules = threatRulesFor(flow.jurisdiction, flow.locale);
  for (const [name, byLocale] of Object.entries(flow.templates)) {
    const t = byLocale[flow.locale];
    if (t === undefined) continue;
    const texts = typeof t === 'string' ? [t] : t;
    texts.forEach((text, i) => {
      const path = `templates.${name}.${flow.locale}${typeof t === 'string' ? '' : `.${i}`}`;
      const err = (code: string, message: string, params: Record<string, string | number> = {}) => issues.push({ path, severity: 'error', message, code, params: { template: name, ...params } });
      for (const ph of placeholdersIn(text))
        if (!(PLACEHOLDERS as readonly string[]).includes(ph)) err('unknown_placeholder', `unknown placeholder {${ph}}; known: ${PLACEHOLDERS.join(', ')}`, { placeholder: ph });
      if (FIXED_TODAY[flow.locale].test(text))
        err('fixed_today', 'says "today" in fixed words, which is false when the message is held or sent late: use {dueStatus}, {promiseStatus} or {installmentStatus}, worded from the day it is sent');
      if (!/^\W{0,2}\{brand\}/u.test(text)) err('brand_first', 'must start with {brand} so the debtor sees who writes (COMPLIANCE rule 3)');
      if (name === first && !text.includes('{stop}')) err('stop_first', 'the first message must say how to stop: add {stop} (COMPLIANCE rule 3)');
      if (flow.jurisdiction === 'us' && name !== 'optout_confirmation' && !text.includes('{stop}')) err('stop_us', 'US profile: every text carries "Reply STOP to opt out": add {stop} (COMPLIANCE rule 15)');
      if (/https?:\/\/(bit\.ly|t\.co|tinyurl\.com|goo\.gl|ow\.ly)\//i.test(text)) err('shortener', 'no public URL shorteners: use {link}, which is on your own domain (COMPLIANCE rule 3)');
      for (const f of findThreats(text, threatRules))
        err(`threat.${f.family}`, `threatening or false wording (${f.family.replace(/_/g, ' ')}): "${f.matched}" — no threats of legal action, arrest, seizure or contact with family or workplace, no shaming, no false urgency (COMPLIANCE rule 8a; 貸金業法21条1項, Reg F §1006.14/§1006.18)`, { matched: f.matched });
      const seg = segmentInfo(render(text, SAMPLE_VARS(flow)));
      if (seg.length > 670) err('too_long', `too long: ${seg.length} characters with sample values; carriers accept 670 (COMPLIANCE rule 11)`, { length: seg.length });
      else if (seg.segments > 1 && splits)
        issues.push({ path, severity: 'warning', message: `${seg.segments} SMS segments (${seg.encoding}) with sample values on a route that splits`, code: 'segments', params: { template: name, segments: seg.segments, encoding: seg.encoding } });
    });
  }
  return issues;
}

/** The events a machine definition names: its `on` keys and `timeout.<name>` of every startTimer. */
export function flowEvents(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) flowEvents(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'startTimer' && o.params && typeof (o.params as { name?: unknown }).name === 'string') out.add(`timeout.${(o.params as { name: string }).name}`);
    if (o.on && typeof o.on === 'object') for (const k of Object.keys(o.on)) out.add(k);
    for (const v of Object.values(o)) flowEvents(v, out);
  }
  return out;
}

/** Every leaf state the flow declares, as dotted paths ("active.dunning"). */
export function declaredStates(states: Record<string, StateDef>, base = ''): string[] {
  return Object.entries(states).flatMap(([name, s]) => {
    const path = base ? `${base}.${name}` : name;
    return s.states && Object.keys(s.states).length ? declaredStates(s.states, path) : [path];
  });
}

/** "active.dunning" → { active: 'dunning' } (an XState state value). */
const valueOf = (path: string): string | Record<string, unknown> => {
  const [head, ...rest] = path.split('.');
  return rest.length ? { [head!]: valueOf(rest.join('.')) } : head!;
};

/** The guards the flow puts on each event's transitions (what the event's payload must vary). */
function guardsByEvent(flow: FlowDefinition): Map<string, ActionRef[]> {
  const out = new Map<string, ActionRef[]>();
  const visit = (on: StateDef['on']) => {
    for (const [ev, t] of Object.entries(on ?? {}))
      for (const tr of transitionsOf(t)) if (tr.guard) out.set(ev, [...(out.get(ev) ?? []), tr.guard]);
  };
  const walk = (states: Record<string, StateDef>) => {
    for (const s of Object.values(states)) {
      visit(s.on);
      if (s.states) walk(s.states);
    }
  };
  visit(flow.machine.on);
  walk(flow.machine.states);
  return out;
}

/**
 * Every event that can reach a state, with each payload its guards look at: the intents, the
 * system's events and whatever the flow names (its `on` keys, `timeout.<name>` of each timer), each
 * once bare and once per guard value (every handback target, yes and no, a date within and past
 * the limit, an allowed instalment count, a settled and a partial payment, an instalment number).
 */
export function dryRunEvents(flow: FlowDefinition): FlowEvent[] {
  // An event no `on` names changes nothing (XState ignores it), so the flow's own names are every
  // event that can move it; a wildcard key ("*", "timeout.*") may take any, so then all are tried.
  const own = flowEvents(flow.machine);
  const wildcard = [...own].some((n) => n.includes('*'));
  const names = [...new Set([...(wildcard ? [...Intent.options, ...SYSTEM_EVENTS] : []), ...[...own].filter((n) => !n.includes('*'))])];
  const base = (type: string): FlowEvent => ({ type, now: SAMPLE_NOW, entities: {}, step: 0, ...(type === 'payment_received' ? { balance: 0 } : {}) });
  const guards = guardsByEvent(flow);
  const variants = (type: string): FlowEvent[] =>
    (guards.get(type) ?? []).flatMap((g): FlowEvent[] => {
      const name = typeof g === 'string' ? g : g.type;
      const params = typeof g === 'string' ? {} : (g.params ?? {});
      const e = base(type);
      switch (name) {
        case 'handbackTo':
          return [{ ...e, target: String(params.state) }];
        case 'answerIs':
          return [{ ...e, entities: { answer: 'yes' } }, { ...e, entities: { answer: 'no' } }];
        case 'hasDate':
        case 'dateWithinLimit':
          return [{ ...e, entities: { date: '2026-11-25' } }, { ...e, entities: { date: '2027-06-01' } }];
        case 'hasAllowedInstallments':
          return flow.policy.installmentCounts.map((n) => ({ ...e, entities: { installments: n } }));
        case 'balanceSettled':
          return [{ ...e, balance: 0 }, { ...e, balance: 1 }];
        case 'installmentPaid':
          return [{ ...e, seq: 1 }];
        default:
          return [];
      }
    });
  const seen = new Set<string>();
  return names.flatMap((n) => [base(n), ...variants(n)]).filter((e) => {
    const k = JSON.stringify(e);
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** How many different contexts the dry run keeps per state, besides the counters at their limits. */
const CONTEXTS_PER_STATE = 2;
/** The part of the context guards read: two snapshots that agree on it take the same transitions. */
const guardView = (c: FlowContext) =>
  JSON.stringify([c.expecting, c.unknownCount, c.paidChecks, c.missedInstallments ?? 0, c.promiseDate !== null, c.balance > 0, c.plan?.length ?? 0, c.offeredCounts.length]);

/**
 * The counters the flow's guards compare, one step short of each limit: a transition that needs
 * the second unconfirmed check or the third unclear reply is taken by the next event.
 */
function countersAtLimits(flow: FlowDefinition): Partial<FlowContext> {
  const n = (type: string) =>
    Math.max(0, ...[...guardsByEvent(flow).values()].flat().flatMap((g) => (typeof g !== 'string' && g.type === type && typeof g.params?.n === 'number' ? [g.params.n] : [])));
  return { paidChecks: n('paidChecksAtLeast'), missedInstallments: Math.max(0, n('missedInstallmentsReach') - 1), unknownCount: Math.max(0, flow.policy.unknownRepliesBeforeHandoff - 1) };
}

/**
 * Dry run and graph check. Every state the flow declares is checked, reached or not (an
 * unreached one starts from the initial context): STOP leads to opt-out from it, and a path leads to
 * a person. The walk from the initial state tries every event of dryRunEvents in every state and
 * keeps a few contexts per state, so a state reached only through a timeout, a handback target or
 * a second missed check is reached too.
 */
function checkGraph(flow: FlowDefinition): { issues: FlowIssue[]; states: string[] } {
  const issues: FlowIssue[] = [];
  let machine;
  try {
    machine = compileFlow(flow);
  } catch (e) {
    return { issues: [{ path: 'machine', severity: 'error', message: `statechart does not build: ${(e as Error).message}` }], states: [] };
  }
  const events = dryRunEvents(flow);
  const stop: FlowEvent = { type: 'stop', now: SAMPLE_NOW, entities: {} };
  const edges = new Map<string, Set<string>>();
  const tagsOf = new Map<string, string[]>();
  const contexts = new Map<string, Set<string>>();
  const reached = new Set<string>();
  const deaf = new Set<string>();
  const badContext = new Map<string, string>();
  try {
    const [s0] = startMachine(machine, { locale: flow.locale, timezone: 'Asia/Tokyo', currency: 'JPY', amount: 100000, dueDate: '2026-11-30' });
    const limits = countersAtLimits(flow);
    /** Queues a snapshot unless its state already has this context (or enough contexts). */
    const visit = (snap: FlowSnapshot, queue: FlowSnapshot[]) => {
      const name = stateName(snap.value);
      const first = !contexts.has(name);
      const ctx = contexts.get(name) ?? new Set<string>();
      const key = guardView(snap.context);
      if (ctx.has(key) || ctx.size >= CONTEXTS_PER_STATE) return;
      ctx.add(key);
      contexts.set(name, ctx);
      // The context is the zod schema's shape in every state (what the assigns write is checked too).
      const shape = FlowContext.safeParse(snap.context);
      if (!shape.success) badContext.set(name, shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      tagsOf.set(name, [...snap.tags]);
      queue.push(snap);
      // The first time a state is reached it is tried once more with its counters at their limits.
      if (first) queue.push(restoreMachine(machine, { value: snap.value, context: { ...snap.context, ...limits } }));
    };
    const walk = (queue: FlowSnapshot[], fromInitial: boolean) => {
      while (queue.length) {
        const s = queue.shift()!;
        const from = stateName(s.value);
        if (fromInitial) reached.add(from);
        if (!edges.has(from)) edges.set(from, new Set());
        for (const ev of events) {
          const [next] = stepMachine(machine, s, ev);
          edges.get(from)!.add(stateName(next.value));
          visit(next, queue);
        }
        const [afterStop] = stepMachine(machine, s, stop);
        if (!afterStop.tags.has('opted_out') && !s.tags.has('opted_out')) deaf.add(from);
      }
    };
    const first: FlowSnapshot[] = [];
    visit(s0, first);
    walk(first, true);
    // The states the walk did not reach are checked too, from the initial context.
    for (const path of declaredStates(flow.machine.states)) {
      if (contexts.has(path)) continue;
      const queue: FlowSnapshot[] = [];
      visit(restoreMachine(machine, { value: valueOf(path), context: s0.context }), queue);
      walk(queue, false);
    }
  } catch (e) {
    issues.push({ path: 'machine', severity: 'error', message: `dry run failed: ${(e as Error).message}` });
    return { issues, states: [...reached] };
  }
  for (const [state, why] of badContext) issues.push({ path: 'machine', severity: 'error', message: `the context in state "${state}" does not match FlowContext: ${why}` });
  for (const from of deaf) issues.push({ path: 'machine', severity: 'error', message: `state "${from}" does not honour STOP: "stop" must lead to a state tagged opted_out` });
  const reaches = (from: string, tag: string) => {
    const stack = [from];
    const visited = new Set<string>();
    while (stack.length) {
      const s = stack.pop()!;
      if (tagsOf.get(s)?.includes(tag)) return true;
      if (visited.has(s)) continue;
      visited.add(s);
      for (const n of edges.get(s) ?? []) stack.push(n);
    }
    return false;
  };
  for (const s of tagsOf.keys()) {
    const tags = tagsOf.get(s) ?? [];
    if (tags.includes('resolved') || tags.includes('opted_out') || tags.includes('escalated')) continue;
    if (!reaches(s, 'escalated')) issues.push({ path: 'machine', severity: 'error', message: `state "${s}" can never hand off to a person (no path to a state tagged escalated)` });
  }
  if (![...tagsOf.values()].some((t) => t.includes('escalated')))
    issues.push({ path: 'machine', severity: 'error', message: 'no state is tagged escalated: the flow cannot hand off to a person' });
  for (const path of declaredStates(flow.machine.states))
    if (!reached.has(path)) issues.push({ path: 'machine', severity: 'warning', message: `state "${path}" is never reached from the initial state by any event the flow takes` });
  return { issues, states: [...reached] };
}

/** Maps a dotted path to its line in the YAML source, for editors. */
function lineFinder(source: string): (path: string) => number | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, keepSourceTokens: false });
  return (path) => {
    const parts = path.split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    for (let n = parts.length; n > 0; n--) {
      const node = doc.getIn(parts.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      const pair = node?.range;
      if (pair) return lc.linePos(pair[0]).line;
    }
    return undefined;
  };
}

/** How many alias expansions a flow's YAML may make (yaml's guard against alias bombs). */
export const FLOW_MAX_ALIAS_COUNT = 100;

/** False when the YAML's aliases expand past FLOW_MAX_ALIAS_COUNT (a "billion laughs" document). */
export function yamlAliasesWithinLimit(source: string): boolean {
  const doc = parseDocument(source);
  if (doc.errors.length) return true; // a syntax error is validateFlow's to report, with its line
  try {
    doc.toJS({ maxAliasCount: FLOW_MAX_ALIAS_COUNT });
    return true;
  } catch (e) {
    return !/alias/i.test((e as Error).message);
  }
}

/** zod, registry check, compliance lint, dry run and graph check — in that order. */
export function validateFlow(input: string | unknown): FlowValidation {
  let raw = input;
  let lineOf: (path: string) => number | undefined = () => undefined;
  if (typeof input === 'string') {
    const doc = parseDocument(input);
    if (doc.errors.length) {
      return { ok: false, issues: doc.errors.map((e) => ({ path: '', severity: 'error' as const, message: e.message, line: e.linePos?.[0]?.line })) };
    }
    try {
      // An unresolved alias throws here too (a flow issue, not a 500). Aliases are allowed, but not the exponential expansion of a "billion laughs" document.
      raw = doc.toJS({ maxAliasCount: FLOW_MAX_ALIAS_COUNT });
    } catch (e) {
      return { ok: false, issues: [{ path: '', severity: 'error', message: `the YAML could not be read: ${(e as Error).message}` }] };
    }
    lineOf = lineFinder(input);
  }
  const parsed = FlowDefinition.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const path = i.path.join('.');
        return { path, severity: 'error' as const, message: i.message, line: lineOf(path) };
      }),
    };
  }
  const flow = parsed.data;
  const refIssues = checkRefs(flow);
  const lint = [...lintTemplates(flow), ...lintRcs(flow)];
  const graph = refIssues.length ? { issues: [], states: [] } : checkGraph(flow);
  const issues = [...refIssues, ...lint, ...graph.issues].map((i) => ({ ...i, line: i.line ?? lineOf(i.path) }));
  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  return { ok: true, flow, issues, machineStates: graph.states };
}
