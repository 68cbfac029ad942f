import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { conversations, debtors, debts, installments, messages, outbox, promises, suppressions, timers, type OutboxKind } from '../../db/schema';
import { countSegments } from '../channels/segments';
import { commitPipelined, type DbOrTx } from '../db/client';
import { insertJsonRows, insertSelect, recordset, recordsetIds, rowsOf, uuidArray } from '../db/batch';
import { linkUrl, paymentLinksPlanned } from '../ledger/payment-links';
import { emptyPostCommit, type PostCommit } from '../outbox/queue';
import { localDate } from '../shared/time';
import { uuidv7 } from '../shared/uuid7';
import type { FlowContext, FlowEvent } from './context';
import type { FlowDefinition } from '../flow/schema';
import { composeOutbound, interpret, unreachable, type Effect, type FlowAction, type PlanRow, type TimerEvent } from './interpret';

type ConversationRow = typeof conversations.$inferSelect;
type DebtRow = typeof debts.$inferSelect;
type DebtorRow = typeof debtors.$inferSelect;

/**
 * What the effects read of a transition's rows: the drain's lock selects these columns only (storm23, decision 0186:
 * the other 27 of the three rows — nine of them timestamps — were formatted by Postgres, parsed and mapped for every
 * fired timer and never read). A column the sink starts reading goes here and into the lock's select (drain.ts).
 */
export type EffectConversation = Pick<ConversationRow, 'id' | 'debtorId' | 'status' | 'state' | 'rowVersion'>;
export type EffectDebt = Pick<DebtRow, 'id' | 'dueDate' | 'currency'>;
export type EffectDebtor = Pick<DebtorRow, 'id' | 'phone' | 'contactWindows'>;

