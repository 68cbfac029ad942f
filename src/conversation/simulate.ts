import { initialTransition, transition } from 'xstate';
import { countSegments } from '../channels/segments';
import { createLocalClassifier } from '../classify/classifier';
import { describeContactWindows, parseContactWindow, type ContactWindow } from '../compliance/contact-window';
import { JURISDICTION_HOURS, nextAllowed, type Window } from '../compliance/quiet-hours';
import { describeOffers, planInstallments, type PlannedInstallment } from '../dunning/installments';
import { addDays, localDate, localParts, zonedTime } from '../shared/time';
import { compileFlow, stateName, statusFromTags } from './compile';
import type { FlowContext, FlowEvent } from './context';
import { nextStep, timerDue, type StartTimerParams } from './effects';
import type { FlowDefinition } from './flow-schema';
import { allowedInstallmentCounts, effectParams, isEffect, latestPromiseDate } from './registry';
import { formatAmount, formatDate, relativeVars, render, stopWording, templateText, type TemplateVars } from './templates';

/**
 * The flow simulator: a scripted list of debtor replies on a simulated clock, run through the same
 * pure machine (compileFlow + xstate transition) and the local classifier tiers (keywords, rules,
 * trained model; no LLM) read the way the engine reads them (a possible opt-out is
 * `optout_unsure`; a contact-time request beside another intent is applied first), with the effects the
 * engine would write (messages, timers, promises, plans) kept in memory. No I/O, no database.
 *
 * Script lines: `day N [HH:MM]: <what>`, N counted from the start's local date, HH:MM local
 * (default 10:00). <what> is the debtor's text, or one of `reminder` / `wait` (just let time pass
 * so due timers fire), `payment <amount>`, `handback [dunning|promised|plan_offer]`, `resolve`.
 * Quote text that would read as a keyword: `day 1: "wait"`.
 */

export type ScriptStep =
  | { line: number; day: number; at: string; kind: 'reply'; text: string }
  | { line: number; day: number; at: string; kind: 'wait' | 'resolve' }
  | { line: number; day: number; at: string; kind: 'payment'; amount: number }
  | { line: number; day: number; at: string; kind: 'handback'; target?: string };

export interface ScriptIssue {
  line: number;
  message: string;
}

const LINE = /^day\s+(-?\d{1,3})(?:\s+([01]?\d|2[0-3]):([0-5]\d))?\s*:\s*(.*)$/i;

export function parseScript(source: string): { ok: true; steps: ScriptStep[] } | { ok: false; issues: ScriptIssue[] } {
  const steps: ScriptStep[] = [];
  const issues: ScriptIssue[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (!text || text.startsWith('#')) return;
    const m = LINE.exec(text);
    if (!m) {
      issues.push({ line, message: 'expected "day N: text" or "day N HH:MM: text"' });
      return;
    }
    const day = Number(m[1]);
    const at = m[2] ? `${m[2].padStart(2, '0')}:${m[3]}` : '10:00';
    const what = m[4]!.trim();
    const quoted = /^"(.*)"$/.exec(what);
    if (quoted) return void steps.push({ line, day, at, kind: 'reply', text: quoted[1]! });
    if (/^(reminder|wait)$/i.test(what)) return void steps.push({ line, day, at, kind: 'wait' });
    if (/^resolve$/i.test(what)) return void steps.push({ line, day, at, kind: 'resolve' });
    const pay = /^payment\s+(\d+(?:\.\d+)?)$/i.exec(what);
    if (pay) return void steps.push({ line, day, at, kind: 'payment', amount: Number(pay[1]) });
    const hb = /^handback(?:\s+(dunning|promised|plan_offer))?$/i.exec(what);
    if (hb) return void steps.push({ line, day, at, kind: 'handback', ...(hb[1] ? { target: hb[1] } : {}) });
    if (!what) return void issues.push({ line, message: 'nothing after the colon' });
    steps.push({ line, day, at, kind: 'reply', text: what });
  });
  return issues.length ? { ok: false, issues } : { ok: true, steps };
}

export interface SimulateOptions {
  /** ISO instant the conversation starts (the debt is loaded). */
  start: string;
  dueDate: string;
  amount: number;
  currency: string;
  timezone: string;
  /** A/B variant (default 0). */
  variant?: number;
  publicBaseUrl?: string;
}

