import { countSegments } from '../channels/segments';
import { createLocalClassifier } from '../classify/classifier';
import { detectOptKeyword } from '../classify';
import type { Classification, ClassifyRequest } from '../classify/port';
import type { ContactWindow } from '../compliance/contact-window';
import { decide, type GateFacts } from '../compliance/send-gate';
import { contactZones } from '../compliance/us-area-codes';
import { coveredSeqs, type PlannedInstallment } from '../ledger/installments';
import { addDays, localDate, localParts, zonedTime } from '../shared/time';
import { handbackTargets } from './handback';
import { compileFlow, startMachine, stateName, statusFromTags, stepMachine } from './compile';
import type { FlowEvent } from './context';
import type { FlowDefinition } from '../flow/schema';
import { inboundEvents, storedClassification, WINDOW } from './inbound';
import { composeOutbound, interpret, unreachable, type Effect, type FlowAction, type TimerEvent } from './interpret';
import { renderAt, type DeferredText } from '../flow/templates';

/**
 * The flow simulator: a scripted list of debtor replies on a simulated clock, run through the same
 * pure machine (compileFlow + xstate transition), the engine's local classifier and the one effect
 * interpreter (interpret.ts), written to an in-memory sink instead of the database. Every outbound
 * passes the real send gate (decide) at the moment the sender would ask it, with the facts the
 * simulation knows (consent, suppression, contact windows, caps), and a hold is asked again when it
 * ends. No I/O. test/integration/twin.test.ts holds it to the engine, script by script.
 *
 * Script lines: `day N [HH:MM]: <what>`, N counted from the start's local date, HH:MM local
 * (default 10:00). <what> is the debtor's text, or one of `reminder` / `wait` (just let time pass
 * so due timers fire), `payment <amount>`, `handback [target]` (a target of the flow's handback, handback.ts), `resolve`.
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

/** `handbackTargets`: the flow's (handback.ts); a `handback <target>` it does not know is an issue. */
export function parseScript(source: string, opts: { handbackTargets?: string[] } = {}): { ok: true; steps: ScriptStep[] } | { ok: false; issues: ScriptIssue[] } {
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
    const hb = /^handback(?:\s+([a-z][a-z0-9_]*))?$/i.exec(what);
    if (hb && hb[1] && opts.handbackTargets && !opts.handbackTargets.includes(hb[1]))
      return void issues.push({ line, message: `this flow hands back to ${opts.handbackTargets.join(', ')}, not "${hb[1]}"` });
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
  /** The debtor's phone: in the US its area code adds a zone the quiet hours hold in. */
  phone?: string;
  /** Whether consent was recorded (default true): without it the gate refuses every send. */
  consent?: boolean;
  /** The classifier (default: the engine's local one — keywords, rules, the trained model; no LLM). */
  classify?: (input: ClassifyRequest) => Classification;
}

export interface SimGate {
  action: 'send' | 'hold' | 'refuse';
  reason: string;
  until?: string;
  /** Debtor-local "YYYY-MM-DD HH:MM" of `until`. */
  untilLocal?: string;
  /** When the gate was asked. */
  at: string;
}

export interface SimEntry {
  at: string;
  /** Debtor-local "YYYY-MM-DD HH:MM". */
  local: string;
  direction: 'outbound' | 'inbound' | 'event';
  body: string;
  state: string;
  template?: string;
  kind?: string;
  segments?: number;
  encoding?: string;
  /** What the real send gate (decide) answered the first time it was asked. */
  gate?: SimGate;
  /** Every answer of the gate for this message, in order (a hold is asked again when it ends). */
  gates?: SimGate[];
  /** Where the message ended: sent, refused, or still waiting (held) when the script ended. */
  delivery?: 'queued' | 'held' | 'sent' | 'refused';
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
  event: TimerEvent;
}

interface SimOutbox {
  id: number;
  entry: SimEntry;
  kind: string;
  notBefore: Date;
  status: 'pending' | 'held' | 'sent' | 'refused';
  deferred: DeferredText | null;
  sentAt?: Date;
}

let localClassifier: ((input: ClassifyRequest) => Classification) | null = null;
const defaultClassify = (input: ClassifyRequest) => (localClassifier ??= createLocalClassifier())(input);