export interface EffectInput {
  conv: EffectConversation;
  debt: EffectDebt;
  debtor: EffectDebtor;
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

/** An audit row the sink asks for; the caller writes them with its own in one INSERT. */
export interface AuditRow {
  actor: string;
  type: string;
  conversationId: string | null;
  debtorId: string | null;
  data: Record<string, unknown>;
}

/** The audit row of one committed transition. */
export function transitionAudit(conv: Pick<ConversationRow, 'id' | 'debtorId'>, event: FlowEvent, t: { from: string; to: string; status: string; actions: readonly { type: string }[]; rowVersion: number }): AuditRow {
  return {
    actor: event.messageId ? 'debtor' : 'system',
    type: 'conversation.transition',
    conversationId: conv.id,
    debtorId: conv.debtorId,
    data: { event: event.type, from: t.from, to: t.to, status: t.status, actions: t.actions.map((a) => a.type), rowVersion: t.rowVersion },
  };
}

/** What the DB sink needs of one transition: its input and the effects interpret() made of its actions. */
export interface EffectBatchItem {
  inp: EffectInput;
  effects: readonly Effect[];
}

/** The interpreter's input from rows the caller already holds (the batch reads the plans of many conversations at once). */
export function interpretInput(inp: EffectInput, plan: PlanRow[], contactWindows: DebtorRow['contactWindows'], inboundText: string | null) {
  return {
    flow: inp.flow,
    context: inp.context,
    event: inp.event,
    now: inp.now,
    debt: { dueDate: inp.debt.dueDate, currency: inp.debt.currency },
    plan,
    contactWindows: contactWindows ?? null,
    inboundText,
    transitionKey: inp.transitionKey,
  };
}

/**
 * The database sink of the one interpreter (interpret.ts) for ONE transition: reads what the
 * interpreter needs (the unpaid plan, the inbound text), interprets, and writes through the batch
 * sink with N = 1. The caller inserts the returned audit rows with its own.
 */
export async function applyEffects(tx: DbOrTx, inp: EffectInput, actions: readonly FlowAction[]): Promise<{ post: PostCommit; audits: AuditRow[] }> {
  const { conv, event, debtor } = inp;
  const plan = await tx
    .select({ seq: installments.seq, dueDate: installments.dueDate, amount: installments.amount })
    .from(installments)
    .where(and(eq(installments.conversationId, conv.id), inArray(installments.status, ['pending', 'missed'])))
    .orderBy(installments.seq);
  const wantsText = event.messageId && actions.some((a) => a.type === 'setContactWindow');
  const [inbound] = wantsText ? await tx.select({ body: messages.body }).from(messages).where(eq(messages.id, event.messageId!)) : [];
  const effects = interpret(interpretInput(inp, plan, debtor.contactWindows, inbound?.body ?? null), actions);
  const { post, audits } = await writeEffects(tx, [{ inp, effects }]);
  return { post, audits: audits.flat() };
}

type TimerRow = { id: string; conversation_id: string; name: string; event: TimerEvent; due_at: string; status: 'pending' | 'cancelled' };

/**
 * The batch sink: writes the effects of N transitions (several conversations, several events of one
 * conversation in order) inside the caller's transaction with a fixed number of statements for the
 * frequent effects — one UPDATE cancels timers, one INSERT each for outbound messages, outbox rows
 * and timers, one UPDATE for escalations/outcomes. Effect order is kept: a timer added by an earlier
 * event and cancelled by a later one is written cancelled; cancels of older timers run before the
 * new ones are inserted. The rarer effects (promises, plans, suppressions, the debtor's row) are
 * written one statement each, in order. Returns the post-commit hand-off and, per item, its audit rows.
 */
export interface WriteEffectsOptions {
  /** Timers this batch consumed (fired): its cancels leave them alone, whatever order the statements run in. */
  consumed?: readonly string[];
  /** Statements the caller wants sent with the batch's own (one pipeline, one round trip), given every item's audit rows. */
  after?: (audits: AuditRow[][]) => Array<Promise<unknown>>;
  /**
   * The batch is the transaction's last work: its COMMIT is sent behind the batch's statements
   * (commitPipelined: one round trip for both; a no-op unless the transaction is pipelined). Nothing
   * may be written in the transaction after writeEffects returns.
   */
  commit?: boolean;
}

export async function writeEffects(tx: DbOrTx, items: readonly EffectBatchItem[], o: WriteEffectsOptions = {}): Promise<{ post: PostCommit; audits: AuditRow[][] }> {
  const post = emptyPostCommit();
  const audits: AuditRow[][] = [];
  const cancels: Array<{ conversation_id: string; name: string | null }> = [];
  const added: TimerRow[] = [];
  const outbound: Array<{ msg: Record<string, unknown>; box: Record<string, unknown> }> = [];
  const convSets = new Map<string, { escalation_reason?: string; escalated_at?: string; outcome?: string }>();
  const convSet = (id: string) => convSets.get(id) ?? (convSets.set(id, {}), convSets.get(id)!);
  // The payment links every outbound with {link} needs, in two statements for the whole batch (a
  // reminder storm is one link per conversation: one round trip each made a round of 200 take seconds);
  // the new links' INSERT goes out with the batch's other writes below (its tokens are made here).
  const { links, write: writeLinks } = await paymentLinksPlanned(
    tx,
    items.flatMap(({ inp, effects }) =>
      effects.some((e) => e.type === 'queueOutbound' && e.text.includes('{link}')) ? [{ debtId: inp.debt.id, now: inp.now, expiryDays: inp.flow.policy.linkExpiryDays }] : [],
    ),
  );
  for (const { inp, effects } of items) {
    const { conv, debtor, now } = inp;
    const itemAudits: AuditRow[] = [];
    audits.push(itemAudits);
    for (const e of effects) {
      switch (e.type) {
        case 'queueOutbound': {
          const link = e.text.includes('{link}') ? linkUrl(inp.publicBaseUrl, links.get(inp.debt.id)!) : null;
          const { body, deferred } = composeOutbound(e, link, localDate(now, inp.context.timezone), inp.flow.locale);
          const id = uuidv7();
          const at = now.toISOString();
          outbound.push({
            msg: { id, conversation_id: conv.id, direction: 'outbound', phone: debtor.phone, body, provider: inp.provider, status: 'queued', segments: countSegments(body).segments, author: 'bot', template: e.template, deferred_render: deferred, created_at: at },
            box: { conversation_id: conv.id, debtor_id: debtor.id, message_id: id, idempotency_key: e.idempotencyKey, kind: e.kind, not_before: at, created_at: at },
          });
          break;
        }
        case 'cancelTimers':
          // Timers this batch added earlier for the conversation are cancelled in memory; older ones by the UPDATE.
          for (const t of added) if (t.conversation_id === conv.id && t.status === 'pending' && (!e.name || t.name === e.name)) t.status = 'cancelled';
          cancels.push({ conversation_id: conv.id, name: e.name ?? null });
          break;
        case 'addTimer':
          added.push({ id: uuidv7(), conversation_id: conv.id, name: e.name, event: e.event, due_at: e.dueAt.toISOString(), status: 'pending' });
          break;
        case 'escalate':
          Object.assign(convSet(conv.id), { escalation_reason: e.reason, escalated_at: now.toISOString() });
          itemAudits.push({ actor: 'bot', type: 'conversation.escalated', conversationId: conv.id, debtorId: debtor.id, data: { reason: e.reason } });
          break;
        case 'resolve':
          convSet(conv.id).outcome = e.outcome;
          break;
        default:
          await writeRareEffect(tx, inp, e, itemAudits);
      }
    }
  }
  // The frequent effects' statements go out together, pipelined on the transaction's connection
  // (one round trip): each is started here in order, and none depends on another's result. The
  // cancel leaves alone the timers this batch consumed or adds, so it means the same in any order;
  // the outbox rows reference the messages inserted before them (a wrong order fails loudly, on the FK).
  const cancelled = sql`update timers as t set status = 'cancelled' from ${recordset(cancels, { conversation_id: 'uuid', name: 'text' })}
      where ${recordsetIds('t', 'conversation_id', cancels.map((c) => c.conversation_id))} and t.status = 'pending' and (x.name is null or t.name = x.name)
        and not (t.id = any(${uuidArray([...(o.consumed ?? []), ...added.map((t) => t.id)])}))`;
  const convUpdate = sql`update conversations as c set
        escalation_reason = coalesce(x.escalation_reason, c.escalation_reason),
        escalated_at = coalesce(x.escalated_at, c.escalated_at),
        held_by = case when x.escalation_reason is null then c.held_by end,
        held_at = case when x.escalation_reason is null then c.held_at end,
        outcome = coalesce(x.outcome, c.outcome)
      from ${recordset([...convSets].map(([id, v]) => ({ id, ...v })), { id: 'uuid', escalation_reason: 'text', escalated_at: 'timestamptz', outcome: 'text' })}
      where c.id = x.id`;
  // The outbox rows, and (same statement) the message rows just written for those whose idempotency
  // key is already queued (ON CONFLICT skipped them) deleted: nothing in the batch waits for an answer,
  // so its COMMIT can follow it in the same pipeline. The rows are one CTE read twice: the DELETE takes
  // its ids from the rows the insert did not return (none, but for a retry), as one row holding them
  // that is there only when there are some: the outer side of the DELETE's join, so in the common case
  // `messages` is not read, whatever plan the cache holds (a sequential scan, made while the table was
  // small, never runs; decision 0157).
  const outboxInsert = () =>
    rowsOf<{ id: string; message_id: string; not_before: string | Date; kind: OutboxKind }>(
      tx,
      sql`with x as materialized (select * from ${recordset(outbound.map((o) => o.box), OUTBOX_COLUMNS)}),
        ob as (${insertSelect(outbox, OUTBOX_COLUMNS, sql`x`, sql`on conflict do nothing returning id, message_id, not_before, kind`)}),
        lost as (select array_agg(x.message_id) as ids from x where not exists (select 1 from ob where ob.message_id = x.message_id)),
        gone as (delete from messages m using lost where lost.ids is not null and m.id = any(lost.ids))
        select id, message_id, not_before, kind from ob`,
    );
  const none = Promise.resolve([]);
  const batch: Array<Promise<unknown>> = [
    writeLinks(),
    cancels.length ? rowsOf(tx, cancelled) : none,
    outbound.length ? insertJsonRows(tx, messages, MESSAGE_COLUMNS, outbound.map((o) => o.msg)) : none,
    outbound.length ? outboxInsert() : none,
    added.length ? insertJsonRows(tx, timers, TIMER_COLUMNS, added) : none,
    convSets.size ? rowsOf(tx, convUpdate) : none,
    ...(o.after?.(audits) ?? []),
  ];
  // The last statements of the transaction: its COMMIT goes out behind them (db/client.ts).
  if (o.commit) batch.push(commitPipelined(tx));
  const done = await Promise.all(batch);
  const rows = done[3] as Array<{ id: string; message_id: string; not_before: string | Date; kind: OutboxKind }>;
  for (const r of rows) post.outbox.push({ id: r.id, notBefore: new Date(r.not_before), kind: r.kind });
  for (const t of added) if (t.status === 'pending') post.timers.push({ id: t.id, dueAt: new Date(t.due_at) });
  return { post, audits };
}

const MESSAGE_COLUMNS = {
  id: 'uuid',
  conversation_id: 'uuid',
  direction: 'text',
  phone: 'text',
  body: 'text',
  provider: 'text',
  status: 'text',
  segments: 'integer',
  author: 'text',
  template: 'text',
  deferred_render: 'jsonb',
  created_at: 'timestamptz',
} as const;
const OUTBOX_COLUMNS = { conversation_id: 'uuid', debtor_id: 'uuid', message_id: 'uuid', idempotency_key: 'text', kind: 'text', not_before: 'timestamptz', created_at: 'timestamptz' } as const;
const TIMER_COLUMNS = { id: 'uuid', conversation_id: 'uuid', name: 'text', event: 'jsonb', due_at: 'timestamptz', status: 'text' } as const;

/** The rarer effects, one statement (or two) each, in effect order. */
async function writeRareEffect(tx: DbOrTx, inp: EffectInput, e: Exclude<Effect, { type: 'queueOutbound' | 'cancelTimers' | 'addTimer' | 'escalate' | 'resolve' }>, audits: AuditRow[]): Promise<void> {
  const { conv, debtor, now } = inp;
  switch (e.type) {
    case 'liftStop':
      await tx
        .update(suppressions)
        .set({ liftedAt: now })
        .where(and(eq(suppressions.phone, debtor.phone), eq(suppressions.reason, 'stop'), isNull(suppressions.liftedAt)));
      audits.push({ actor: 'debtor', type: 'suppression.lifted', conversationId: conv.id, debtorId: debtor.id, data: {} });
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
      if (closed.length) audits.push({ actor: 'bot', type: 'promise.cancelled', conversationId: conv.id, debtorId: debtor.id, data: { reason: e.reason, promises: closed.length } });
      return;
    }
    case 'cancelPlan': {
      const ended = await tx
        .update(installments)
        .set({ status: 'cancelled', closedReason: e.reason })
        .where(and(eq(installments.conversationId, conv.id), inArray(installments.status, ['pending', 'missed'])))
        .returning({ seq: installments.seq });
      if (ended.length) audits.push({ actor: 'bot', type: 'plan.cancelled', conversationId: conv.id, debtorId: debtor.id, data: { reason: e.reason, installments: ended.map((x) => x.seq) } });
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
      audits.push({ actor: 'debtor', type: 'debtor.contact_window', conversationId: conv.id, debtorId: debtor.id, data: { windows: e.windows, messageId: e.messageId } });
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
