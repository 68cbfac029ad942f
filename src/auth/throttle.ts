import { and, inArray, lt, sql } from 'drizzle-orm';
import { loginAttempts } from '../../db/schema';
import type { Db } from '../db/client';

/**
 * Back-off and lockout for sign-in, per account and per client address, kept in the database so it
 * holds across API processes. The first few failures are free; each one after that locks the key
 * for twice as long as the last (30 s, 1 min, 2 min, … up to an hour). A success clears the
 * account's count; failures an hour old are forgotten. Unknown and real emails are counted alike.
 */
export const THROTTLE = {
  account: { free: 5 },
  ip: { free: 30 },
  firstLockMs: 30_000,
  maxLockMs: 3600_000,
  forgetAfterMs: 3600_000,
} as const;

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

const freeFor = (key: string) => (key.startsWith('ip:') ? THROTTLE.ip.free : THROTTLE.account.free);

/** How long a key stays locked after its `failures`-th failure (0 while still free). */
export function lockMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(THROTTLE.maxLockMs, THROTTLE.firstLockMs * 2 ** Math.min(20, failures - free));
}

/** The latest instant any of `keys` is locked until, or null when sign-in may be tried now. */
export async function lockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  const rows = await db.select({ lockedUntil: loginAttempts.lockedUntil }).from(loginAttempts).where(inArray(loginAttempts.key, keys));
  const until = rows.map((r) => r.lockedUntil).filter((d): d is Date => !!d && d > now);
  return until.length ? new Date(Math.max(...until.map((d) => d.getTime()))) : null;
}

/** Counts one failure against each key (atomically, so parallel guesses all count). */
export async function recordFailure(db: Db, keys: string[], now: Date): Promise<void> {
  const forgetBefore = new Date(now.getTime() - THROTTLE.forgetAfterMs);
  for (const key of keys) {
    const [row] = await db
      .insert(loginAttempts)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: loginAttempts.key,
        set: {
          failures: sql`case when ${loginAttempts.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz then 1 else ${loginAttempts.failures} + 1 end`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: loginAttempts.failures });
    const ms = lockMs(row!.failures, freeFor(key));
    if (ms > 0) await db.update(loginAttempts).set({ lockedUntil: new Date(now.getTime() + ms) }).where(sql`${loginAttempts.key} = ${key}`);
  }
}

/** A successful sign-in clears the account's count (not the address's: one good login must not reset a spray). */
export async function recordSuccess(db: Db, email: string): Promise<void> {
  await db.delete(loginAttempts).where(inArray(loginAttempts.key, [accountKey(email)]));
}

/** Forgets counts nobody has added to for a while (run at sign-in, so the table stays small). */
export async function forgetOldAttempts(db: Db, now: Date): Promise<void> {
  const before = new Date(now.getTime() - Math.max(THROTTLE.forgetAfterMs, THROTTLE.maxLockMs));
  await db.delete(loginAttempts).where(and(lt(loginAttempts.lastFailureAt, before)));
}
