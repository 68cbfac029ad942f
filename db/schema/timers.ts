import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';
import { conversations } from './conversations';

export const TIMER_STATUSES = ['pending', 'fired', 'cancelled'] as const;

/** The truth about pending delays. A BullMQ delayed job (jobId = timer id) is only the wake-up. */
export const timers = pgTable(
  'timers',
  {
    id: id(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    name: text('name').notNull(),
    event: jsonb('event').$type<{ type: string; [k: string]: unknown }>().notNull(),
    dueAt: ts('due_at').notNull(),
    /** pending | fired | cancelled */
    status: text('status', { enum: TIMER_STATUSES }).notNull().default('pending'),
    firedAt: ts('fired_at'),
    createdAt: createdAt(),
  },
  // Pending rows only (decision 0141): every read by due time or by conversation asks for pending
  // timers, and a fired or cancelled row then leaves both indexes instead of adding an entry to each
  // (a storm's round of 200 fired timers: 400 index entries and ~70 kB of WAL less; the indexes hold
  // the live timers, not the whole history). Write `status = 'pending'` as a literal where a prepared
  // statement's generic plan should use them.
  (t) => [
    index('timers_due_idx').on(t.dueAt).where(sql`status = 'pending'`),
    index('timers_conversation_idx').on(t.conversationId).where(sql`status = 'pending'`),
  ],
);

/**
 * `status = 'pending'` as a literal, for the reads by due time or by conversation: a prepared statement's generic plan
 * can use the pending-only indexes above only when the status is not a parameter (decision 0141; with a parameter and a
 * LIMIT, the sweep's count chose a scan of every fired timer).
 */
export const timerPending = sql`${timers.status} = 'pending'`;
