import { and, asc, eq, isNull } from 'drizzle-orm';
import { auditEvents, conversations, debtors, debts, messages, timers } from '../../db/schema';
import type { Tx } from '../db/client';
import type { Services } from '../services';
import { relay } from '../outbox/relay';
import type { FlowContext, FlowEvent } from './context';
import { applyEffects } from './effects';
import type { PostCommit } from '../outbox/queue';
import { restoreMachine, startMachine, stateName, statusFromTags, stepMachine } from './compile';
import type { LoadedFlow } from './flow-store';
import { eventTypeOf, inboundEvents, storedClassification, WINDOW, WINDOW_APPLIED } from './inbound';

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
    const post = await applyEffects(
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
    await tx.insert(auditEvents).values({
      actor: event.messageId ? 'debtor' : 'system',
      type: 'conversation.transition',
      conversationId: conv.id,
      debtorId: conv.debtorId,
      data: { event: event.type, from, to, status, actions: actions.map((a) => a.type), rowVersion },
    });
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
  const post = await applyEffects(
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
  await tx.insert(auditEvents).values({
    actor: 'system',
    type: 'conversation.started',
    conversationId: conv!.id,
    debtorId: debtor.id,
    data: { flow: loaded.key, version: loaded.version, state: conv!.state },
  });
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

type ClassifyFn = (msg: typeof messages.$inferSelect, context: FlowContext, flow: LoadedFlow['flow']) => Promise<{
  intent: string;
  confidence: number;
  classifiedBy: string;
  entities: Record<string, unknown>;
  explanation: string;
  tier?: string;
  secondary?: string[];
  optOutSuspected?: boolean;
  rule?: string;
}>;

/**
 * Applies every unprocessed inbound message of a conversation, oldest first. Classification runs
 * outside any lock and is stored on the message; the transition then runs under the row lock.
 * Safe to run from several workers at once: the lock orders them and processed_at makes it once.
 */
export async function processInbound(deps: EngineDeps, conversationId: string, classify: ClassifyFn): Promise<number> {
  let applied = 0;
  for (let guard = 0; guard < 100; guard++) {
    // 1. What is waiting, read without a lock: nothing waiting means no transaction at all.
    const waiting = await deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'inbound'), isNull(messages.processedAt)))
      .orderBy(asc(messages.seq));
    if (!waiting.length) return applied;
    // 2. Classify what has no intent yet (no lock held).
    if (!(await classifyWaiting(deps, conversationId, waiting.filter((m) => !m.intent), classify))) return applied;
    // 3. Apply the oldest one under the lock.
    let unclassified = false;
    const r = await applyEvent(deps, conversationId, async (tx) => {
      const [m] = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'inbound'), isNull(messages.processedAt)))
        .orderBy(asc(messages.seq))
        .limit(1);
      if (!m) return null;
      if (!m.intent) {
        unclassified = true;
        return null;
      }
      const now = deps.clock.now();
      // A mixed message ("paid yesterday; only text after 6pm"): its contact window is applied
      // first, as its own event, then its primary intent drives the machine.
      if (inboundEvents(m).length > 1) {
        await tx.update(messages).set({ secondaryIntents: (m.secondaryIntents ?? []).map((i) => (i === WINDOW ? WINDOW_APPLIED : i)) }).where(eq(messages.id, m.id));
        return { type: WINDOW, now: now.toISOString(), entities: {}, messageId: m.id };
      }
      await tx.update(messages).set({ processedAt: now }).where(eq(messages.id, m.id));
      return {
        type: eventTypeOf(m),
        now: now.toISOString(),
        entities: (m.entities ?? {}) as FlowEvent['entities'],
        confidence: m.confidence ?? undefined,
        messageId: m.id,
      };
    });
    if (r) applied++;
    else if (!unclassified) return applied;
  }
  return applied;
}

/** Classifies `waiting` and stores each result on its message; false when the conversation is gone. */
async function classifyWaiting(deps: EngineDeps, conversationId: string, waiting: Array<typeof messages.$inferSelect>, classify: ClassifyFn): Promise<boolean> {
  if (!waiting.length) return true;
  const [conv] = await deps.db.select().from(conversations).where(eq(conversations.id, conversationId));
  if (!conv) return false;
  const loaded = await deps.flows.get(conv.flowKey, conv.flowVersion);
  const context = restore(loaded, conv.snapshot).context;
  for (const m of waiting) {
    const c = await classify(m, context, loaded.flow);
    const stored = storedClassification(m.body, c);
    await deps.db
      .update(messages)
      .set({
        ...stored,
        confidence: c.confidence,
        classifiedBy: c.classifiedBy,
        entities: c.entities,
        tier: c.tier ?? null,
        rule: c.rule ?? null,
        optOutSuspected: c.optOutSuspected === true,
      })
      .where(and(eq(messages.id, m.id), isNull(messages.intent)));
  }
  return true;
}

