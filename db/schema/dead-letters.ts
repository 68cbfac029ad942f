import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';

/**
 * Jobs that failed every attempt (a transition that throws, a poison message). While a row is
 * `dead` or `discarded` the sweep does not wake its subject again; an admin retries (`retried`:
 * the sweep and the queue take it again) or discards it. One live row per (queue, subject).
 */
export const DEAD_LETTER_STATUSES = ['dead', 'retried', 'discarded'] as const;

export const deadLetters = pgTable(
  'dead_letters',
  {
    id: id(),
    /** conversation | timer | send */
    queue: text('queue').notNull(),
    /** The job's subject: a conversation, timer or outbox id. */
    subjectId: uuid('subject_id').notNull(),
    reason: text('reason').notNull(),
    attempts: integer('attempts').notNull(),
    status: text('status', { enum: DEAD_LETTER_STATUSES }).notNull().default('dead'),
    createdAt: createdAt(),
    resolvedAt: ts('resolved_at'),
    resolvedBy: text('resolved_by'),
  },
  (t) => [index('dead_letters_subject_idx').on(t.queue, t.subjectId, t.status)],
);
