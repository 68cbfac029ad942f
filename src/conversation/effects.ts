import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { auditEvents, conversations, debtors, debts, installments, messages, outbox, promises, suppressions, timers } from '../../db/schema';
import { countSegments } from '../channels/segments';
import type { DbOrTx } from '../db/client';
import { describeContactWindows, parseContactWindow } from '../compliance/contact-window';
import { describeOffers, planInstallments } from '../dunning/installments';
import { linkUrl, paymentLinkFor } from '../dunning/payment-links';
import type { z } from 'zod';
import { addDays, localDate, localParts, zonedTime } from '../shared/time';
import type { FlowContext, FlowEvent } from './context';
import type { FlowDefinition } from './flow-schema';
import { allowedInstallmentCounts, effectParams, isEffect, latestPromiseDate, type POLICY_DAYS } from './registry';
import { formatAmount, formatDate, hasRelativeWording, render, renderAt, stopWording, templateText, type DeferredText, type TemplateVars } from './templates';

type ConversationRow = typeof conversations.$inferSelect;
type DebtRow = typeof debts.$inferSelect;
type DebtorRow = typeof debtors.$inferSelect;

export interface EffectInput {
  conv: ConversationRow;
  debt: DebtRow;
  debtor: DebtorRow;
  flow: FlowDefinition;
  /** Context after the transition. */
  context: FlowContext;
  event: FlowEvent;
  now: Date;
  publicBaseUrl: string;
  /** Idempotency prefix unique to this transition (conversation + row version). */
  transitionKey: string;
  provider: string;
  /** Set by setContactWindow during this transition (the debtor row above is read before it). */
  contactWindows?: Array<{ days?: number[]; from: string; to: string; note?: string }> | null;
}

/** What the relay hands to the queue once the transaction has committed. */
export interface PostCommit {
  outbox: Array<{ id: string; notBefore: Date }>;
  timers: Array<{ id: string; dueAt: Date }>;
}

export const emptyPostCommit = (): PostCommit => ({ outbox: [], timers: [] });

/**
 * Proactive sends count against caps; replies answer the debtor. Inferred from what caused them.
 * A payment's acknowledgement answers the payment: counted as a reminder it could be held by the
 * daily cap or refused once the payment resolved the conversation.
 */
function kindFor(event: FlowEvent, explicit?: string): string {
  if (explicit) return explicit;
  return event.messageId || event.type === 'payment_received' ? 'reply' : 'reminder';
}

async function varsFor(tx: DbOrTx, inp: EffectInput, text: string): Promise<{ vars: TemplateVars; dates: DeferredText['dates'] }> {
  const { flow, context, debt, event } = inp;
  // The dates {dueStatus}/{promiseStatus}/{installmentStatus} are worded from, on the send day.
  const dates: DeferredText['dates'] = { due: debt.dueDate, ...(context.promiseDate ? { promise: context.promiseDate } : {}) };
  const loc = flow.locale;
  const money = (n: number) => formatAmount(n, debt.currency, loc);
  const vars: TemplateVars = {
    brand: flow.brand,
    amount: money(context.balance),
    balance: money(context.balance),
    dueDate: formatDate(debt.dueDate, loc),
    stop: stopWording(loc),
    contact: flow.contact,
    latestDate: formatDate(latestPromiseDate(flow, event.now, context.timezone), loc),
    promiseDate: context.promiseDate ? formatDate(context.promiseDate, loc) : '',
    // What this payment event brought in (the thanks names it; {amount} is what is still due).
    paidAmount: typeof event.paid === 'number' ? money(event.paid) : '',
  };
  if (text.includes('{offers}')) {
    const counts = context.offeredCounts.length ? context.offeredCounts : allowedInstallmentCounts(flow, context.balance);
    // The amounts the plan would really have (minor units, remainder on the last), never a rounded guess.
    vars.offers = describeOffers(counts, context.balance, debt.currency, loc, money);
  }
  if (/\{(count|firstAmount|firstDate|seq|installmentAmount|installmentStatus)\}/.test(text)) {
    const plan = await tx
      .select()
      .from(installments)
      .where(and(eq(installments.conversationId, inp.conv.id), inArray(installments.status, ['pending', 'missed'])))
      .orderBy(installments.seq);
    const seq = typeof event.seq === 'number' ? event.seq : plan[0]?.seq;
    const cur = plan.find((p) => p.seq === seq) ?? plan[0];
    if (plan[0]) {
      vars.count = String(plan.length + (plan[0].seq - 1));
      vars.firstAmount = money(plan[0].amount);
      vars.firstDate = formatDate(plan[0].dueDate, loc);
    }
    if (cur) {
      vars.seq = String(cur.seq);
      vars.installmentAmount = money(cur.amount);
      dates.installment = cur.dueDate;
    }
  }
  if (text.includes('{contactWindow}')) {
    const w = inp.contactWindows ?? inp.debtor.contactWindows;
    vars.contactWindow = w?.length ? describeContactWindows(w, loc) : '';
  }
  if (text.includes('{link}')) {
    const { token } = await paymentLinkFor(tx, { debtId: debt.id, now: inp.now, expiryDays: flow.policy.linkExpiryDays });
    vars.link = linkUrl(inp.publicBaseUrl, token);
  }
  return { vars, dates };
}

