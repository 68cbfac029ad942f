import { integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';

/** Only published versions are stored today; a draft lives in the editor until it is published. */
export const FLOW_STATUSES = ['published'] as const;

/** Flow versions: immutable once published (status 'published'); drafts may be replaced. */
export const flows = pgTable(
  'flows',
  {
    id: id(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    status: text('status', { enum: FLOW_STATUSES }).notNull().default('published'),
    source: text('source').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    createdBy: text('created_by').notNull().default('system'),
    createdAt: createdAt(),
    publishedAt: ts('published_at'),
  },
  (t) => [uniqueIndex('flows_key_version_uq').on(t.key, t.version)],
);
