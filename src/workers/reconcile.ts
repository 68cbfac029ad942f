import { and, eq, gte, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { auditEvents, messages, outbox } from '../../db/schema';
import { readWithPlainIndexScans } from '../db/batch';
import { dueOfStatus, oldestDue } from '../outbox/due';
import type { Services } from '../services';
import { relay } from '../outbox/relay';
import { providerNamed } from '../outbox/routes';

/**
 * Sends whose outcome we lost, reconciled with the provider (at most once, invariant 4):
 * - 'sending' older than `staleMs` (1 min): the worker that claimed it died (kill -9) before recording;
 * - 'unknown' (the provider timed out or answered unreadably) older than `unknownAfterMs`.
 * The provider is asked whether the message went out (Twilio: list messages to the number):
 * found → recorded as sent; none → back to 'pending' and sent through the gate again; cannot tell →
 * asked again next sweep, and after `giveUpMs` (or when the adapter cannot list at all) held for a
 * person as 'uncertain' ("may or may not have been sent"), never sent again by the bot.
 */
/** A 'sending' claim older than this is a dead worker's (its provider call, 10 s at most, must be over): the reconciler's; the sender no longer waits for it. */
export const SENDING_STALE_MS = 60_000;

export async function reconcileSends(
  deps: Pick<Services, 'db' | 'queue' | 'clock' | 'provider' | 'router' | 'log'>,
  opts: { staleMs?: number; unknownAfterMs?: number; giveUpMs?: number; limit?: number } = {},
): Promise<{ found: number; resent: number; uncertain: number; waiting: number }> {
  const now = deps.clock.now();
  const staleMs = opts.staleMs ?? SENDING_STALE_MS;
  const unknownAfterMs = opts.unknownAfterMs ?? 60_000;
  const giveUpMs = opts.giveUpMs ?? 60 * 60_000;
  const limit = opts.limit ?? 200;
  // One ordered, limited read per status ('sending' past staleMs, 'unknown' past unknownAfterMs), merged oldest first
  // (dueOfStatus): as one OR of both ranges the plan was a BitmapOr over every dead 'sending' entry on every sweep
  // (2,078 buffers a sweep in storm17's probe at 100,000; storm18, decision 0175).
  const stale = oldestDue([dueOfStatus('sending', new Date(now.getTime() - staleMs), limit), dueOfStatus('unknown', new Date(now.getTime() - unknownAfterMs), limit)], limit);
  const [rows] = await readWithPlainIndexScans(deps.db, (tx) => [
    tx
      .select({ row: outbox, phone: messages.phone, body: messages.body, route: messages.provider })
      .from(outbox)
      .innerJoin(messages, eq(messages.id, outbox.messageId))
      .where(inArray(outbox.id, sql`(select s.id from (${stale}) s)`))
      .orderBy(outbox.notBefore),
  ]);
  const out = { found: 0, resent: 0, uncertain: 0, waiting: 0 };
  for (const { row, phone, body, route } of rows) {
    // Asked of the adapter the message went to (routing per debtor), never another one.
    const provider = providerNamed(deps, route);
    const claimedAt = row.notBefore;
    let verdict: 'found' | 'none' | 'uncertain' | 'wait';
    let providerMessageId: string | undefined;
    let why = '';
    if (!provider?.findSent) {
      verdict = 'uncertain';
      why = `${route} cannot list sent messages`;
    } else {
      // Ids we already hold for other messages to this number: an identical answer sent a minute
      // earlier is not this one.
      const known = await deps.db
        .select({ id: messages.providerMessageId })
        .from(messages)
        .where(and(eq(messages.phone, phone), eq(messages.direction, 'outbound'), isNotNull(messages.providerMessageId), ne(messages.id, row.messageId), gte(messages.createdAt, new Date(claimedAt.getTime() - 86_400_000))));
      const r = await provider.findSent({ to: phone, body, since: claimedAt, exclude: known.map((k) => k.id!) });
      if (r.status === 'found') {
        verdict = 'found';
        providerMessageId = r.providerMessageId;
      } else if (r.status === 'none') verdict = 'none';
      else if (now.getTime() - claimedAt.getTime() > giveUpMs) {
        verdict = 'uncertain';
        why = r.error;
      } else {
        verdict = 'wait';
        why = r.error;
      }
    }
    if (verdict === 'wait') {
      out.waiting++;
      deps.log.warn({ outboxId: row.id, reason: why }, 'send outcome not known yet; asking the provider again next sweep');
      continue;
    }
    const changed = await deps.db.transaction(async (tx) => {
      // Only if nobody moved the row since we read it (another sweep, a late worker).
      const [locked] = await tx.select().from(outbox).where(and(eq(outbox.id, row.id), eq(outbox.status, row.status), eq(outbox.notBefore, row.notBefore))).for('update', { skipLocked: true });
      if (!locked) return false;
      const auditRow = (type: string, data: Record<string, unknown>) =>
        tx.insert(auditEvents).values({ actor: 'gate', type, conversationId: row.conversationId, debtorId: row.debtorId, data: { outboxId: row.id, kind: row.kind, ...data } });
      if (verdict === 'found') {
        await tx.update(outbox).set({ status: 'sent', sentAt: now, reason: 'reconciled: the provider has it' }).where(eq(outbox.id, row.id));
        await tx.update(messages).set({ status: 'sent', providerMessageId, errorCode: null }).where(eq(messages.id, row.messageId));
        await auditRow('send.reconciled', { found: true, providerMessageId, was: row.status });
      } else if (verdict === 'none') {
        await tx.update(outbox).set({ status: 'pending', notBefore: now, reason: 'reconciled: the provider never got it' }).where(eq(outbox.id, row.id));
        await tx.update(messages).set({ status: 'queued', errorCode: null }).where(eq(messages.id, row.messageId));
        await auditRow('send.reconciled', { found: false, was: row.status });
      } else {
        await tx.update(outbox).set({ status: 'uncertain', reason: `may or may not have been sent: ${why}`.slice(0, 200) }).where(eq(outbox.id, row.id));
        await tx.update(messages).set({ status: 'uncertain', errorCode: 'may_or_may_not_have_been_sent' }).where(eq(messages.id, row.messageId));
        await auditRow('send.uncertain', { mayHaveSent: true, reason: why.slice(0, 200), was: row.status });
      }
      return true;
    });
    if (!changed) continue;
    if (verdict === 'found') out.found++;
    else if (verdict === 'none') {
      out.resent++;
      await relay(deps, { outbox: [{ id: row.id, notBefore: now }], timers: [] });
    } else out.uncertain++;
  }
  return out;
}

/** Statuses of a send that may have gone out (defined beside the gate, which counts them against the caps). */
export { MAYBE_SENT, maybeSent } from '../compliance/facts';
