import { date, index, integer, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';
import { debts } from './debts';

/** Random, per debt, expiring; the token carries no amount or personal data. */
export const PROMISE_STATUSES = ['pending', 'kept', 'broken', 'superseded', 'cancelled'] as const;
export const INSTALLMENT_STATUSES = ['pending', 'paid', 'missed', 'cancelled'] as const;

export const paymentLinks = pgTable(
  'payment_links',
  {
    id: id(),
    token: text('token').notNull(),
    debtId: uuid('debt_id')
      .notNull()
      .references(() => debts.id),
    installmentId: uuid('installment_id'),
    expiresAt: ts('expires_at').notNull(),
    clicks: integer('clicks').notNull().default(0),
    firstClickedAt: ts('first_clicked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('payment_links_token_uq').on(t.token), index('payment_links_debt_idx').on(t.debtId)],
);

export const payments = pgTable(
  'payments',
  {
    id: id(),
    debtId: uuid('debt_id')
      .notNull()
      .references(() => debts.id),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    paidAt: ts('paid_at').notNull(),
    reference: text('reference').notNull(),
    /** Who reported it (`webhook` unless the notice names its provider; `demo` for the demo checkout). */
    provider: text('provider').notNull().default('webhook'),
    /** The part of this payment above what was still owed (an overpayment to refund or apply). */
    overpaidAmount: numeric('overpaid_amount', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  // A reference is the provider's id for one payment of one debt: two providers, or two debts, may reuse it.
  (t) => [uniqueIndex('payments_provider_debt_reference_uq').on(t.provider, t.debtId, t.reference)],
);

export const promises = pgTable(
  'promises',
  {
    id: id(),
    conversationId: uuid('conversation_id').notNull(),
    debtId: uuid('debt_id').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    status: text('status', { enum: PROMISE_STATUSES }).notNull().default('pending'),
    /** Why a promise stopped being pending without being kept or broken (opted_out, handed_back, resolved). */
    closedReason: text('closed_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('promises_conversation_idx').on(t.conversationId)],
);

export const installments = pgTable(
  'installments',
  {
    id: id(),
    conversationId: uuid('conversation_id').notNull(),
    debtId: uuid('debt_id').notNull(),
    seq: integer('seq').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    status: text('status', { enum: INSTALLMENT_STATUSES }).notNull().default('pending'),
    /** Why it was cancelled (replaced, opted_out, handed_back, resolved). */
    closedReason: text('closed_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('installments_conversation_idx').on(t.conversationId, t.seq)],
);
