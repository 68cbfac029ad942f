import { and, eq } from 'drizzle-orm';
import { auditEvents, loginAttempts, sessions, users } from '../../db/schema';
import { AppError } from '../shared/errors';
import { passwordProblem } from './password-policy';
import type { AuthDeps } from './service';
import { accountKey } from './throttle';
import { randomSecret } from './tokens';

/**
 * Sets a new password for `email` (a random one unless given), ends the user's sessions and clears
 * the account's sign-in lockout. Returns the password so the operator can hand it over once; only
 * its hash is stored.
 */
export async function resetPassword(d: AuthDeps, email: string, chosen?: string): Promise<{ userId: string; password: string }> {
  const login = email.trim().toLowerCase();
  const [u] = await d.db.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, login));
  if (!u) throw new AppError('not_found', `no user with the email ${login}`);
  const password = chosen ?? randomSecret('', 15);
  const problem = passwordProblem(password, { email: login, name: u.name });
  if (problem) throw new AppError('unprocessable', `password: ${problem}`);
  const passwordHash = await d.passwords.hash(password);
  const now = d.clock.now();
  await d.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(and(eq(users.id, u.id)));
    await tx.delete(sessions).where(eq(sessions.userId, u.id));
    await tx.delete(loginAttempts).where(eq(loginAttempts.key, accountKey(login)));
    await tx.insert(auditEvents).values({ actor: 'system', type: 'user.password_reset', data: { userId: u.id }, createdAt: now });
  });
  return { userId: u.id, password };
}
