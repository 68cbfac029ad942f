import { z } from 'zod';
import { OUTBOX_KINDS } from '../../db/schema';
import { describeContactWindows, parseContactWindow, type ContactWindow } from '../compliance/contact-window';
import { describeOffers, planInstallments } from '../ledger/installments';
import { addDays, localDate, localParts, zonedTime } from '../shared/time';
import type { FlowContext, FlowEvent } from './context';
import type { FlowDefinition } from '../flow/schema';
import type { Locale } from '../classify/port';
import { allowedInstallmentCounts, effectParams, isEffect, latestPromiseDate, type POLICY_DAYS } from './registry';
import { formatAmount, formatDate, hasRelativeWording, placeholdersIn, render, renderAt, stopWording, templateText, type DeferredText, type Placeholder, type TemplateVars } from '../flow/templates';

/**
 * The one effect interpreter: the actions a transition returned become a list of effects, pure
 * data. A sink writes them — the database sink in production (effects.ts), an in-memory sink in
 * the flow simulator (simulate.ts) — so an admin's preview and production cannot drift apart.
 */

const Dates = z.object({ due: z.string().optional(), promise: z.string().optional(), installment: z.string().optional() });
const PlanRow = z.object({ seq: z.number().int(), dueDate: z.string(), amount: z.number() });
export type PlanRow = z.infer<typeof PlanRow>;
const TimerEvent = z.object({ type: z.string(), step: z.number().int().optional(), seq: z.number().int().optional() });
export type TimerEvent = z.infer<typeof TimerEvent>;
const Window = z.object({ days: z.array(z.number().int()).optional(), from: z.string(), to: z.string(), note: z.string().optional() });

/** What an outbound is, for the caps and the gate: inferred from what caused it unless the flow says. */
export const OutboundKind = z.enum(OUTBOX_KINDS);
export type OutboundKind = z.infer<typeof OutboundKind>;

export const Effect = z.discriminatedUnion('type', [
  /** `text` has every placeholder filled except {link} (the sink owns the payment link) and, when `relative`, the date wording. */
  z.object({ type: z.literal('queueOutbound'), template: z.string(), text: z.string(), dates: Dates, relative: z.boolean(), kind: OutboundKind, idempotencyKey: z.string() }),
  z.object({ type: z.literal('cancelTimers'), name: z.string().optional() }),
  z.object({ type: z.literal('addTimer'), name: z.string(), event: TimerEvent, dueAt: z.date() }),
  z.object({ type: z.literal('escalate'), reason: z.string() }),
  z.object({ type: z.literal('resolve'), outcome: z.string() }),
  z.object({ type: z.literal('liftStop') }),
  z.object({ type: z.literal('recordPromise'), dueDate: z.string(), amount: z.number() }),
  z.object({ type: z.literal('cancelPromises'), reason: z.string() }),
  /** Unpaid instalments end (their timers are cancelled by the effects that follow). */
  z.object({ type: z.literal('cancelPlan'), reason: z.string() }),
  z.object({ type: z.literal('settlePromise'), status: z.enum(['kept', 'broken', 'superseded']) }),
  /** Unpaid instalments are replaced by `plan`. */
  z.object({ type: z.literal('replacePlan'), plan: z.array(PlanRow) }),
  z.object({ type: z.literal('markInstallment'), seq: z.number().int(), status: z.enum(['missed']) }),
  z.object({ type: z.literal('setContactWindow'), windows: z.array(Window), messageId: z.string() }),
  z.object({ type: z.literal('flagWrongNumber'), messageId: z.string().nullable() }),
]);
export type Effect = z.infer<typeof Effect>;

export interface InterpretInput {
  flow: FlowDefinition;
  /** Context after the transition. */
  context: FlowContext;
  event: FlowEvent;
  now: Date;
  debt: { dueDate: string; currency: string };
  /** The plan's unpaid (pending or missed) instalments, by seq. */
  plan: PlanRow[];
  /** The debtor's contact windows before this transition. */
  contactWindows: ContactWindow[] | null;
  /** The inbound message's text when the event came from one (a contact-time request is read from it). */
  inboundText?: string | null;
  /** Idempotency prefix unique to this transition (conversation + row version). */
  transitionKey: string;
}

/**
 * Proactive sends count against caps; replies answer the debtor. Inferred from what caused them.
 * A payment's acknowledgement answers the payment: counted as a reminder it could be held by the
 * daily cap or refused once the payment resolved the conversation.
 */
export function kindFor(event: FlowEvent, explicit?: OutboundKind): OutboundKind {
  if (explicit) return explicit;
  return event.messageId || event.type === 'payment_received' ? 'reply' : 'reminder';
}

