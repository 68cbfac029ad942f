import { and, asc, count, eq, gt, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import { apiTokens, auditEvents, sessions, users } from '../../db/schema';
import type { Db } from '../db/client';
import type { Clock } from '../shared/clock';
import { AppError } from '../shared/errors';
import { auditActor, Role, type Actor } from './actor';
import { PASSWORD_MAX, PASSWORD_MIN, type PasswordHasher } from './password';
import { passwordProblem } from './password-policy';
import { accountKey, forgetOldAttempts, ipKey, lockedUntil, recordFailure, recordSuccess } from './throttle';
import { randomSecret, sha256Hex } from './tokens';

export interface AuthDeps {
  db: Db;
  passwords: PasswordHasher;
  clock: Clock;
}

export const SESSION_TTL_MS = 12 * 3600_000;

export const NewUser = z
  .object({
    email: z.string().trim().toLowerCase().email().max(200),
    name: z.string().trim().min(1).max(100),
    role: Role,
    password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
  })
  .superRefine((u, ctx) => {
    const problem = passwordProblem(u.password, u);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });
export type NewUser = z.infer<typeof NewUser>;

export const NewApiToken = z.object({ name: z.string().trim().min(1).max(100), role: Role });

/** A user as it leaves the service: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

const publicColumns = { id: users.id, email: users.email, name: users.name, role: users.role, createdAt: users.createdAt };

export async function createUser(d: AuthDeps, input: NewUser, by: Actor | 'system'): Promise<PublicUser> {
  const passwordHash = await d.passwords.hash(input.password);
  const [row] = await d.db
    .insert(users)
    .values({ email: input.email, name: input.name, role: input.role, passwordHash })
    .onConflictDoNothing()
    .returning(publicColumns);
  if (!row) throw new AppError('conflict', 'a user with this email exists');
  await d.db.insert(auditEvents).values({
    actor: by === 'system' ? 'system' : auditActor(by),
    type: 'user.created',
    data: { userId: row.id, role: row.role },
    createdAt: d.clock.now(),
  });
  return row as PublicUser;
}

export async function listUsers(d: AuthDeps): Promise<PublicUser[]> {
  return (await d.db.select(publicColumns).from(users).where(isNull(users.disabledAt)).orderBy(asc(users.createdAt))) as PublicUser[];
}

export async function userCount(d: Pick<AuthDeps, 'db'>): Promise<number> {
  const [r] = await d.db.select({ n: count() }).from(users);
  return r?.n ?? 0;
}

export type LoginResult =
  | { status: 'ok'; token: string; csrfToken: string; expiresAt: Date; actor: Actor }
  | { status: 'failed' }
  /** Too many failures for this account or address: refused without checking the password. */
  | { status: 'locked'; until: Date };

/**
 * Checks a password and opens a session; the same answer for an unknown email and a wrong password.
 * Failures back off per account and per client address (throttle.ts); expired sessions and stale
 * failure counts are cleaned up here.
 */
export async function login(d: AuthDeps, email: string, password: string, from: { ip?: string } = {}): Promise<LoginResult> {
  const now = d.clock.now();
  const keys = [accountKey(email), ...(from.ip ? [ipKey(from.ip)] : [])];
  const until = await lockedUntil(d.db, keys, now);
  if (until) {
    await d.db.insert(auditEvents).values({ actor: 'anonymous', type: 'auth.login_locked', data: { until: until.toISOString() }, createdAt: now });
    return { status: 'locked', until };
  }
  const [u] = await d.db.select().from(users).where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.disabledAt)));
  // Hash anyway on a miss, so timing does not tell which emails exist.
  const ok = u ? await d.passwords.verify(password, u.passwordHash) : (await d.passwords.hash(password), false);
  if (!u || !ok) {
    await recordFailure(d.db, keys, now);
    await d.db.insert(auditEvents).values({ actor: u ? `user:${u.id}` : 'anonymous', type: 'auth.login_failed', data: {}, createdAt: now });
    return { status: 'failed' };
  }
  await recordSuccess(d.db, email);
  await forgetOldAttempts(d.db, now);
  await d.db.delete(sessions).where(lt(sessions.expiresAt, now));
  const token = randomSecret('ss_');
  const csrfToken = randomSecret('', 24);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await d.db.insert(sessions).values({ tokenHash: await sha256Hex(token), userId: u.id, csrfToken, expiresAt, createdAt: now });
  await d.db.insert(auditEvents).values({ actor: `user:${u.id}`, type: 'auth.login', data: {}, createdAt: now });
  return { status: 'ok', token, csrfToken, expiresAt, actor: { id: u.id, role: u.role, name: u.name, via: 'session' } };
}