/** Renders and queues one outbound: a message row (status queued) and its outbox row. */
export async function queueOutbound(
  tx: DbOrTx,
  inp: {
    conversationId: string | null;
    debtorId: string;
    phone: string;
    body: string;
    template?: string | null;
    kind: string;
    author: string;
    idempotencyKey: string;
    provider: string;
    notBefore: Date;
    createdAt?: Date;
    /** Date wording the sender redoes for the day it really sends (a hold or a backlog moves it). */
    deferred?: DeferredText | null;
  },
): Promise<{ id: string; notBefore: Date } | null> {
  const [msg] = await tx
    .insert(messages)
    .values({
      conversationId: inp.conversationId,
      direction: 'outbound',
      phone: inp.phone,
      body: inp.body,
      provider: inp.provider,
      status: 'queued',
      segments: countSegments(inp.body).segments,
      author: inp.author,
      template: inp.template ?? null,
      deferredRender: inp.deferred ?? null,
      createdAt: inp.createdAt ?? inp.notBefore,
    })
    .returning({ id: messages.id });
  const [row] = await tx
    .insert(outbox)
    .values({
      conversationId: inp.conversationId,
      debtorId: inp.debtorId,
      messageId: msg!.id,
      idempotencyKey: inp.idempotencyKey,
      kind: inp.kind,
      notBefore: inp.notBefore,
      createdAt: inp.createdAt ?? inp.notBefore,
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id, notBefore: outbox.notBefore });
  if (!row) {
    // Same idempotency key already queued: drop the message row we just wrote.
    await tx.delete(messages).where(eq(messages.id, msg!.id));
    return null;
  }
  return row;
}

async function cancelTimers(tx: DbOrTx, conversationId: string, name?: string) {
  await tx
    .update(timers)
    .set({ status: 'cancelled' })
    .where(and(eq(timers.conversationId, conversationId), eq(timers.status, 'pending'), name ? eq(timers.name, name) : undefined));
}

