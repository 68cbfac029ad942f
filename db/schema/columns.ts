import { sql } from 'drizzle-orm';
import { timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Shared column helpers: every table has a uuid id and a created_at. Ids are time-ordered (UUID v7, made by the
 * database's `saisoku_uuid7()`, migration 0016; decision 0189): new rows append to their primary key instead of
 * landing in a random page of it.
 */
export const id = () => uuid('id').primaryKey().default(sql`saisoku_uuid7()`);
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
