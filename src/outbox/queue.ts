import { eq } from 'drizzle-orm';
import { messages, outbox, type OutboxKind } from '../../db/schema';
import { countSegments } from '../channels/segments';
import type { DeferredText } from '../flow/templates';
import type { DbOrTx } from '../db/client';

/** What the relay hands to the queue once the transaction has committed. */
export interface PostCommit {
  /** `kind` when the writer knows it (the drain lets a storm's reminders wait behind its firing, not the answers). */
  outbox: Array<{ id: string; notBefore: Date; kind?: OutboxKind }>;
  timers: Array<{ id: string; dueAt: Date }>;
}

export const emptyPostCommit = (): PostCommit => ({ outbox: [], timers: [] });

/** Queues one outbound: a message row (status queued) and its outbox row; null when its idempotency key was already queued. */
export async function queueOutbound(
  tx: DbOrTx,
  inp: {
    conversationId: string | null;
    debtorId: string;
    phone: string;
    body: string;
    template?: string | null;
    kind: OutboxKind;
    author: string;
    idempotencyKey: string;
    provider: string;
    notBefore: Date;
    createdAt?: Date;
    /** Date wording the sender redoes for the day it really sends (a hold or a backlog moves it). */
    deferred?: DeferredText | null;
  },
): Promise<{ id: string; notBefore: Date } | null> {
  const [msg] = await tx
    .insert(messages)
    .values({
      conversationId: inp.conversationId,
      direction: 'outbound',
      phone: inp.phone,
      body: inp.body,
      provider: inp.provider,
      status: 'queued',
      segments: countSegments(inp.body).segments,
      author: inp.author,
      template: inp.template ?? null,
      deferredRender: inp.deferred ?? null,
      createdAt: inp.createdAt ?? inp.notBefore,
    })
    .returning({ id: messages.id });
  const [row] = await tx
    .insert(outbox)
    .values({
      conversationId: inp.conversationId,
      debtorId: inp.debtorId,
      messageId: msg!.id,
      idempotencyKey: inp.idempotencyKey,
      kind: inp.kind,
      notBefore: inp.notBefore,
      createdAt: inp.createdAt ?? inp.notBefore,
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id, notBefore: outbox.notBefore });
  if (!row) {
    // Same idempotency key already queued: drop the message row we just wrote.
    await tx.delete(messages).where(eq(messages.id, msg!.id));
    return null;
  }
  return row;
}
