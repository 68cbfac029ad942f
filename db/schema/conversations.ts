import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';
import { debtors } from './debtors';
import { debts } from './debts';

/** Follows the tags of the machine's state (conversation/compile.ts statusFromTags). */
export const CONVERSATION_STATUSES = ['active', 'escalated', 'resolved', 'opted_out', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    debtorId: uuid('debtor_id')
      .notNull()
      .references(() => debtors.id),
    debtId: uuid('debt_id')
      .notNull()
      .references(() => debts.id),
    flowKey: text('flow_key').notNull(),
    flowVersion: integer('flow_version').notNull(),
    /** active | escalated | resolved | opted_out | closed */
    status: text('status', { enum: CONVERSATION_STATUSES }).notNull().default('active'),
    /** The machine's state value, flattened ("dunning", "plan.offered"). */
    state: text('state').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    /** Bumped by every committed transition: optimistic checks and the UI's change feed use it. */
    rowVersion: integer('row_version').notNull().default(0),
    escalationReason: text('escalation_reason'),
    escalatedAt: ts('escalated_at'),
    heldBy: text('held_by'),
    heldAt: ts('held_at'),
    outcome: text('outcome'),
    /** The campaign that loaded this debt, if any (issue #15): its pause/cancel reach the send gate. */
    campaignId: uuid('campaign_id'),
    /** The route (adapter name) its first message went over; later sends keep it (src/channels/routing.ts). */
    route: text('route'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('conversations_debt_uq').on(t.debtId),
    index('conversations_status_idx').on(t.status, t.escalatedAt),
    index('conversations_debtor_idx').on(t.debtorId),
    index('conversations_campaign_idx').on(t.campaignId),
  ],
);
