import { integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';

/** Flow versions: immutable once published (status 'published'); drafts may be replaced. */
export const flows = pgTable(
  'flows',
  {
    id: id(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    status: text('status').notNull().default('published'),
    source: text('source').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    createdBy: text('created_by').notNull().default('system'),
    createdAt: createdAt(),
    publishedAt: ts('published_at'),
  },
  (t) => [uniqueIndex('flows_key_version_uq').on(t.key, t.version)],
);
