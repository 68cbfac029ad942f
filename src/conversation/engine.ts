import { and, eq } from 'drizzle-orm';
import { auditEvents, conversations, debtors, debts, timers } from '../../db/schema';
import type { Tx } from '../db/client';
import type { Services } from '../services';
import { relay } from '../outbox/relay';
import type { FlowContext, FlowEvent } from './context';
import { applyEffects, transitionAudit } from './effects';
import type { PostCommit } from '../outbox/queue';
import { restoreMachine, startMachine, stateName, statusFromTags, stepMachine } from './compile';
import type { LoadedFlow } from './flow-store';

type ConversationRow = typeof conversations.$inferSelect;
type EventBuilder = (tx: Tx, conv: ConversationRow, context: FlowContext) => Promise<FlowEvent | null>;

export type EngineDeps = Pick<Services, 'db' | 'queue' | 'clock' | 'flows' | 'provider' | 'log' | 'config'>;

/** Persisted snapshot → the machine's snapshot object. */
function restore(loaded: LoadedFlow, snapshot: unknown) {
  return restoreMachine(loaded.machine, snapshot);
}

/**
 * One event, one transaction: lock the conversation row, run the pure transition, write the
 * snapshot and every row the actions ask for, commit — then hand the new work to the queue.
 * Returns null when the builder had nothing to apply.
 */
export async function applyEvent(deps: EngineDeps, conversationId: string, build: EventBuilder): Promise<{ post: PostCommit; event: FlowEvent; from: string; to: string } | null> {
  const result = await deps.db.transaction(async (tx) => {
    // NO KEY UPDATE: orders this conversation's events like FOR UPDATE, but lets rows that merely
    // reference it (an inbound being stored, an audit row) be inserted meanwhile.
    const [conv] = await tx.select().from(conversations).where(eq(conversations.id, conversationId)).for('no key update');
    if (!conv) return null;
    const loaded = await deps.flows.get(conv.flowKey, conv.flowVersion, tx);
    const snap = restore(loaded, conv.snapshot);
    const event = await build(tx, conv, snap.context);
    if (!event) return null;
    const [next, actions] = stepMachine(loaded.machine, snap, event);
    // Read after build(): a payment's builder moves the debt forward.
    const [{ debt, debtor }] = (await tx
      .select({ debt: debts, debtor: debtors })
      .from(debts)
      .innerJoin(debtors, eq(debtors.id, conv.debtorId))
      .where(eq(debts.id, conv.debtId))) as [{ debt: typeof debts.$inferSelect; debtor: typeof debtors.$inferSelect }];
    const now = deps.clock.now();
    const rowVersion = conv.rowVersion + 1;
    const { post, audits } = await applyEffects(
      tx,
      {
        conv,
        debt,
        debtor,
        flow: loaded.flow,
        context: next.context,
        event,
        now,
        publicBaseUrl: deps.config.publicBaseUrl,
        transitionKey: `bot:${conv.id}:${rowVersion}`,
        provider: deps.provider.name,
      },
      actions,
    );
    const from = conv.state;
    const to = stateName(next.value);
    const status = statusFromTags(next.tags);
    await tx
      .update(conversations)
      .set({
        snapshot: loaded.machine.getPersistedSnapshot(next) as Record<string, unknown>,
        state: to,
        status,
        rowVersion,
        updatedAt: now,
        ...(status !== 'escalated' && conv.status === 'escalated' ? { heldBy: null, heldAt: null } : {}),
      })
      .where(eq(conversations.id, conv.id));
    await tx.insert(auditEvents).values([...audits, transitionAudit(conv, event, { from, to, status, actions, rowVersion })]);
    return { post, event, from, to };
  });
  if (result) await relay(deps, result.post);
  return result;
}

/** Starts the conversation of a new debt: initial transition, first rows, in the caller's transaction. */
export async function startConversation(
  tx: Tx,
  deps: Pick<EngineDeps, 'clock' | 'config' | 'provider'>,
  input: { loaded: LoadedFlow; debt: typeof debts.$inferSelect; debtor: typeof debtors.$inferSelect; campaignId?: string },
): Promise<{ conversationId: string; post: PostCommit }> {
  const { loaded, debt, debtor } = input;
  const now = deps.clock.now();
  const [snap, actions] = startMachine(loaded.machine, {
    locale: debtor.locale === 'en' ? 'en' : 'ja',
    timezone: debtor.timezone,
    currency: debt.currency,
    amount: debt.amount - debt.paidAmount,
    dueDate: debt.dueDate,
    // Stable A/B variant from the debt id.
    variant: parseInt(debt.id.replace(/-/g, '').slice(-4), 16) % 2,
  });
  const [conv] = await tx
    .insert(conversations)
    .values({
      debtorId: debtor.id,
      debtId: debt.id,
      flowKey: loaded.key,
      flowVersion: loaded.version,
      state: stateName(snap.value),
      status: statusFromTags(snap.tags),
      snapshot: loaded.machine.getPersistedSnapshot(snap) as Record<string, unknown>,
      rowVersion: 1,
      campaignId: input.campaignId ?? null,
    })
    .returning();
  const { post, audits } = await applyEffects(
    tx,
    {
      conv: conv!,
      debt,
      debtor,
      flow: loaded.flow,
      context: snap.context,
      event: { type: 'xstate.init', now: now.toISOString() },
      now,
      publicBaseUrl: deps.config.publicBaseUrl,
      transitionKey: `bot:${conv!.id}:1`,
      provider: deps.provider.name,
    },
    actions,
  );
  await tx.insert(auditEvents).values([
    ...audits,
    { actor: 'system', type: 'conversation.started', conversationId: conv!.id, debtorId: debtor.id, data: { flow: loaded.key, version: loaded.version, state: conv!.state } },
  ]);
  return { conversationId: conv!.id, post };
}

/** Fires one timer row; a cancelled, fired or not-yet-due timer is a no-op. */
export async function fireTimer(deps: EngineDeps, timerId: string): Promise<'fired' | 'noop' | 'early'> {
  const [t] = await deps.db.select({ conversationId: timers.conversationId }).from(timers).where(eq(timers.id, timerId));
  if (!t) return 'noop';
  let early = false;
  const r = await applyEvent(deps, t.conversationId, async (tx) => {
    const [timer] = await tx.select().from(timers).where(and(eq(timers.id, timerId), eq(timers.status, 'pending')));
    if (!timer) return null;
    const now = deps.clock.now();
    if (timer.dueAt.getTime() > now.getTime() + 1000) {
      early = true;
      return null;
    }
    await tx.update(timers).set({ status: 'fired', firedAt: now }).where(eq(timers.id, timerId));
    return { ...timer.event, now: now.toISOString() } as FlowEvent;
  });
  return r ? 'fired' : early ? 'early' : 'noop';
}


export { drainConversations, drainOne, processInbound, readyConversationIds, type ClassifyFn, type DrainFailure, type DrainResult } from './drain';
