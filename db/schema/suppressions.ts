import { sql } from 'drizzle-orm';
import { pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';

/** A number that must not be messaged. Active while liftedAt is null. */
export const suppressions = pgTable(
  'suppressions',
  {
    id: id(),
    phone: text('phone').notNull(),
    /** stop | wrong_number | manual | reassigned */
    reason: text('reason').notNull(),
    sourceMessageId: uuid('source_message_id'),
    liftedAt: ts('lifted_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('suppressions_active_uq').on(t.phone).where(sql`lifted_at is null`)],
);
