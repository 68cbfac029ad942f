import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { auditEvents, conversations, debtors, debts, installments, messages, promises, suppressions, timers } from '../../db/schema';
import type { DbOrTx } from '../db/client';
import { linkUrl, paymentLinkFor } from '../ledger/payment-links';
import { emptyPostCommit, queueOutbound, type PostCommit } from '../outbox/queue';
import { localDate } from '../shared/time';
import type { FlowContext, FlowEvent } from './context';
import type { FlowDefinition } from '../flow/schema';
import { composeOutbound, interpret, unreachable, type Effect, type FlowAction, type TimerEvent } from './interpret';

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
}

async function cancelTimers(tx: DbOrTx, conversationId: string, name?: string) {
  await tx
    .update(timers)
    .set({ status: 'cancelled' })
    .where(and(eq(timers.conversationId, conversationId), eq(timers.status, 'pending'), name ? eq(timers.name, name) : undefined));
}

/**
 * The database sink of the one interpreter (interpret.ts): reads what the interpreter needs (the
 * unpaid plan, the inbound text), then writes each effect as rows inside the caller's transaction.
 */
export async function applyEffects(tx: DbOrTx, inp: EffectInput, actions: readonly FlowAction[]): Promise<PostCommit> {
  const { conv, event, debtor } = inp;
  const plan = await tx
    .select({ seq: installments.seq, dueDate: installments.dueDate, amount: installments.amount })
    .from(installments)
    .where(and(eq(installments.conversationId, conv.id), inArray(installments.status, ['pending', 'missed'])))
    .orderBy(installments.seq);
  const wantsText = event.messageId && actions.some((a) => a.type === 'setContactWindow');
  const [inbound] = wantsText ? await tx.select({ body: messages.body }).from(messages).where(eq(messages.id, event.messageId!)) : [];
  const effects = interpret(
    {
      flow: inp.flow,
      context: inp.context,
      event,
      now: inp.now,
      debt: { dueDate: inp.debt.dueDate, currency: inp.debt.currency },
      plan,
      contactWindows: debtor.contactWindows ?? null,
      inboundText: inbound?.body ?? null,
      transitionKey: inp.transitionKey,
    },
    actions,
  );
  const post = emptyPostCommit();
  for (const e of effects) await writeEffect(tx, inp, post, e);
  return post;
}

