import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';
import { conversations } from './conversations';
import { messages } from './messages';

/** What an outbound is, for the caps and the gate (every kind written: the flow's, a collector's, the system's). */
export const OUTBOX_KINDS = ['reminder', 'reply', 'collector', 'optout_confirmation', 'help', 'handoff', 'system', 'rcs_fallback'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
/** Every status the sender, the sweep and reconcile write. */
export const OUTBOX_STATUSES = ['pending', 'held', 'sending', 'sent', 'refused', 'failed', 'unknown', 'uncertain'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Outbound work. Written in the same transaction as the decision that asked for it; the sender
 * passes every row through the send gate at send time. One row per idempotency key.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    debtorId: uuid('debtor_id'),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id),
    idempotencyKey: text('idempotency_key').notNull(),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    notBefore: ts('not_before').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    reason: text('reason'),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_idempotency_uq').on(t.idempotencyKey),
    index('outbox_due_idx').on(t.status, t.notBefore),
    // The send gate's caps count a debtor's reminders today and a debt's this week for every row it
    // claims: without this each count read every reminder sent that day (a storm's sends slowed as
    // they went: ~170 → ~80 SMS/s in the bench's second storm). Both counts go through it: a debt has
    // one conversation (conversations_debt_uq), and its reminders carry the conversation's debtor, so
    // the week's are the debtor's filtered by conversation (decision 0145 dropped the conversation
    // index beside it: one index entry fewer per outbox row version, three per reminder sent).
    index('outbox_reminder_debtor_idx').on(t.debtorId).where(sql`kind = 'reminder'`),
  ],
);