/** Runs `script` against `flow`; throws only on a script that does not parse (use parseScript first). */
export function simulateFlow(flow: FlowDefinition, script: string | ScriptStep[], opts: SimulateOptions): SimResult {
  const handback = handbackTargets(flow);
  const steps = typeof script === 'string' ? unwrap(parseScript(script, { handbackTargets: handback.targets })) : script;
  const machine = compileFlow(flow);
  const tz = opts.timezone;
  const loc = flow.locale;
  const link = `${(opts.publicBaseUrl ?? 'https://pay.example.com').replace(/\/$/, '')}/p/SIMULATEDxxxxxxxxxxxxx`;
  const classify = opts.classify ?? defaultClassify;
  const timezones = opts.phone ? contactZones(flow.jurisdiction, tz, opts.phone) : [tz];
  let now = new Date(opts.start);
  let seq = 0;
  let timers: SimTimer[] = [];
  const outbox: SimOutbox[] = [];
  const transcript: SimEntry[] = [];
  const states: SimResult['states'] = [];
  const promises: SimResult['promises'] = [];
  let installments: Array<PlannedInstallment & { status: 'pending' | 'missed' | 'paid' | 'cancelled' }> = [];
  let suppression: GateFacts['suppression'] = null;
  let windows: ContactWindow[] | null = null;
  let escalationReason: string | null = null;
  let outcome: string | null = null;
  let paid = 0;
  let rowVersion = 1;
  const inboundText = new Map<string, string>();
  const localStamp = (d: Date) => {
    const p = localParts(d, tz);
    return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  };

  const [s0, a0] = startMachine(machine, { locale: loc, timezone: tz, currency: opts.currency, amount: opts.amount, dueDate: opts.dueDate, variant: opts.variant ?? 0 });
  let snap = s0;

  /** The sender's turn for one outbox row: re-word its dates for today, ask the real gate. */
  const sendOne = (o: SimOutbox) => {
    if (o.deferred) setBody(o.entry, renderAt(o.deferred, localDate(now, tz)));
    const dayStart = zonedTime(localDate(now, tz), '00:00', tz);
    const weekStart = new Date(now.getTime() - 7 * 86_400_000);
    const reminders = outbox.filter((x) => x.kind === 'reminder' && x.status === 'sent');
    const d = decide({
      now,
      kind: o.kind,
      author: 'bot',
      body: o.entry.body,
      brand: flow.brand,
      jurisdiction: flow.jurisdiction,
      timezones,
      consent: opts.consent ?? true,
      suppression,
      heldByHuman: false,
      conversationStatus: statusFromTags(snap.tags),
      debtorWindows: windows,
      flowHours: flow.policy.contactHours ?? null,
      automatedToday: reminders.filter((x) => x.sentAt! >= dayStart).length,
      dailyCap: flow.policy.dailyCap,
      debtLast7Days: reminders.filter((x) => x.sentAt! >= weekStart).length,
      weeklyCapPerDebt: flow.policy.weeklyCapPerDebt,
      erased: false,
      campaign: null,
    });
    const g: SimGate = { action: d.action, reason: d.reason, at: now.toISOString(), ...(d.action === 'hold' ? { until: d.until.toISOString(), untilLocal: localStamp(d.until) } : {}) };
    o.entry.gates = [...(o.entry.gates ?? []), g];
    o.entry.gate ??= g;
    if (d.action === 'hold') {
      o.status = 'held';
      o.notBefore = d.until;
      const sameDay = localDate(d.until, tz) === o.entry.local.slice(0, 10);
      o.entry.note = `held until ${sameDay ? g.untilLocal!.slice(11) : g.untilLocal}`;
    } else if (d.action === 'refuse') o.status = 'refused';
    else {
      o.status = 'sent';
      o.sentAt = now;
    }
    o.entry.delivery = o.status;
  };

  const write = (e: Effect, state: string) => {
    switch (e.type) {
      case 'queueOutbound': {
        const { body, deferred } = composeOutbound(e, link, localDate(now, tz), loc);
        const entry: SimEntry = { at: now.toISOString(), local: localStamp(now), direction: 'outbound', body: '', state, template: e.template, kind: e.kind, delivery: 'queued' };
        setBody(entry, body);
        transcript.push(entry);
        outbox.push({ id: seq++, entry, kind: e.kind, notBefore: now, status: 'pending', deferred });
        return;
      }
      case 'cancelTimers':
        timers = timers.filter((t) => e.name !== undefined && t.name !== e.name);
        return;
      case 'addTimer':
        timers.push({ id: seq++, name: e.name, event: e.event, dueAt: e.dueAt });
        return;
      case 'escalate':
        escalationReason = e.reason;
        return;
      case 'resolve':
        outcome = e.outcome;
        return;
      case 'liftStop':
        if (suppression === 'stop') suppression = null;
        return;
      case 'recordPromise':
        for (const pr of promises) if (pr.status === 'pending') pr.status = 'superseded';
        promises.push({ dueDate: e.dueDate, amount: e.amount, status: 'pending' });
        return;
      case 'cancelPromises':
        for (const pr of promises) if (pr.status === 'pending') pr.status = 'cancelled';
        return;
      case 'cancelPlan':
        for (const i of installments) if (i.status === 'pending' || i.status === 'missed') i.status = 'cancelled';
        return;
      case 'settlePromise':
        for (const pr of promises) if (pr.status === 'pending') pr.status = e.status;
        return;
      case 'replacePlan':
        for (const i of installments) if (i.status === 'pending' || i.status === 'missed') i.status = 'cancelled';
        installments = [...installments, ...e.plan.map((p) => ({ ...p, status: 'pending' as const }))];
        return;
      case 'markInstallment':
        for (const i of installments) if (i.seq === e.seq && i.status === 'pending') i.status = e.status;
        return;
      case 'setContactWindow':
        windows = e.windows;
        return;
      case 'flagWrongNumber':
        suppression ??= 'wrong_number';
        return;
      default:
        return unreachable(e);
    }
  };

  const effects = (event: FlowEvent, actions: readonly FlowAction[]) => {
    const unpaid = installments.filter((i) => i.status === 'pending' || i.status === 'missed').sort((a, b) => a.seq - b.seq);
    const list = interpret(
      {
        flow,
        context: snap.context,
        event,
        now,
        debt: { dueDate: opts.dueDate, currency: opts.currency },
        plan: unpaid.map(({ seq: s, dueDate, amount }) => ({ seq: s, dueDate, amount })),
        contactWindows: windows,
        inboundText: event.messageId ? (inboundText.get(event.messageId) ?? null) : null,
        transitionKey: `sim:${rowVersion}`,
      },
      actions,
    );
    const state = stateName(snap.value);
    for (const e of list) write(e, state);
  };

  const apply = (event: FlowEvent) => {
    const from = stateName(snap.value);
    const [next, actions] = stepMachine(machine, snap, event);
    snap = next;
    rowVersion++;
    states.push({ at: event.now, event: event.type, from, to: stateName(next.value) });
    effects(event, actions);
  };

  effects({ type: 'xstate.init', now: now.toISOString() }, a0);

  /** What the workers would do up to `until`: due sends (first) and due timers, oldest first. */
  const runDue = (until: Date, sendsOnly = false) => {
    for (let guard = 0; guard < 1000; guard++) {
      const send = outbox.filter((o) => (o.status === 'pending' || o.status === 'held') && o.notBefore <= until).sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.id - b.id)[0];
      const timer = sendsOnly ? undefined : timers.filter((t) => t.dueAt <= until).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id)[0];
      if (!send && !timer) return;
      if (send && (!timer || send.notBefore <= timer.dueAt)) {
        if (send.notBefore > now) now = send.notBefore;
        sendOne(send);
        continue;
      }
      timers = timers.filter((t) => t !== timer);
      if (timer!.dueAt > now) now = timer!.dueAt;
      apply({ ...timer!.event, now: now.toISOString() });
    }
  };
  runDue(now);

  const startDate = localDate(new Date(opts.start), tz);
  steps.forEach((step, i) => {
    let at = zonedTime(addDays(startDate, step.day), step.at, tz);
    if (at < now) at = now;
    runDue(at);
    now = at;
    const iso = now.toISOString();
    const state = () => stateName(snap.value);
    if (step.kind === 'wait') return;
    if (step.kind === 'reply') {
      const ctx = snap.context;
      const messageId = `sim-${i}`;
      inboundText.set(messageId, step.text);
      // Ingress: a carrier opt-out keyword is a suppression at once, before any classification.
      if (detectOptKeyword(step.text) === 'stop') suppression = 'stop';
      const c = classify({ text: step.text, locale: loc, now: iso, timezone: tz, context: { expecting: ctx.expecting, options: ctx.offeredCounts.length ? ctx.offeredCounts : undefined } });
      const stored = storedClassification(step.text, c);
      transcript.push({
        at: iso, local: localStamp(now), direction: 'inbound', body: step.text, state: state(), intent: stored.intent, confidence: c.confidence, classifiedBy: c.classifiedBy, explanation: stored.explanation, entities: c.entities, scriptLine: step.line,
        ...(c.tier && { tier: c.tier }),
        ...(stored.secondaryIntents && { secondary: stored.secondaryIntents }),
        ...(c.optOutSuspected && { optOutSuspected: true }),
      });
      for (const type of inboundEvents({ ...stored, rule: c.rule ?? null, optOutSuspected: c.optOutSuspected ?? false })) {
        apply(type === WINDOW && stored.intent !== WINDOW ? { type, now: iso, entities: {}, messageId } : { type, now: iso, entities: c.entities, confidence: c.confidence, messageId });
      }
    } else if (step.kind === 'payment') {
      // The ledger (dunning/payments.ts): the balance, covered instalments, a kept promise; then the event.
      paid = round2(paid + step.amount);
      const balance = Math.max(0, round2(opts.amount - paid));
      const covered = coveredSeqs(installments.filter((x) => x.status !== 'cancelled').sort((a, b) => a.seq - b.seq), balance);
      for (const x of installments) if (covered.includes(x.seq) && x.status !== 'cancelled') x.status = 'paid';
      timers = timers.filter((t) => !((t.name === 'installment_due' || t.name === 'installment_check') && covered.includes(Number(t.event.seq))));
      const pr = promises.find((p) => p.status === 'pending');
      if (pr && (balance <= 0 || step.amount >= pr.amount)) pr.status = 'kept';
      transcript.push({ at: iso, local: localStamp(now), direction: 'event', body: `payment ${step.amount}`, state: state(), scriptLine: step.line });
      apply({ type: 'payment_received', now: iso, balance, paid: step.amount });
    } else {
      const event: FlowEvent = step.kind === 'handback' ? { type: 'handback', now: iso, ...(step.target ? { target: step.target } : {}) } : { type: 'resolve', now: iso };
      transcript.push({ at: iso, local: localStamp(now), direction: 'event', body: step.kind === 'handback' ? `handback ${step.target ?? handback.default ?? ''}`.trim() : 'resolve', state: state(), scriptLine: step.line });
      apply(event);
    }
    runDue(now);
  });
  // What was already queued goes out when the gate allows it (no further timer fires).
  runDue(new Date(8.64e15), true);

  const outbound = transcript.filter((e) => e.direction === 'outbound');
  const status = statusFromTags(snap.tags);
  return {
    transcript,
    states,
    timers: timers.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id).map((t) => ({ name: t.name, dueAt: t.dueAt.toISOString(), event: t.event.type })),
    promises,
    plan: installments.filter((x) => x.status !== 'cancelled').map(({ seq: s, dueDate, amount }) => ({ seq: s, dueDate, amount })),
    totalSegments: outbound.reduce((n, e) => n + (e.segments ?? 0), 0),
    outboundCount: outbound.length,
    finalState: stateName(snap.value),
    status,
    escalationReason: status === 'escalated' ? escalationReason : null,
    outcome,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function setBody(entry: SimEntry, body: string) {
  const seg = countSegments(body);
  entry.body = body;
  entry.segments = seg.segments;
  entry.encoding = seg.encoding;
}

function unwrap(r: ReturnType<typeof parseScript>): ScriptStep[] {
  if (!r.ok) throw new Error(`script: ${r.issues.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`);
  return r.steps;
}
