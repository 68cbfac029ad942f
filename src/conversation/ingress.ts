import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { auditEvents, conversations, debtors, messages, suppressions } from '../../db/schema';
import type { InboundMessage } from '../channels/port';
import { intentOfPostback } from '../channels/rcs-card';
import { Intent } from '../classify/port';
import { wakeDrain } from '../queue/wake';
import type { Services } from '../services';

export type IngestResult =
  | { status: 'duplicate' }
  | { status: 'stored'; messageId: string; conversationId: string | null; optOut: boolean };

/**
 * The webhook's whole job: store the inbound once (dedupe on the provider's id), write the
 * suppression in the same transaction when it is an opt-out, and wake the conversation.
 * Classification and the reply happen in the worker.
 */
export async function ingestInbound(deps: Pick<Services, 'db' | 'queue' | 'clock' | 'isOptOut' | 'isOptIn' | 'log'>, input: InboundMessage): Promise<IngestResult> {
  // A NUL cannot be stored in text; the debtor's message is kept with it replaced, never refused.
  const msg = { ...input, body: input.body.replace(/\u0000/g, '\ufffd'), from: input.from.replace(/\u0000/g, '') };
  // A tapped RCS suggestion says its intent outright (confidence 1.0); free text goes to the classifier.
  const tapped = intentOfPostback(msg.postback, Intent.options);
  const optOut = tapped === 'stop' || (!tapped && deps.isOptOut(msg.body));
  const optIn = !optOut && deps.isOptIn(msg.body);
  const r = await deps.db.transaction(async (tx) => {
    // Which conversation hears it: START goes to the one it re-subscribes; otherwise the live one
    // (active or escalated) most recently touched. STOP and START reach a debtor whose debts are all
    // settled too, so the flow still confirms them (COMPLIANCE rules 1, 2).
    const [conv] = await tx
      .select({ id: conversations.id, debtorId: conversations.debtorId })
      .from(conversations)
      .innerJoin(debtors, eq(debtors.id, conversations.debtorId))
      .where(and(eq(debtors.phone, msg.from), optOut || optIn ? undefined : inArray(conversations.status, ['active', 'escalated', 'opted_out'])))
      .orderBy(
        ...(optIn ? [desc(sql`${conversations.status} = 'opted_out'`)] : []),
        desc(sql`${conversations.status} in ('active', 'escalated')`),
        desc(conversations.updatedAt),
      )
      .limit(1);
    const [row] = await tx
      .insert(messages)
      .values({
        conversationId: conv?.id ?? null,
        direction: 'inbound',
        channel: msg.channel,
        phone: msg.from,
        body: msg.body,
        provider: msg.provider,
        providerMessageId: msg.providerMessageId,
        status: 'received',
        createdAt: deps.clock.now(),
        ...(tapped ? { intent: tapped, confidence: 1, classifiedBy: 'rules', tier: 'keyword', explanation: `RCS suggestion tapped (${msg.postback})` } : {}),
        // "平日19時以降のみ" / "only after 6pm": the worker reads a contact-time request (alone, or
        // beside another intent) as the flow event contact_window (COMPLIANCE rule 8; engine.ts).
      })
      .onConflictDoNothing({ target: [messages.provider, messages.providerMessageId] })
      .returning({ id: messages.id });
    if (!row) return null;
    if (optOut) {
      await tx.insert(suppressions).values({ phone: msg.from, reason: 'stop', sourceMessageId: row.id }).onConflictDoNothing();
    }
    await tx.insert(auditEvents).values({
      actor: 'debtor',
      type: optOut ? 'inbound.opt_out' : 'inbound.received',
      conversationId: conv?.id ?? null,
      debtorId: conv?.debtorId ?? null,
      data: { messageId: row.id, provider: msg.provider },
    });
    return { messageId: row.id, conversationId: conv?.id ?? null };
  });
  if (!r) return { status: 'duplicate' };
  if (r.conversationId) {
    try {
      // Coalesced: one drain for many replies (in process when this process drains; else one job per bucket).
      await wakeDrain(deps.queue);
    } catch (e) {
      deps.log.warn({ err: e }, 'could not wake the conversation; the sweep will');
    }
  }
  return { status: 'stored', ...r, optOut };
}
