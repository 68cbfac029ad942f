import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column helpers: every table has a uuid id and a created_at. */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