export interface SimEntry {
  at: string;
  /** Debtor-local "YYYY-MM-DD HH:MM". */
  local: string;
  direction: 'outbound' | 'inbound' | 'event';
  body: string;
  state: string;
  template?: string;
  segments?: number;
  encoding?: string;
  /** What the send gate would do with an outbound at that moment. */
  gate?: { action: 'send' | 'hold' | 'refuse'; reason: string; until?: string; /** Debtor-local "YYYY-MM-DD HH:MM" of `until`. */ untilLocal?: string };
  /** A held message in words: "held until 08:00" (or "held until 2026-12-02 08:00" on another day). */
  note?: string;
  intent?: string;
  confidence?: number;
  classifiedBy?: string;
  explanation?: string;
  entities?: Record<string, unknown>;
  /** The classifier tier that decided (keyword, rules, model). */
  tier?: string;
  /** Other intents in a mixed message (contact_window when a contact-time request was applied first). */
  secondary?: string[];
  /** A possible opt-out: the flow got `optout_unsure`, not the intent. */
  optOutSuspected?: boolean;
  scriptLine?: number;
}

export interface SimResult {
  transcript: SimEntry[];
  states: Array<{ at: string; event: string; from: string; to: string }>;
  timers: Array<{ name: string; dueAt: string; event: string }>;
  promises: Array<{ dueDate: string; amount: number; status: string }>;
  plan: PlannedInstallment[];
  totalSegments: number;
  outboundCount: number;
  finalState: string;
  status: string;
  escalationReason: string | null;
  outcome: string | null;
}

interface SimTimer {
  id: number;
  name: string;
  dueAt: Date;
  event: Record<string, unknown> & { type: string };
}

/** Runs `script` against `flow`; throws only on a script that does not parse (use parseScript first). */
const classifyLocal = createLocalClassifier();