async function writeEffect(tx: DbOrTx, inp: EffectInput, post: PostCommit, e: Effect): Promise<void> {
  const { conv, debtor, now } = inp;
  switch (e.type) {
    case 'queueOutbound': {
      const link = e.text.includes('{link}') ? linkUrl(inp.publicBaseUrl, (await paymentLinkFor(tx, { debtId: inp.debt.id, now, expiryDays: inp.flow.policy.linkExpiryDays })).token) : null;
      const { body, deferred } = composeOutbound(e, link, localDate(now, inp.context.timezone), inp.flow.locale);
      const row = await queueOutbound(tx, {
        deferred,
        conversationId: conv.id,
        debtorId: debtor.id,
        phone: debtor.phone,
        body,
        template: e.template,
        kind: e.kind,
        author: 'bot',
        idempotencyKey: e.idempotencyKey,
        provider: inp.provider,
        notBefore: now,
      });
      if (row) post.outbox.push(row);
      return;
    }
    case 'cancelTimers':
      return cancelTimers(tx, conv.id, e.name);
    case 'addTimer': {
      const event: TimerEvent = e.event;
      const [t] = await tx.insert(timers).values({ conversationId: conv.id, name: e.name, event, dueAt: e.dueAt }).returning({ id: timers.id, dueAt: timers.dueAt });
      post.timers.push(t!);
      return;
    }
    case 'escalate':
      await tx.update(conversations).set({ escalationReason: e.reason, escalatedAt: now, heldBy: null, heldAt: null }).where(eq(conversations.id, conv.id));
      await tx.insert(auditEvents).values({ actor: 'bot', type: 'conversation.escalated', conversationId: conv.id, debtorId: debtor.id, data: { reason: e.reason } });
      return;
    case 'resolve':
      await tx.update(conversations).set({ outcome: e.outcome }).where(eq(conversations.id, conv.id));
      return;
    case 'liftStop':
      await tx
        .update(suppressions)
        .set({ liftedAt: now })
        .where(and(eq(suppressions.phone, debtor.phone), eq(suppressions.reason, 'stop'), isNull(suppressions.liftedAt)));
      await tx.insert(auditEvents).values({ actor: 'debtor', type: 'suppression.lifted', conversationId: conv.id, debtorId: debtor.id, data: {} });
      return;
    case 'recordPromise':
      await tx
        .update(promises)
        .set({ status: 'superseded' })
        .where(and(eq(promises.conversationId, conv.id), eq(promises.status, 'pending')));
      await tx.insert(promises).values({ conversationId: conv.id, debtId: inp.debt.id, dueDate: e.dueDate, amount: e.amount });
      return;
    case 'cancelPromises': {
      const closed = await tx
        .update(promises)
        .set({ status: 'cancelled', closedReason: e.reason })
        .where(and(eq(promises.conversationId, conv.id), eq(promises.status, 'pending')))
        .returning({ id: promises.id });
      if (closed.length) await tx.insert(auditEvents).values({ actor: 'bot', type: 'promise.cancelled', conversationId: conv.id, debtorId: debtor.id, data: { reason: e.reason, promises: closed.length } });
      return;
    }
    case 'cancelPlan': {
      const ended = await tx
        .update(installments)
        .set({ status: 'cancelled', closedReason: e.reason })
        .where(and(eq(installments.conversationId, conv.id), inArray(installments.status, ['pending', 'missed'])))
        .returning({ seq: installments.seq });
      if (ended.length) await tx.insert(auditEvents).values({ actor: 'bot', type: 'plan.cancelled', conversationId: conv.id, debtorId: debtor.id, data: { reason: e.reason, installments: ended.map((x) => x.seq) } });
      return;
    }
    case 'settlePromise':
      await tx
        .update(promises)
        .set({ status: e.status })
        .where(and(eq(promises.conversationId, conv.id), eq(promises.status, 'pending')));
      return;
    case 'replacePlan':
      await tx
        .update(installments)
        .set({ status: 'cancelled', closedReason: 'replaced' })
        .where(and(eq(installments.conversationId, conv.id), inArray(installments.status, ['pending', 'missed'])));
      for (const p of e.plan) await tx.insert(installments).values({ conversationId: conv.id, debtId: inp.debt.id, seq: p.seq, dueDate: p.dueDate, amount: p.amount });
      return;
    case 'markInstallment':
      await tx
        .update(installments)
        .set({ status: e.status })
        .where(and(eq(installments.conversationId, conv.id), eq(installments.seq, e.seq), eq(installments.status, 'pending')));
      return;
    case 'setContactWindow':
      await tx.update(debtors).set({ contactWindows: e.windows }).where(eq(debtors.id, debtor.id));
      await tx.insert(auditEvents).values({ actor: 'debtor', type: 'debtor.contact_window', conversationId: conv.id, debtorId: debtor.id, data: { windows: e.windows, messageId: e.messageId } });
      return;
    case 'flagWrongNumber':
      await tx
        .update(debtors)
        .set({ flags: sql`${debtors.flags} || ${JSON.stringify({ wrongNumber: true, wrongNumberAt: now.toISOString() })}::jsonb` })
        .where(eq(debtors.id, debtor.id));
      await tx.insert(suppressions).values({ phone: debtor.phone, reason: 'wrong_number', sourceMessageId: e.messageId }).onConflictDoNothing();
      return;
    default:
      return unreachable(e);
  }
}