/**
 * Every template variable of one send, from data alone ({link} is the sink's). With `wanted` (the
 * placeholders of the template being rendered), only those are computed: render() reads no other,
 * and the plan offers and the latest promise date cost more than the rest of a transition's
 * interpretation together (issue #12, per reply and per fired reminder).
 */
export function templateVars(
  f: { flow: FlowDefinition; context: FlowContext; event: FlowEvent; debt: InterpretInput['debt']; plan: PlanRow[]; contactWindows: ContactWindow[] | null },
  wanted?: ReadonlySet<string>,
): { vars: TemplateVars; dates: DeferredText['dates'] } {
  const { flow, context, debt, event, plan } = f;
  const loc = flow.locale;
  const want = (k: Placeholder) => !wanted || wanted.has(k);
  const money = (n: number) => formatAmount(n, debt.currency, loc);
  const dates: DeferredText['dates'] = { due: debt.dueDate, ...(context.promiseDate ? { promise: context.promiseDate } : {}) };
  const vars: TemplateVars = {};
  if (want('brand')) vars.brand = flow.brand;
  if (want('amount')) vars.amount = money(context.balance);
  if (want('balance')) vars.balance = money(context.balance);
  if (want('dueDate')) vars.dueDate = formatDate(debt.dueDate, loc);
  if (want('stop')) vars.stop = stopWording(loc);
  if (want('contact')) vars.contact = flow.contact;
  if (want('latestDate')) vars.latestDate = formatDate(latestPromiseDate(flow, event.now, context.timezone), loc);
  if (want('promiseDate')) vars.promiseDate = context.promiseDate ? formatDate(context.promiseDate, loc) : '';
  if (want('paidAmount')) vars.paidAmount = typeof event.paid === 'number' ? money(event.paid) : '';
  if (want('offers')) vars.offers = describeOffers(context.offeredCounts.length ? context.offeredCounts : allowedInstallmentCounts(flow, context.balance), context.balance, debt.currency, loc, money);
  if (want('contactWindow')) vars.contactWindow = f.contactWindows?.length ? describeContactWindows(f.contactWindows, loc) : '';
  const seq = typeof event.seq === 'number' ? event.seq : plan[0]?.seq;
  const cur = plan.find((p) => p.seq === seq) ?? plan[0];
  if (plan[0]) {
    if (want('count')) vars.count = String(plan.length + (plan[0].seq - 1));
    if (want('firstAmount')) vars.firstAmount = money(plan[0].amount);
    if (want('firstDate')) vars.firstDate = formatDate(plan[0].dueDate, loc);
  }
  if (cur) {
    if (want('seq')) vars.seq = String(cur.seq);
    if (want('installmentAmount')) vars.installmentAmount = money(cur.amount);
    dates.installment = cur.dueDate;
  }
  return { vars, dates };
}

/** The text of a queued outbound with its link: the body for `sendDate`, and what the sender re-words later. */
export function composeOutbound(e: Extract<Effect, { type: 'queueOutbound' }>, link: string | null, sendDate: string, locale: Locale): { body: string; deferred: DeferredText | null } {
  const text = link === null ? e.text : render(e.text, { link });
  // Dates worded for today now; the sender words them again for the day it really sends.
  const deferred: DeferredText | null = e.relative ? { text, dates: e.dates, locale } : null;
  return { body: deferred ? renderAt(deferred, sendDate) : text, deferred };
}

/** When schedule step `i` is due: its offset from the due date at its local time. */
export function stepTime(flow: FlowDefinition, dueDate: string, tz: string, i: number): Date {
  const step = flow.schedule[i]!;
  return zonedTime(addDays(dueDate, step.offsetDays), step.at, tz);
}

/**
 * The next schedule step to arm: the step after the last one sent, or — when several are already
 * past (a debt loaded late, a long handoff) — only the latest of them, so the debtor never gets
 * several catch-up messages at once. A conversation never opens with an escalation (the debtor
 * hears from us first), and after a late step the following ones keep the schedule's spacing.
 *
 * `afterMessage`: the transition arming it has just queued a message (a broken promise's
 * follow-up, START's confirmation, a reminder). Then a step already past is not armed at `now` —
 * that would send two messages in the same moment (decision 0146): the first step still ahead is
 * armed instead, and when none is ahead, the chosen step goes the next local day at its time.
 */
