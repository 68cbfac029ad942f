import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';

/**
 * A named batch of debts run through one flow version from a scheduled start (issue #15).
 * pending_approval → (approve) scheduled → (start time) running ⇄ paused; cancelled / rejected are final.
 */
export const CAMPAIGN_STATUSES = ['pending_approval', 'scheduled', 'running', 'paused', 'cancelled', 'rejected'] as const;
export const CAMPAIGN_ROW_STATUSES = ['valid', 'invalid', 'exists', 'launching', 'launched', 'cancelled'] as const;

export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    name: text('name').notNull(),
    flowKey: text('flow_key').notNull(),
    flowVersion: integer('flow_version').notNull(),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('pending_approval'),
    startAt: ts('start_at').notNull(),
    /** Audit actor string of the maker (`user:<id>`, `bootstrap`, `token:<id>`). */
    createdBy: text('created_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    launchedAt: ts('launched_at'),
    /** The preview computed when the batch was uploaded (counts, holds, segments, cost). */
    preview: jsonb('preview').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [index('campaigns_status_idx').on(t.status, t.startAt)],
);

/** One uploaded row: its validated input, or why it is invalid, and what launching it made. */
export const campaignRows = pgTable(
  'campaign_rows',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    rowNo: integer('row_no').notNull(),
    status: text('status', { enum: CAMPAIGN_ROW_STATUSES }).notNull(),
    /** The CreateDebt input (valid rows only). */
    input: jsonb('input').$type<Record<string, unknown>>(),
    phone: text('phone'),
    field: text('field'),
    message: text('message'),
    debtId: uuid('debt_id'),
    conversationId: uuid('conversation_id'),
    claimedAt: ts('claimed_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('campaign_rows_row_uq').on(t.campaignId, t.rowNo), index('campaign_rows_status_idx').on(t.campaignId, t.status)],
);
