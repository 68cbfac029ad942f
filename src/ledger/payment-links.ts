import { and, eq, gt, isNull } from 'drizzle-orm';
import { paymentLinks } from '../../db/schema';
import type { DbOrTx } from '../db/client';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 22 base62 characters ≈ 131 bits from the platform CSPRNG; carries no debt data. */
export function newToken(length = 22): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let out = '';
  for (const b of bytes) {
    if (b >= 248) continue; // 248 = 62*4: reject to keep the distribution uniform
    out += ALPHABET[b % 62];
    if (out.length === length) break;
  }
  return out.length === length ? out : newToken(length);
}

export function linkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/p/${token}`;
}

/** Reuses the debt's live link (so one debtor sees one link), or makes a new one. */
export async function paymentLinkFor(
  tx: DbOrTx,
  input: { debtId: string; installmentId?: string | null; now: Date; expiryDays: number },
): Promise<{ token: string; expiresAt: Date }> {
  const minLife = new Date(input.now.getTime() + 3 * 86_400_000);
  const [live] = await tx
    .select({ token: paymentLinks.token, expiresAt: paymentLinks.expiresAt })
    .from(paymentLinks)
    .where(
      and(
        eq(paymentLinks.debtId, input.debtId),
        input.installmentId ? eq(paymentLinks.installmentId, input.installmentId) : isNull(paymentLinks.installmentId),
        gt(paymentLinks.expiresAt, minLife),
      ),
    )
    .limit(1);
  if (live) return live;
  const token = newToken();
  const expiresAt = new Date(input.now.getTime() + input.expiryDays * 86_400_000);
  await tx.insert(paymentLinks).values({ token, debtId: input.debtId, installmentId: input.installmentId ?? null, expiresAt });
  return { token, expiresAt };
}