export function nextStep(
  flow: FlowDefinition,
  dueDate: string,
  tz: string,
  last: { step: number; at: string | null },
  now: Date,
  opts: { afterMessage?: boolean } = {},
): { index: number; at: Date } | null {
  const steps = flow.schedule;
  let index = last.step + 1;
  if (index >= steps.length) return null;
  /** Step `i`'s moment, kept at the schedule's spacing after the last step sent. */
  const when = (i: number): Date => {
    const at = stepTime(flow, dueDate, tz, i);
    if (last.step < 0 || !last.at) return at;
    const spaced = new Date(Date.parse(last.at) + (steps[i]!.offsetDays - steps[last.step]!.offsetDays) * 86_400_000);
    return spaced > at ? spaced : at;
  };
  for (let j = steps.length - 1; j > index; j--) {
    if (stepTime(flow, dueDate, tz, j) <= now) {
      index = j;
      break;
    }
  }
  if (opts.afterMessage && when(index) <= now) {
    for (let j = index + 1; j < steps.length; j++)
      if (when(j) > now) {
        index = j;
        break;
      }
  }
  if (last.step < 0 && steps[index]!.escalate) {
    for (let k = index - 1; k >= 0; k--)
      if (steps[k]!.template) {
        index = k;
        break;
      }
  }
  let at = when(index);
  if (opts.afterMessage && at <= now) at = zonedTime(addDays(localDate(now, tz), 1), steps[index]!.at, tz);
  return { index, at: at < now ? now : at };
}

export type StartTimerParams = z.infer<(typeof effectParams)['startTimer']>;

/**
 * When a `startTimer` fires; null when it should not be armed. Days are calendar days in the
 * debtor's zone (across a DST change too): at `at` on that day, or else at the same local time of
 * day as now, plus `hours`. A moment already past fires now, unless `ifPast: skip` (a same-day
 * promise made after its reminder time gets no reminder right after the confirmation).
 */
export function timerDue(params: StartTimerParams, c: { now: Date; tz: string; promiseDate: string | null; policy: FlowDefinition['policy'] }): Date | null {
  const base = params.from === 'promiseDate' && c.promiseDate ? c.promiseDate : localDate(c.now, c.tz);
  const days: number = params.daysFrom ? c.policy[params.daysFrom satisfies (typeof POLICY_DAYS)[number]] : (params.days ?? 0);
  let due: Date;
  if (params.at) due = zonedTime(addDays(base, days), params.at, c.tz);
  else {
    const p = localParts(c.now, c.tz);
    const day = zonedTime(addDays(base, days), `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`, c.tz);
    due = new Date(day.getTime() + (c.now.getTime() % 60_000) + (params.hours ?? 0) * 3_600_000);
  }
  if (due >= c.now) return due;
  return params.ifPast === 'skip' ? null : c.now;
}

export type FlowAction = { type: string; params?: unknown };

/** The placeholders of a template text, per text (templates are few and immutable per flow version). */
const placeholderSets = new Map<string, ReadonlySet<string>>();
function placeholdersOf(text: string): ReadonlySet<string> {
  let set = placeholderSets.get(text);
  if (!set) {
    if (placeholderSets.size >= 4096) placeholderSets.clear();
    set = new Set(placeholdersIn(text));
    placeholderSets.set(text, set);
  }
  return set;
}

