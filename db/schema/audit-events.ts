import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

/** Append-only: every send decision and every human action (COMPLIANCE rule 19). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actor: text('actor').notNull(),
    type: text('type').notNull(),
    conversationId: uuid('conversation_id'),
    debtorId: uuid('debtor_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_conversation_idx').on(t.conversationId, t.id),
    // Only the types read by type (the refused/held metric, a campaign's trail; each query names its
    // types as literals, so the planner proves this predicate): every other row — a transition per
    // fired timer, the sends' decisions — writes no entry here (decision 0145).
    index('audit_type_idx').on(t.type).where(sql`type in ('send.refused', 'send.held') or type like 'campaign.%'`),
  ],
);
