import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, conversations, debts, promises } from '../../db/schema';
import type { Tx } from '../db/client';
import { applyEvent, type EngineDeps } from './engine';
import { describeOffers } from '../ledger/installments';
import { linkUrl, paymentLinkFor } from '../ledger/payment-links';
import { addDays, localDate } from '../shared/time';
import { machineCan, restoreMachine } from './compile';
import { allowedInstallmentCounts } from './registry';
import { formatAmount, formatDate, relativeVars, relativeWording, render, stopWording, templateText } from '../flow/templates';

/**
 * Quick actions for a collector: drafts from the flow's approved templates (payment link, promise
 * confirmation, plan offer) that fill the reply box. Sending is always the collector's reply, so
 * it passes the one send gate like any other message. A promise is also recorded (audited).
 */
export const DraftBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('payment_link') }),
  z.object({ kind: z.literal('promise'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.object({ kind: z.literal('plan') }),
]);
export type DraftBody = z.infer<typeof DraftBody>;

type Deps = EngineDeps;
export type DraftResult = { ok: true; body: string; template: string } | { ok: false; code: 'not_found' | 'conflict' | 'unprocessable'; message: string; reason?: string };

export async function draftFor(d: Deps, conversationId: string, actor: { id: string; audit: string }, input: DraftBody): Promise<DraftResult> {
  const [row] = await d.db.select({ conv: conversations, debt: debts }).from(conversations).innerJoin(debts, eq(debts.id, conversations.debtId)).where(eq(conversations.id, conversationId));
  if (!row) return { ok: false, code: 'not_found', message: 'no such conversation' };
  const { conv, debt } = row;
  if (conv.heldBy !== actor.id) return { ok: false, code: 'conflict', reason: conv.heldBy ? 'held_by_other' : 'not_held', message: 'claim the conversation first' };
  const loaded = await d.flows.get(conv.flowKey, conv.flowVersion);
  const flow = loaded.flow;
  const snap = restoreMachine(loaded.machine, conv.snapshot);
  const ctx = snap.context;
  const now = d.clock.now();
  const loc = flow.locale;
  const balance = Math.max(0, debt.amount - debt.paidAmount);
  const money = (n: number) => formatAmount(n, debt.currency, loc);
  const { token } = await paymentLinkFor(d.db, { debtId: debt.id, now, expiryDays: flow.policy.linkExpiryDays });
  const today = localDate(now, ctx.timezone);
  // A collector's draft is sent as written, today: its date wording is for today.
  const relative = relativeVars({ due: debt.dueDate, ...(ctx.promiseDate ? { promise: ctx.promiseDate } : {}) }, today, loc);
  const vars = { ...relative, brand: flow.brand, amount: money(balance), balance: money(balance), dueDate: formatDate(debt.dueDate, loc), stop: stopWording(loc), contact: flow.contact, link: linkUrl(d.config.publicBaseUrl, token) };
  const pick = (name: string) => templateText(flow, name, ctx.variant)?.text ?? null;
  if (input.kind === 'payment_link') {
    const t = pick('payment_link');
    if (!t) return { ok: false, code: 'unprocessable', message: 'this flow has no payment_link template' };
    return { ok: true, body: render(t, vars), template: 'payment_link' };
  }
  if (input.kind === 'plan') {
    const t = pick('plan_offer');
    if (!t) return { ok: false, code: 'unprocessable', message: 'this flow has no plan_offer template' };
    const counts = allowedInstallmentCounts(flow, balance);
    if (!counts.length) return { ok: false, code: 'conflict', reason: 'no_plan_allowed', message: 'the balance is too small for any instalment count this flow allows' };
    const offers = describeOffers(counts, balance, debt.currency, loc, money);
    return { ok: true, body: render(t, { ...vars, offers }), template: 'plan_offer' };
  }
  const latest = addDays(today, flow.policy.maxPromiseDays);
  if (input.date < today || input.date > latest) return { ok: false, code: 'unprocessable', message: `the promise date must be between ${today} and ${latest} (policy maxPromiseDays)` };
  const t = pick('promise_confirmed');
  if (!t) return { ok: false, code: 'unprocessable', message: 'this flow has no promise_confirmed template' };
  // Through the machine (`promise_recorded`) when the flow takes it, so the bot knows the date and
  // "hand back at promised" arms its reminder and check; a flow without it gets the row alone.
  const event = { type: 'promise_recorded', now: now.toISOString(), entities: { date: input.date } };
  const audit = (tx: Tx) => tx.insert(auditEvents).values({ actor: actor.audit, type: 'collector.promise_recorded', conversationId: conv.id, debtorId: conv.debtorId, data: { date: input.date }, createdAt: now });
  if (machineCan(snap, event)) {
    let refused = false;
    await applyEvent(d, conv.id, async (tx, locked) => {
      if (locked.heldBy !== actor.id) {
        refused = true;
        return null;
      }
      await audit(tx);
      return event;
    });
    if (refused) return { ok: false, code: 'conflict', reason: 'not_held', message: 'claim the conversation first' };
  } else {
    await d.db.transaction(async (tx) => {
      await tx.update(promises).set({ status: 'superseded' }).where(and(eq(promises.conversationId, conv.id), eq(promises.status, 'pending')));
      await tx.insert(promises).values({ conversationId: conv.id, debtId: debt.id, dueDate: input.date, amount: balance });
      await audit(tx);
    });
  }
  return { ok: true, body: render(t, { ...vars, promiseDate: formatDate(input.date, loc), promiseStatus: relativeWording('promise', input.date, today, loc) }), template: 'promise_confirmed' };
}