/** Turns the actions transition() returned into effects, in order. Pure. */
export function interpret(inp: InterpretInput, actions: readonly FlowAction[]): Effect[] {
  const { flow, context, event, now } = inp;
  const tz = context.timezone;
  const out: Effect[] = [];
  let plan = [...inp.plan];
  let windows = inp.contactWindows;
  let n = 0;
  const send = (template: string, kind: OutboundKind) => {
    const t = templateText(flow, template, context.variant);
    if (!t) throw new Error(`template ${template} missing for ${flow.locale}`);
    const { vars, dates } = templateVars({ flow, context, event, debt: inp.debt, plan, contactWindows: windows }, placeholdersOf(t.text));
    out.push({
      type: 'queueOutbound',
      template: t.variant ? `${template}#${t.variant}` : template,
      text: render(t.text, vars),
      dates,
      relative: hasRelativeWording(t.text),
      kind,
      idempotencyKey: `${inp.transitionKey}:${n++}`,
    });
  };
  const cancelPlanTimers = () => out.push({ type: 'cancelTimers', name: 'installment_due' }, { type: 'cancelTimers', name: 'installment_check' });

  for (const action of actions) {
    const e = parseAction(action);
    if (!e) continue; // assign actions already ran inside transition()
    switch (e.name) {
      case 'send':
        send(e.params.template, kindFor(event, e.params.kind));
        break;
      case 'sendReminder': {
        const step = event.step !== undefined ? flow.schedule[event.step] : undefined;
        if (step?.template) send(step.template, 'reminder');
        break;
      }
      case 'scheduleReminder': {
        out.push({ type: 'cancelTimers', name: 'reminder' });
        // A message this transition queued (the broken-promise follow-up, START's confirmation) is this moment's one message.
        const afterMessage = out.some((x) => x.type === 'queueOutbound');
        const next = nextStep(flow, context.dueDate, tz, { step: context.lastStep, at: context.lastStepAt ?? null }, now, { afterMessage });
        if (next) out.push({ type: 'addTimer', name: 'reminder', event: { type: flow.schedule[next.index]!.escalate ? 'schedule_end' : 'reminder', step: next.index }, dueAt: next.at });
        break;
      }
      case 'startTimer': {
        out.push({ type: 'cancelTimers', name: e.params.name });
        const due = timerDue(e.params, { now, tz, promiseDate: context.promiseDate, policy: flow.policy });
        if (due) out.push({ type: 'addTimer', name: e.params.name, event: { type: `timeout.${e.params.name}` }, dueAt: due });
        break;
      }
      case 'cancelTimer':
        out.push({ type: 'cancelTimers', name: e.params.name });
        break;
      case 'cancelAllTimers':
      case 'optOut':
        out.push({ type: 'cancelTimers' });
        break;
      case 'escalate':
        out.push({ type: 'escalate', reason: e.params.reason });
        break;
      case 'resolve':
        out.push({ type: 'resolve', outcome: e.params.outcome });
        break;
      case 'optIn':
        out.push({ type: 'liftStop' });
        break;
      case 'recordPromise':
        if (context.promiseDate) out.push({ type: 'recordPromise', dueDate: context.promiseDate, amount: context.balance });
        break;
      case 'closeCommitments':
        if (e.params.keep !== 'promise') out.push({ type: 'cancelPromises', reason: e.params.reason });
        if (plan.length) {
          out.push({ type: 'cancelPlan', reason: e.params.reason });
          cancelPlanTimers();
          plan = [];
        }
        break;
      case 'settlePromise':
        out.push({ type: 'settlePromise', status: e.params.status });
        break;
      case 'createPlan': {
        const count = event.entities?.installments;
        if (!count) break;
        // The plan the machine computed (planInstalments); older flows without it compute it here.
        const next =
          context.plan?.length === count
            ? context.plan
            : planInstallments({ balance: context.balance, currency: inp.debt.currency, count, firstDate: addDays(localDate(now, tz), flow.policy.firstInstallmentWithinDays), intervalDays: flow.policy.installmentIntervalDays });
        out.push({ type: 'replacePlan', plan: next });
        cancelPlanTimers();
        for (const p of next) {
          // An instalment's day-of reminder already past (a first payment due today, agreed after 10:00) is not armed:
          // plan_confirmed, queued in this same moment, names that payment and its link (decision 0146's rule).
          const dueAt = zonedTime(p.dueDate, '10:00', tz);
          if (dueAt > now) out.push({ type: 'addTimer', name: 'installment_due', event: { type: 'timeout.installment_due', seq: p.seq }, dueAt });
          out.push({ type: 'addTimer', name: 'installment_check', event: { type: 'timeout.installment_check', seq: p.seq }, dueAt: zonedTime(addDays(p.dueDate, 2), '12:00', tz) });
        }
        plan = [...next];
        break;
      }
      case 'markInstallment':
        if (typeof event.seq === 'number') out.push({ type: 'markInstallment', seq: event.seq, status: e.params.status });
        break;
      case 'setContactWindow': {
        if (!event.messageId || !inp.inboundText) break;
        const parsed = parseContactWindow(inp.inboundText);
        if (!parsed) break;
        windows = parsed;
        out.push({ type: 'setContactWindow', windows: parsed, messageId: event.messageId });
        break;
      }
      case 'flagWrongNumber':
        out.push({ type: 'flagWrongNumber', messageId: event.messageId ?? null });
        break;
      default:
        return unreachable(e);
    }
  }
  return out;
}

type Params = { [K in keyof typeof effectParams]: { name: K; params: z.infer<(typeof effectParams)[K]> } };
export type ParsedAction = Params[keyof Params];

/** An effect action with its params parsed by the registry's zod schema; null for an assign action. */
export function parseAction(action: FlowAction): ParsedAction | null {
  if (!isEffect(action.type)) return null;
  const schema: z.ZodType = effectParams[action.type];
  return { name: action.type, params: schema.parse(action.params ?? {}) } as ParsedAction;
}

/** Exhaustiveness: a new effect that no switch handles fails the type check here. */
export function unreachable(x: never): never {
  throw new Error(`unhandled: ${JSON.stringify(x)}`);
}
