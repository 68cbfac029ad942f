import { index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';

export type ContactWindow = { days?: number[]; from: string; to: string; note?: string };

export const debtors = pgTable(
  'debtors',
  {
    id: id(),
    externalRef: text('external_ref').notNull(),
    name: text('name').notNull(),
    /** E.164 */
    phone: text('phone').notNull(),
    locale: text('locale').notNull(),
    timezone: text('timezone').notNull(),
    region: text('region').notNull(),
    consentObtainedAt: ts('consent_obtained_at').notNull(),
    consentSource: text('consent_source').notNull(),
    /** Debtor-requested contact windows ("平日19時以降のみ"); null = the jurisdiction's default. */
    contactWindows: jsonb('contact_windows').$type<ContactWindow[]>(),
    flags: jsonb('flags').$type<Record<string, unknown>>().notNull().default({}),
    erasedAt: ts('erased_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('debtors_external_ref_uq').on(t.externalRef),
    // Each inbound finds its conversation by the sender's number (ingress.ts): without it every webhook read the whole table (decision 0150).
    index('debtors_phone_idx').on(t.phone),
  ],
);
