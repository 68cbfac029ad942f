import { sql } from 'drizzle-orm';
import { auditEvents, conversations, debtors, debts, timers } from '../../db/schema';
import { startMachine, stateName, statusFromTags, type FlowSnapshot } from '../conversation/compile';
import type { FlowInputData } from '../conversation/context';
import { emptyPostCommit, type PostCommit } from '../outbox/queue';
import { nextStep } from '../conversation/interpret';
import { startConversation } from '../conversation/engine';
import type { LoadedFlow } from '../conversation/flow-store';
import { isEffect } from '../conversation/registry';
import type { Tx } from '../db/client';
import type { Services } from '../services';
import { yieldToEventLoop } from '../shared/yield';
import { insertJsonRows } from '../db/batch';

export interface StartItem {
  loaded: LoadedFlow;
  debt: typeof debts.$inferSelect;
  debtor: typeof debtors.$inferSelect;
  campaignId?: string;
}

/** The context a new conversation starts from: the same as startConversation's (engine.ts). */
export const initialInput = (debt: StartItem['debt'], debtor: StartItem['debtor']): FlowInputData => ({
  locale: debtor.locale === 'en' ? 'en' : 'ja',
  timezone: debtor.timezone,
  currency: debt.currency,
  amount: debt.amount - debt.paidAmount,
  dueDate: debt.dueDate,
  // Stable A/B variant from the debt id.
  variant: parseInt(debt.id.replace(/-/g, '').slice(-4), 16) % 2,
});

/**
 * Starts many new conversations in the caller's transaction with three multi-row statements
 * (conversations, first reminder timers, audit) instead of four statements each. Only for the
 * common opening — the initial transition's one effect is `scheduleReminder` — whose rows are
 * exactly what startConversation writes (test/integration/import-batch.test.ts compares them);
 * any other opening goes through startConversation itself, one by one. Results in input order.
 */
export async function startConversations(tx: Tx, deps: Pick<Services, 'clock' | 'config' | 'provider'>, items: StartItem[]): Promise<{ conversationIds: string[]; post: PostCommit }> {
  const post = emptyPostCommit();
  const ids: string[] = new Array(items.length);
  const now = deps.clock.now();
  const bulk: Array<{ at: number; item: StartItem; snap: FlowSnapshot; reminder: boolean }> = [];
  const single: number[] = [];
  for (const [at, item] of items.entries()) {
    // Transitions are CPU: a turn for the HTTP server every few dozen.
    if (at > 0 && at % 50 === 0) await yieldToEventLoop();
    const [snap, actions] = startMachine(item.loaded.machine, initialInput(item.debt, item.debtor));
    const effects = actions.filter((a) => isEffect(a.type));
    if (effects.length > 1 || effects.some((e) => e.type !== 'scheduleReminder')) single.push(at);
    else bulk.push({ at, item, snap, reminder: effects.length === 1 });
  }
  if (bulk.length) {
    const convs = await insertJsonRows<{ id: string; debt_id: string; state: string }>(
      tx,
      conversations,
      { debtor_id: 'uuid', debt_id: 'uuid', flow_key: 'text', flow_version: 'integer', state: 'text', status: 'text', snapshot: 'jsonb', row_version: 'integer', campaign_id: 'uuid' },
      bulk.map(({ item, snap }) => ({
        debtor_id: item.debtor.id,
        debt_id: item.debt.id,
        flow_key: item.loaded.key,
        flow_version: item.loaded.version,
        state: stateName(snap.value),
        status: statusFromTags(snap.tags),
        snapshot: item.loaded.machine.getPersistedSnapshot(snap),
        row_version: 1,
        campaign_id: item.campaignId ?? null,
      })),
      sql`returning id, debt_id, state`,
    );
    const byDebt = new Map(convs.map((c) => [c.debt_id, c]));
    const timerRows: Array<{ conversation_id: string; name: string; event: Record<string, unknown>; due_at: Date }> = [];
    const steps = new Map<string, ReturnType<typeof nextStep>>();
    for (const b of bulk) {
      const conv = byDebt.get(b.item.debt.id)!;
      ids[b.at] = conv.id;
      if (!b.reminder) continue;
      const context = b.snap.context;
      const flow = b.item.loaded.flow;
      // Pure in these inputs (now is the batch's): debts of one file share a few due dates and zones.
      const key = `${b.item.loaded.key}@${b.item.loaded.version}|${context.dueDate}|${context.timezone}|${context.lastStep}|${context.lastStepAt ?? ''}`;
      let next = steps.get(key);
      if (next === undefined) steps.set(key, (next = nextStep(flow, context.dueDate, context.timezone, { step: context.lastStep, at: context.lastStepAt ?? null }, now)));
      if (!next) continue;
      const step = flow.schedule[next.index]!;
      timerRows.push({ conversation_id: conv.id, name: 'reminder', event: { type: step.escalate ? 'schedule_end' : 'reminder', step: next.index }, due_at: next.at });
    }
    const armed = await insertJsonRows<{ id: string; due_at: string | Date }>(tx, timers, { conversation_id: 'uuid', name: 'text', event: 'jsonb', due_at: 'timestamptz' }, timerRows, sql`returning id, due_at`);
    post.timers.push(...armed.map((t) => ({ id: t.id, dueAt: new Date(t.due_at) })));
    await insertJsonRows(
      tx,
      auditEvents,
      { actor: 'text', type: 'text', conversation_id: 'uuid', debtor_id: 'uuid', data: 'jsonb' },
      bulk.map((b) => {
        const conv = byDebt.get(b.item.debt.id)!;
        return { actor: 'system', type: 'conversation.started', conversation_id: conv.id, debtor_id: b.item.debtor.id, data: { flow: b.item.loaded.key, version: b.item.loaded.version, state: conv.state } };
      }),
      sql``,
    );
  }
  for (const at of single) {
    const started = await startConversation(tx, deps, items[at]!);
    ids[at] = started.conversationId;
    post.outbox.push(...started.post.outbox);
    post.timers.push(...started.post.timers);
  }
  return { conversationIds: ids, post };
}