async function addTimer(tx: DbOrTx, post: PostCommit, conversationId: string, name: string, event: Record<string, unknown> & { type: string }, dueAt: Date) {
  const [t] = await tx.insert(timers).values({ conversationId, name, event, dueAt }).returning({ id: timers.id, dueAt: timers.dueAt });
  post.timers.push(t!);
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
 */
export function nextStep(
  flow: FlowDefinition,
  dueDate: string,
  tz: string,
  last: { step: number; at: string | null },
  now: Date,
): { index: number; at: Date } | null {
  const steps = flow.schedule;
  let index = last.step + 1;
  if (index >= steps.length) return null;
  for (let j = steps.length - 1; j > index; j--) {
    if (stepTime(flow, dueDate, tz, j) <= now) {
      index = j;
      break;
    }
  }
  if (last.step < 0 && steps[index]!.escalate) {
    for (let k = index - 1; k >= 0; k--) if (steps[k]!.template) {
      index = k;
      break;
    }
  }
  let at = stepTime(flow, dueDate, tz, index);
  if (last.step >= 0 && last.at) {
    const spaced = new Date(Date.parse(last.at) + (steps[index]!.offsetDays - steps[last.step]!.offsetDays) * 86_400_000);
    if (spaced > at) at = spaced;
  }
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
  const days: number = params.daysFrom ? c.policy[params.daysFrom as (typeof POLICY_DAYS)[number]] : (params.days ?? 0);
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

/** Turns the actions transition() returned into rows, inside the caller's transaction. */
export async function applyEffects(tx: DbOrTx, inp: EffectInput, actions: Array<{ type: string; params?: unknown }>): Promise<PostCommit> {
  const post = emptyPostCommit();
  const { conv, flow, context, event, now, debtor } = inp;
  const tz = context.timezone;
  let n = 0;
  const send = async (template: string, kind?: string) => {
    const t = templateText(flow, template, context.variant);
    if (!t) throw new Error(`template ${template} missing for ${flow.locale}`);
    const { vars, dates } = await varsFor(tx, inp, t.text);
    // Dates worded for today now; the sender words them again for the day it really sends.
    const deferred: DeferredText | null = hasRelativeWording(t.text) ? { text: render(t.text, vars), dates, locale: flow.locale } : null;
    const body = deferred ? renderAt(deferred, localDate(now, tz)) : render(t.text, vars);
    const row = await queueOutbound(tx, {
      deferred,
      conversationId: conv.id,
      debtorId: debtor.id,
      phone: debtor.phone,
      body,
      template: t.variant ? `${template}#${t.variant}` : template,
      kind: kindFor(event, kind),
      author: 'bot',
      idempotencyKey: `${inp.transitionKey}:${n++}`,
      provider: inp.provider,
      notBefore: now,
    });
    if (row) post.outbox.push(row);
  };

  for (const action of actions) {
    if (!isEffect(action.type)) continue; // assign actions already ran inside transition()
    const name = action.type;
    const params = effectParams[name].parse(action.params ?? {}) as Record<string, any>;
    switch (name) {
      case 'send':
        await send(params.template, params.kind);
        break;
      case 'sendReminder': {
        const step = event.step !== undefined ? flow.schedule[event.step] : undefined;
        if (step?.template) await send(step.template, 'reminder');
        break;
      }
      case 'scheduleReminder': {
        await cancelTimers(tx, conv.id, 'reminder');
        const next = nextStep(flow, context.dueDate, tz, { step: context.lastStep, at: context.lastStepAt ?? null }, now);
        if (next) {
          const step = flow.schedule[next.index]!;
          await addTimer(tx, post, conv.id, 'reminder', { type: step.escalate ? 'schedule_end' : 'reminder', step: next.index }, next.at);
        }
        break;
      }
      case 'startTimer': {
        await cancelTimers(tx, conv.id, params.name);
        const due = timerDue(params as StartTimerParams, { now, tz, promiseDate: context.promiseDate, policy: flow.policy });
        if (due) await addTimer(tx, post, conv.id, params.name, { type: `timeout.${params.name}` }, due);
        break;
      }
      case 'cancelTimer':
        await cancelTimers(tx, conv.id, params.name);
        break;
      case 'cancelAllTimers':
        await cancelTimers(tx, conv.id);
        break;
      case 'escalate':
        await tx
          .update(conversations)
          .set({ escalationReason: params.reason, escalatedAt: now, heldBy: null, heldAt: null })
          .where(eq(conversations.id, conv.id));
        await tx.insert(auditEvents).values({ actor: 'bot', type: 'conversation.escalated', conversationId: conv.id, debtorId: debtor.id, data: { reason: params.reason } });
        break;
      case 'resolve':
        await tx.update(conversations).set({ outcome: params.outcome }).where(eq(conversations.id, conv.id));
        break;
      case 'optOut':
        await cancelTimers(tx, conv.id);
        break;
      case 'optIn':
        await tx
          .update(suppressions)
          .set({ liftedAt: now })
          .where(and(eq(suppressions.phone, debtor.phone), eq(suppressions.reason, 'stop'), isNull(suppressions.liftedAt)));
        await tx.insert(auditEvents).values({ actor: 'debtor', type: 'suppression.lifted', conversationId: conv.id, debtorId: debtor.id, data: {} });
        break;
      case 'recordPromise':
        if (context.promiseDate) {
          await tx
            .update(promises)
            .set({ status: 'superseded' })
            .where(and(eq(promises.conversationId, conv.id), eq(promises.status, 'pending')));
          await tx.insert(promises).values({ conversationId: conv.id, debtId: inp.debt.id, dueDate: context.promiseDate, amount: context.balance });
        }
        break;
      case 'closeCommitments': {
        if (params.keep !== 'promise') {
          const closed = await tx
            .update(promises)
            .set({ status: 'cancelled', closedReason: params.reason })
            .where(and(eq(promises.conversationId, conv.id), eq(promises.status, 'pending')))
            .returning({ id: promises.id });
          if (closed.length) await tx.insert(auditEvents).values({ actor: 'bot', type: 'promise.cancelled', conversationId: conv.id, debtorId: debtor.id, data: { reason: params.reason, promises: closed.length } });
        }
        const ended = await tx
          .update(installments)
          .set({ status: 'cancelled', closedReason: params.reason })
          .where(and(eq(installments.conversationId, conv.id), inArray(installments.status, ['pending', 'missed'])))
          .returning({ seq: installments.seq });
        if (ended.length) {
          await cancelTimers(tx, conv.id, 'installment_due');
          await cancelTimers(tx, conv.id, 'installment_check');
          await tx.insert(auditEvents).values({ actor: 'bot', type: 'plan.cancelled', conversationId: conv.id, debtorId: debtor.id, data: { reason: params.reason, installments: ended.map((e) => e.seq) } });
        }
        break;
      }
      case 'settlePromise':
        await tx
          .update(promises)
          .set({ status: params.status })
          .where(and(eq(promises.conversationId, conv.id), eq(promises.status, 'pending')));
        break;
      case 'createPlan': {
        const count = event.entities?.installments;
        if (!count) break;
        await tx
          .update(installments)
          .set({ status: 'cancelled', closedReason: 'replaced' })
          .where(and(eq(installments.conversationId, conv.id), inArray(installments.status, ['pending', 'missed'])));
        await cancelTimers(tx, conv.id, 'installment_due');
        await cancelTimers(tx, conv.id, 'installment_check');
        // The plan the machine computed (planInstalments); older flows without it compute it here.
        const plan =
          context.plan?.length === count
            ? context.plan
            : planInstallments({ balance: context.balance, currency: inp.debt.currency, count, firstDate: addDays(localDate(now, tz), flow.policy.firstInstallmentWithinDays), intervalDays: flow.policy.installmentIntervalDays });
        for (const p of plan) {
          await tx.insert(installments).values({ conversationId: conv.id, debtId: inp.debt.id, seq: p.seq, dueDate: p.dueDate, amount: p.amount });
          await addTimer(tx, post, conv.id, 'installment_due', { type: 'timeout.installment_due', seq: p.seq }, zonedTime(p.dueDate, '10:00', tz));
          await addTimer(tx, post, conv.id, 'installment_check', { type: 'timeout.installment_check', seq: p.seq }, zonedTime(addDays(p.dueDate, 2), '12:00', tz));
        }
        break;
      }
      case 'markInstallment':
        if (typeof event.seq === 'number')
          await tx
            .update(installments)
            .set({ status: params.status })
            .where(and(eq(installments.conversationId, conv.id), eq(installments.seq, event.seq), eq(installments.status, 'pending')));
        break;
      case 'setContactWindow': {
        if (!event.messageId) break;
        const [m] = await tx.select({ body: messages.body }).from(messages).where(eq(messages.id, event.messageId));
        const windows = m ? parseContactWindow(m.body) : null;
        if (!windows) break;
        await tx.update(debtors).set({ contactWindows: windows }).where(eq(debtors.id, debtor.id));
        await tx.insert(auditEvents).values({ actor: 'debtor', type: 'debtor.contact_window', conversationId: conv.id, debtorId: debtor.id, data: { windows, messageId: event.messageId } });
        inp.contactWindows = windows;
        break;
      }
      case 'flagWrongNumber':
        await tx
          .update(debtors)
          .set({ flags: sql`${debtors.flags} || ${JSON.stringify({ wrongNumber: true, wrongNumberAt: now.toISOString() })}::jsonb` })
          .where(eq(debtors.id, debtor.id));
        await tx.insert(suppressions).values({ phone: debtor.phone, reason: 'wrong_number', sourceMessageId: event.messageId ?? null }).onConflictDoNothing();
        break;
    }
  }
  return post;
}
