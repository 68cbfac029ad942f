import { pgTable, text } from 'drizzle-orm/pg-core';
import { ts } from './columns';

/**
 * The per-sender throttle's state (SEND_RATE_LIMITS, src/outbox/throttle.ts): for each sending
 * number or service, the earliest moment its next message may leave. One row per sender, advanced
 * by every batch that reserves slots; shared by every worker process.
 */
export const sendRates = pgTable('send_rates', {
  key: text('key').primaryKey(),
  nextAt: ts('next_at').notNull(),
});
