import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { conversations, debtors, debts, installments, messages, promises, timerPending, timers } from '../../db/schema';
import type { Db } from '../db/client';

/** The conversation as CONTRACT.md shows it: thread, reasoning, promises, plan, pending timers. */
export async function readConversation(db: Db, id: string) {
  const [row] = await db
    .select({ conv: conversations, debt: debts, debtor: debtors })
    .from(conversations)
    .innerJoin(debts, eq(debts.id, conversations.debtId))
    .innerJoin(debtors, eq(debtors.id, conversations.debtorId))
    .where(eq(conversations.id, id));
  if (!row) return null;
  const { conv, debt, debtor } = row;
  const [msgs, proms, plan, pending] = await Promise.all([
    db.select().from(messages).where(eq(messages.conversationId, id)).orderBy(asc(messages.seq)),
    db.select().from(promises).where(eq(promises.conversationId, id)).orderBy(desc(promises.createdAt)),
    db.select().from(installments).where(and(eq(installments.conversationId, id), inArray(installments.status, ['pending', 'paid', 'missed']))).orderBy(asc(installments.seq)),
    db.select().from(timers).where(and(eq(timers.conversationId, id), timerPending)).orderBy(asc(timers.dueAt)),
  ]);
  return {
    id: conv.id,
    status: conv.status,
    state: conv.state,
    flow: { key: conv.flowKey, version: conv.flowVersion },
    escalation: conv.escalationReason ? { reason: conv.escalationReason, at: conv.escalatedAt, heldBy: conv.heldBy } : null,
    outcome: conv.outcome,
    rowVersion: conv.rowVersion,
    debtor: { id: debtor.id, externalRef: debtor.externalRef, locale: debtor.locale, timezone: debtor.timezone, flags: debtor.flags },
    debt: { id: debt.id, externalRef: debt.externalRef, amount: debt.amount, paidAmount: debt.paidAmount, currency: debt.currency, dueDate: debt.dueDate, status: debt.status },
    messages: msgs.map((m) => ({
      id: m.id,
      direction: m.direction,
      body: m.body,
      status: m.status,
      // 'uncertain': a send whose outcome was lost and the provider could not confirm (issue #8).
      ...(m.status === 'uncertain' ? { notice: 'may or may not have been sent' } : {}),
      channel: m.channel,
      author: m.author,
      template: m.template,
      segments: m.segments,
      intent: m.intent,
      confidence: m.confidence,
      classifiedBy: m.classifiedBy,
      tier: m.tier,
      secondaryIntents: m.secondaryIntents,
      optOutSuspected: m.optOutSuspected,
      entities: m.entities,
      explanation: m.explanation,
      createdAt: m.createdAt,
    })),
    promises: proms.map((p) => ({ dueDate: p.dueDate, amount: p.amount, status: p.status, ...(p.closedReason ? { reason: p.closedReason } : {}) })),
    plan: plan.length ? { installments: plan.map((i) => ({ seq: i.seq, dueDate: i.dueDate, amount: i.amount, status: i.status })) } : null,
    timers: pending.map((t) => ({ name: t.name, dueAt: t.dueAt })),
  };
}
