import { date, index, integer, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';
import { debtors } from './debtors';

export const DEBT_STATUSES = ['open', 'paid', 'closed'] as const;

export const debts = pgTable(
  'debts',
  {
    id: id(),
    debtorId: uuid('debtor_id')
      .notNull()
      .references(() => debtors.id),
    externalRef: text('external_ref').notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    paidAmount: numeric('paid_amount', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: DEBT_STATUSES }).notNull().default('open'),
    timeBarred: integer('time_barred').notNull().default(0),
    paidAt: ts('paid_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('debts_external_ref_uq').on(t.externalRef), index('debts_debtor_idx').on(t.debtorId)],
);