export function simulateFlow(flow: FlowDefinition, script: string | ScriptStep[], opts: SimulateOptions): SimResult {
  const steps = typeof script === 'string' ? unwrap(parseScript(script)) : script;
  const machine = compileFlow(flow);
  const tz = opts.timezone;
  const loc = flow.locale;
  const base = opts.publicBaseUrl ?? 'https://pay.example.com';
  let now = new Date(opts.start);
  let timerSeq = 0;
  let timers: SimTimer[] = [];
  const transcript: SimEntry[] = [];
  const states: SimResult['states'] = [];
  const promises: SimResult['promises'] = [];
  let plan: PlannedInstallment[] = [];
  let suppressed = false;
  let contactWindows: ContactWindow[] | null = null;
  let escalationReason: string | null = null;
  let outcome: string | null = null;
  const sentReminders = new Map<string, number>();
  const window: Window[] = [JURISDICTION_HOURS[flow.jurisdiction], ...(flow.policy.contactHours ? [flow.policy.contactHours] : [])];
  const localStamp = (d: Date) => {
    const p = localParts(d, tz);
    return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  };

  const [s0, a0] = initialTransition(machine, { locale: loc, timezone: tz, currency: opts.currency, amount: opts.amount, dueDate: opts.dueDate, variant: opts.variant ?? 0 } as never);
  let snap = s0;

  const gate = (kind: string): SimEntry['gate'] => {
    if (kind === 'optout_confirmation') return { action: 'send', reason: 'optout_confirmation' };
    if (suppressed) return { action: 'refuse', reason: 'opted_out' };
    const next = nextAllowed(now, [tz], window);
    if (!next) return { action: 'refuse', reason: 'no_allowed_contact_time' };
    if (next.getTime() !== now.getTime()) return { action: 'hold', reason: 'quiet_hours', until: next.toISOString(), untilLocal: localStamp(next) };
    if (kind === 'reminder') {
      const day = localDate(now, tz);
      const n = sentReminders.get(day) ?? 0;
      if (n >= flow.policy.dailyCap) {
        const until = zonedTime(addDays(day, 1), window[0]!.from, tz);
        return { action: 'hold', reason: 'daily_cap', until: until.toISOString(), untilLocal: localStamp(until) };
      }
      sentReminders.set(day, n + 1);
    }
    return { action: 'send', reason: 'allowed' };
  };

  const vars = (ctx: FlowContext, event: FlowEvent): TemplateVars => {
    const money = (n: number) => formatAmount(n, opts.currency, loc);
    const counts = ctx.offeredCounts.length ? ctx.offeredCounts : allowedInstallmentCounts(flow, ctx.balance);
    const seq = typeof event.seq === 'number' ? event.seq : plan[0]?.seq;
    const cur = plan.find((p) => p.seq === seq) ?? plan[0];
    return {
      brand: flow.brand,
      amount: money(ctx.balance),
      balance: money(ctx.balance),
      dueDate: formatDate(opts.dueDate, loc),
      stop: stopWording(loc),
      contact: flow.contact,
      latestDate: formatDate(latestPromiseDate(flow, event.now, tz), loc),
      promiseDate: ctx.promiseDate ? formatDate(ctx.promiseDate, loc) : '',
      link: `${base.replace(/\/$/, '')}/p/SIMULATEDxxxxxxxxxxxxx`,
      offers: describeOffers(counts, ctx.balance, opts.currency, loc, money),
      ...(plan[0] ? { count: String(plan.length), firstAmount: money(plan[0].amount), firstDate: formatDate(plan[0].dueDate, loc) } : {}),
      ...(cur ? { seq: String(cur.seq), installmentAmount: money(cur.amount) } : {}),
      ...(contactWindows?.length ? { contactWindow: describeContactWindows(contactWindows, loc) } : {}),
    };
  };

  const addTimer = (name: string, event: SimTimer['event'], dueAt: Date) => timers.push({ id: timerSeq++, name, event, dueAt: dueAt < now ? now : dueAt });
  const cancel = (name?: string) => (timers = timers.filter((t) => name !== undefined && t.name !== name));

  const effects = (ctx: FlowContext, event: FlowEvent, actions: Array<{ type: string; params?: unknown }>) => {
    const state = stateName(snap.value);
    const send = (template: string, kind: string) => {
      const t = templateText(flow, template, ctx.variant);
      if (!t) return;
      const g = gate(kind)!;
      // Worded for the day it would really go out: a held reminder never says "today" for another day.
      const sendAt = g.action === 'hold' && g.until ? new Date(g.until) : now;
      const sendDate = localDate(sendAt, tz);
      const cur = plan.find((p) => p.seq === event.seq) ?? plan[0];
      const dates = { due: opts.dueDate, ...(ctx.promiseDate ? { promise: ctx.promiseDate } : {}), ...(cur ? { installment: cur.dueDate } : {}) };
      const body = render(t.text, { ...vars(ctx, event), ...relativeVars(dates, sendDate, loc) });
      const seg = countSegments(body);
      const sameDay = sendDate === localDate(now, tz);
      const note = g.action === 'hold' && g.untilLocal ? `held until ${sameDay ? g.untilLocal.slice(11) : g.untilLocal}` : undefined;
      transcript.push({ at: now.toISOString(), local: localStamp(now), direction: 'outbound', body, state, template, segments: seg.segments, encoding: seg.encoding, gate: g, ...(note ? { note } : {}) });
    };
    for (const action of actions) {
      if (!isEffect(action.type)) continue;
      const p = effectParams[action.type].parse(action.params ?? {}) as Record<string, any>;
      switch (action.type) {
        case 'send':
          send(p.template, p.kind ?? (event.messageId ? 'reply' : 'reminder'));
          break;
        case 'sendReminder': {
          const step = event.step !== undefined ? flow.schedule[event.step] : undefined;
          if (step?.template) send(step.template, 'reminder');
          break;
        }
        case 'scheduleReminder': {
          cancel('reminder');
          const next = nextStep(flow, ctx.dueDate, tz, { step: ctx.lastStep, at: ctx.lastStepAt ?? null }, now);
          if (next) addTimer('reminder', { type: flow.schedule[next.index]!.escalate ? 'schedule_end' : 'reminder', step: next.index }, next.at);
          break;
        }
        case 'startTimer': {
          cancel(p.name);
          const due = timerDue(p as StartTimerParams, { now, tz, promiseDate: ctx.promiseDate, policy: flow.policy });
          if (due) addTimer(p.name, { type: `timeout.${p.name}` }, due);
          break;
        }
        case 'cancelTimer':
          cancel(p.name);
          break;
        case 'cancelAllTimers':
        case 'optOut':
          cancel();
          break;
        case 'escalate':
          escalationReason = p.reason;
          break;
        case 'resolve':
          outcome = p.outcome;
          break;
        case 'recordPromise':
          if (ctx.promiseDate) {
            for (const pr of promises) if (pr.status === 'pending') pr.status = 'superseded';
            promises.push({ dueDate: ctx.promiseDate, amount: ctx.balance, status: 'pending' });
          }
          break;
        case 'closeCommitments':
          if (p.keep !== 'promise') for (const pr of promises) if (pr.status === 'pending') pr.status = 'cancelled';
          if (plan.length) {
            plan = [];
            cancel('installment_due');
            cancel('installment_check');
          }
          break;
        case 'settlePromise':
          for (const pr of promises) if (pr.status === 'pending') pr.status = p.status;
          break;
        case 'createPlan': {
          const count = event.entities?.installments;
          if (!count) break;
          const firstDate = addDays(localDate(now, tz), flow.policy.firstInstallmentWithinDays);
          plan = planInstallments({ balance: ctx.balance, currency: opts.currency, count, firstDate, intervalDays: flow.policy.installmentIntervalDays });
          for (const i of plan) {
            addTimer('installment_due', { type: 'timeout.installment_due', seq: i.seq }, zonedTime(i.dueDate, '10:00', tz));
            addTimer('installment_check', { type: 'timeout.installment_check', seq: i.seq }, zonedTime(addDays(i.dueDate, 2), '12:00', tz));
          }
          break;
        }
        default:
          break;
      }
    }
  };

  const apply = (event: FlowEvent) => {
    const from = stateName(snap.value);
    const [next, actions] = transition(machine, snap, event as never);
    snap = next;
    const to = stateName(next.value);
    states.push({ at: event.now, event: event.type, from, to });
    if (statusFromTags(next.tags) !== 'escalated') escalationReason = statusFromTags(next.tags) === 'active' ? null : escalationReason;
    effects(next.context as FlowContext, event, actions as Array<{ type: string; params?: unknown }>);
  };

  effects(s0.context as FlowContext, { type: 'xstate.init', now: now.toISOString() }, a0 as Array<{ type: string; params?: unknown }>);

  const fireDue = (until: Date) => {
    for (let guard = 0; guard < 500; guard++) {
      const due = timers.filter((t) => t.dueAt <= until).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id)[0];
      if (!due) return;
      timers = timers.filter((t) => t !== due);
      if (due.dueAt > now) now = due.dueAt;
      apply({ ...due.event, now: now.toISOString() } as FlowEvent);
    }
  };

  const startDate = localDate(new Date(opts.start), tz);
  steps.forEach((step, i) => {
    let at = zonedTime(addDays(startDate, step.day), step.at, tz);
    if (at < now) at = now;
    fireDue(at);
    now = at;
    const iso = now.toISOString();
    const state = () => stateName(snap.value);
    if (step.kind === 'wait') return;
    if (step.kind === 'reply') {
      const ctx = snap.context as FlowContext;
      const c = classifyLocal({ text: step.text, locale: loc, now: iso, timezone: tz, context: { expecting: ctx.expecting, options: ctx.offeredCounts.length ? ctx.offeredCounts : undefined } });
      // As the engine (eventTypeOf, classifyWaiting): a possible opt-out is optout_unsure whatever
      // its intent; a contact-time request alone is contact_window, beside another intent it is
      // applied first and the primary intent then drives the machine.
      const windows = c.intent !== 'stop' && c.intent !== 'start' ? parseContactWindow(step.text) : null;
      const alone = windows !== null && (c.intent === 'other' || c.intent === 'human');
      const type = c.optOutSuspected && c.intent !== 'stop' && c.intent !== 'start' && !alone ? 'optout_unsure' : alone ? 'contact_window' : c.intent;
      transcript.push({
        at: iso, local: localStamp(now), direction: 'inbound', body: step.text, state: state(), intent: alone ? 'contact_window' : c.intent, confidence: c.confidence, classifiedBy: c.classifiedBy, explanation: c.explanation, entities: c.entities, scriptLine: step.line,
        ...(c.tier && { tier: c.tier }),
        ...(c.secondary?.length || (windows && !alone) ? { secondary: [...(c.secondary ?? []), ...(windows && !alone ? ['contact_window'] : [])] } : {}),
        ...(c.optOutSuspected && { optOutSuspected: true }),
      });
      if (c.intent === 'stop') suppressed = true;
      if (c.intent === 'start') suppressed = false;
      if (windows) contactWindows = windows;
      if (windows && !alone && type !== 'optout_unsure') apply({ type: 'contact_window', now: iso, entities: {}, messageId: `sim-${i}` });
      apply({ type, now: iso, entities: c.entities, confidence: c.confidence, messageId: `sim-${i}` });
      return;
    }
    const ctx = snap.context as FlowContext;
    const event: FlowEvent =
      step.kind === 'payment'
        ? { type: 'payment_received', now: iso, balance: Math.max(0, Math.round((ctx.balance - step.amount) * 100) / 100) }
        : step.kind === 'handback'
          ? { type: 'handback', now: iso, ...(step.target ? { target: step.target } : {}) }
          : { type: 'resolve', now: iso };
    transcript.push({ at: iso, local: localStamp(now), direction: 'event', body: step.kind === 'payment' ? `payment ${step.amount}` : step.kind === 'handback' ? `handback ${step.target ?? 'dunning'}` : 'resolve', state: state(), scriptLine: step.line });
    apply(event);
  });

  const outbound = transcript.filter((e) => e.direction === 'outbound');
  return {
    transcript,
    states,
    timers: timers.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).map((t) => ({ name: t.name, dueAt: t.dueAt.toISOString(), event: t.event.type })),
    promises,
    plan,
    totalSegments: outbound.reduce((n, e) => n + (e.segments ?? 0), 0),
    outboundCount: outbound.length,
    finalState: stateName(snap.value),
    status: statusFromTags(snap.tags),
    escalationReason: statusFromTags(snap.tags) === 'escalated' ? escalationReason : null,
    outcome,
  };
}

function unwrap(r: ReturnType<typeof parseScript>): ScriptStep[] {
  if (!r.ok) throw new Error(`script: ${r.issues.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`);
  return r.steps;
}
