import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';

/** People who sign in to the web UI: `admin` (flows, users, everything), `collector` (the inbox) or `loader` (loads debts). */
export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<'admin' | 'collector' | 'loader'>().notNull(),
    /** PasswordHasher output (`scrypt$…` on Node); never leaves the auth service. */
    passwordHash: text('password_hash').notNull(),
    disabledAt: ts('disabled_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
);

/** Browser sessions: only the SHA-256 of the cookie token is stored; the CSRF token rides along. */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sessions_token_uq').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

/** Bearer tokens for integrations, stored hashed, each with a role. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    role: text('role').$type<'admin' | 'collector' | 'loader'>().notNull(),
    /** The user the token acts as, when it was issued for one. */
    userId: uuid('user_id').references(() => users.id),
    createdBy: text('created_by').notNull(),
    revokedAt: ts('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

/**
 * Failed sign-ins per account (`account:<email>`) and per client address (`ip:<addr>`): the back-off
 * and lockout live in the database so they hold across API processes and restarts.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: ts('last_failure_at').notNull(),
    lockedUntil: ts('locked_until'),
  },
  (t) => [index('login_attempts_last_idx').on(t.lastFailureAt)],
);