export async function sessionActor(d: Pick<AuthDeps, 'db' | 'clock'>, token: string): Promise<{ actor: Actor; sessionId: string; csrfToken: string } | null> {
  const [row] = await d.db
    .select({ sid: sessions.id, csrf: sessions.csrfToken, id: users.id, role: users.role, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, await sha256Hex(token)), gt(sessions.expiresAt, d.clock.now()), isNull(users.disabledAt)));
  if (!row) return null;
  return { actor: { id: row.id, role: row.role, name: row.name, via: 'session' }, sessionId: row.sid, csrfToken: row.csrf };
}

export async function logout(d: Pick<AuthDeps, 'db' | 'clock'>, sessionId: string, actor: Actor): Promise<void> {
  await d.db.delete(sessions).where(eq(sessions.id, sessionId));
  await d.db.insert(auditEvents).values({ actor: auditActor(actor), type: 'auth.logout', data: {}, createdAt: d.clock.now() });
}

export async function createApiToken(d: AuthDeps, input: z.infer<typeof NewApiToken>, by: Actor): Promise<{ id: string; token: string; name: string; role: Role }> {
  const token = randomSecret('sk_');
  const [row] = await d.db
    .insert(apiTokens)
    .values({ name: input.name, role: input.role, tokenHash: await sha256Hex(token), createdBy: auditActor(by), createdAt: d.clock.now() })
    .returning({ id: apiTokens.id });
  await d.db.insert(auditEvents).values({ actor: auditActor(by), type: 'api_token.created', data: { tokenId: row!.id, role: input.role }, createdAt: d.clock.now() });
  return { id: row!.id, token, name: input.name, role: input.role };
}

export async function tokenActor(d: Pick<AuthDeps, 'db'>, token: string): Promise<Actor | null> {
  const [row] = await d.db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, userId: apiTokens.userId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, await sha256Hex(token)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  return { id: row.userId ?? `token:${row.id}`, role: row.role, name: row.name, via: 'token' };
}

/** API tokens as an admin sees them: never the token or its hash. */
export async function listApiTokens(d: Pick<AuthDeps, 'db'>) {
  return d.db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, userId: apiTokens.userId, createdBy: apiTokens.createdBy, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .orderBy(asc(apiTokens.createdAt));
}

/** Revokes an API token at once (the next request with it is a 401). Revoking twice is a no-op. */
export async function revokeApiToken(d: Pick<AuthDeps, 'db' | 'clock'>, id: string, by: Actor): Promise<{ id: string; revokedAt: Date }> {
  const now = d.clock.now();
  const [row] = await d.db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, id));
  if (!row) throw new AppError('not_found', 'no such API token');
  if (row.revokedAt) return { id, revokedAt: row.revokedAt };
  await d.db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id));
  await d.db.insert(auditEvents).values({ actor: auditActor(by), type: 'api_token.revoked', data: { tokenId: id }, createdAt: now });
  return { id, revokedAt: now };
}

/** Disables a user: they can no longer sign in, their sessions end now and their API tokens are revoked. */
export async function disableUser(d: Pick<AuthDeps, 'db' | 'clock'>, id: string, by: Actor): Promise<{ id: string; disabledAt: Date; sessionsEnded: number; tokensRevoked: number }> {
  if (by.via !== 'bootstrap' && by.id === id) throw new AppError('conflict', 'you cannot disable yourself; ask another admin');
  const now = d.clock.now();
  return d.db.transaction(async (tx) => {
    const [u] = await tx.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, id)).for('update');
    if (!u) throw new AppError('not_found', 'no such user');
    const disabledAt = u.disabledAt ?? now;
    if (!u.disabledAt) await tx.update(users).set({ disabledAt: now }).where(eq(users.id, id));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, id)).returning({ id: sessions.id });
    const revoked = await tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
    await tx.insert(auditEvents).values({ actor: auditActor(by), type: 'user.disabled', data: { userId: id, sessionsEnded: ended.length, tokensRevoked: revoked.length }, createdAt: now });
    return { id, disabledAt, sessionsEnded: ended.length, tokensRevoked: revoked.length };
  });
}
