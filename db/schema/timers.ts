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
  (t) => [index('timers_due_idx').on(t.status, t.dueAt), index('timers_conversation_idx').on(t.conversationId, t.status)],
);
