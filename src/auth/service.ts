import { and, asc, count, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { apiTokens, auditEvents, sessions, users } from '../../db/schema';
import type { Db } from '../db/client';
import type { Clock } from '../shared/clock';
import { AppError } from '../shared/errors';
import { auditActor, Role, type Actor } from './actor';
import { PASSWORD_MAX, PASSWORD_MIN, type PasswordHasher } from './password';
import { randomSecret, sha256Hex } from './tokens';

export interface AuthDeps {
  db: Db;
  passwords: PasswordHasher;
  clock: Clock;
}

export const SESSION_TTL_MS = 12 * 3600_000;

export const NewUser = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  name: z.string().trim().min(1).max(100),
  role: Role,
  password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
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

/** Checks a password and opens a session; the same answer for an unknown email and a wrong password. */
export async function login(d: AuthDeps, email: string, password: string): Promise<{ token: string; csrfToken: string; expiresAt: Date; actor: Actor } | null> {
  const [u] = await d.db.select().from(users).where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.disabledAt)));
  // Hash anyway on a miss, so timing does not tell which emails exist.
  const ok = u ? await d.passwords.verify(password, u.passwordHash) : (await d.passwords.hash(password), false);
  const now = d.clock.now();
  if (!u || !ok) {
    await d.db.insert(auditEvents).values({ actor: u ? `user:${u.id}` : 'anonymous', type: 'auth.login_failed', data: {}, createdAt: now });
    return null;
  }
  const token = randomSecret('ss_');
  const csrfToken = randomSecret('', 24);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await d.db.insert(sessions).values({ tokenHash: await sha256Hex(token), userId: u.id, csrfToken, expiresAt, createdAt: now });
  await d.db.insert(auditEvents).values({ actor: `user:${u.id}`, type: 'auth.login', data: {}, createdAt: now });
  return { token, csrfToken, expiresAt, actor: { id: u.id, role: u.role, name: u.name, via: 'session' } };
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
