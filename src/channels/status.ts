import { and, eq } from 'drizzle-orm';
import { messages } from '../../db/schema';
import type { Db } from '../db/client';
import { isForwardMove, type DeliveryStatus } from './port';

/** Status callbacks move a message forward only (COMPLIANCE rule 4); unknown ids are ignored. */
export async function applyStatus(deps: { db: Db }, provider: string, providerMessageId: string, status: DeliveryStatus, errorCode?: string) {
  return deps.db.transaction(async (tx) => {
    const [m] = await tx
      .select({ id: messages.id, status: messages.status })
      .from(messages)
      .where(and(eq(messages.provider, provider), eq(messages.providerMessageId, providerMessageId)))
      .for('update');
    if (!m) return 'unknown' as const;
    if (!isForwardMove(m.status, status)) return 'ignored' as const;
    await tx.update(messages).set({ status, ...(errorCode ? { errorCode } : {}) }).where(eq(messages.id, m.id));
    return 'updated' as const;
  });
}

