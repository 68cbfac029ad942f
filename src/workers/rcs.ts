import { and, eq, gt, inArray } from 'drizzle-orm';
import { auditEvents, conversations, debts, messages, outbox } from '../../db/schema';
import { buildCard } from '../channels/rcs-card';
import type { RichCard } from '../channels/port';
import { countryOf } from '../channels/routing';
import type { Tx } from '../db/client';
import type { Services } from '../services';
import { routerOf } from '../outbox/routes';

/**
 * RCS in front of SMS (issue #13):
 * - before a conversation's first send, the number's RBM capability is checked (once: the answer is
 *   the conversation's route, 'rbm' or its SMS route);
 * - an RCS send carries the template's card when the flow declares one (`rcs:` in the flow);
 * - every RCS send queues one fallback row (`rcs_fallback`, idempotency key `rcs-fallback:<message id>`)
 *   due `fallbackAfterMs` later: if the RCS message is not delivered by then it is revoked, and only
 *   when the revoke succeeds is the SMS form sent. One row per message, claimed at most once: never doubled.
 */

export const FALLBACK_KIND = 'rcs_fallback';
const FALLBACK_PREFIX = 'rcs-fallback:';

type Deps = Pick<Services, 'db' | 'provider' | 'router' | 'flows' | 'config' | 'log'>;

/** Before the claim: the rows (of `outboxIds`) that should go over RBM; the SMS routes decide the others. One statement, capability checks concurrently. */
export async function rcsPlans(deps: Deps, outboxIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const rcs = routerOf(deps).rcs;
  if (!rcs || !outboxIds.length) return out;
  const rows = await deps.db
    .select({ id: outbox.id, kind: outbox.kind, phone: messages.phone, route: conversations.route, conversationId: outbox.conversationId })
    .from(outbox)
    .innerJoin(messages, eq(messages.id, outbox.messageId))
    .leftJoin(conversations, eq(conversations.id, outbox.conversationId))
    .where(inArray(outbox.id, [...outboxIds]));
  await Promise.all(
    rows.map(async (r) => {
      if (r.kind === FALLBACK_KIND || !r.conversationId) return;
      if (r.route === 'rbm') return void out.add(r.id);
      if (r.route) return;
      const country = countryOf(r.phone);
      if (!country || !rcs.countries.includes(country)) return;
      const capable = await rcs.provider.capable(r.phone);
      if (capable !== 'yes') {
        deps.log.info({ outboxId: r.id, capable }, 'not RCS-capable: SMS');
        return;
      }
      out.add(r.id);
    }),
  );
  return out;
}

/** Before the claim: 'rcs' when this row should go over RBM, else null (the SMS routes decide). */
export async function rcsPlan(deps: Deps, outboxId: string): Promise<'rcs' | null> {
  return (await rcsPlans(deps, [outboxId])).has(outboxId) ? 'rcs' : null;
}

type CardSubject = { id: string; template: string | null; body: string; conversationId: string | null };

/** The cards for RCS sends (by message id), when each message's template has an RCS form in its flow: one statement for all. */
export async function cardsFor(tx: Tx, deps: Deps, msgs: readonly CardSubject[]): Promise<Map<string, RichCard>> {
  const out = new Map<string, RichCard>();
  const wanted = msgs.filter((m) => m.template && m.conversationId);
  if (!wanted.length) return out;
  const convs = await tx
    .select({ id: conversations.id, flowKey: conversations.flowKey, flowVersion: conversations.flowVersion, debt: debts })
    .from(conversations)
    .innerJoin(debts, eq(debts.id, conversations.debtId))
    .where(inArray(conversations.id, [...new Set(wanted.map((m) => m.conversationId!))]));
  const byId = new Map(convs.map((c) => [c.id, c]));
  for (const msg of wanted) {
    const c = byId.get(msg.conversationId!);
    if (!c) continue;
    const { flow } = await deps.flows.get(c.flowKey, c.flowVersion, tx);
    // A/B variants are stored as "name#1": the RCS form is per template, whatever the variant.
    const form = flow.rcs?.[msg.template!.replace(/#\d+$/, '')];
    if (!form) continue;
    const card = buildCard({ form, locale: flow.locale, brand: flow.brand, body: msg.body, debt: c.debt, publicBaseUrl: deps.config.publicBaseUrl });
    if (card) out.set(msg.id, card);
  }
  return out;
}

/** The card for an RCS send, when the message's template has an RCS form in its flow. */
export async function cardFor(tx: Tx, deps: Deps, msg: CardSubject): Promise<RichCard | undefined> {
  return (await cardsFor(tx, deps, [msg])).get(msg.id);
}

/** In the transaction that records an RCS send: the one fallback row, due `fallbackAfterMs` later. */
export async function queueFallback(tx: Tx, deps: Deps, row: typeof outbox.$inferSelect, msg: typeof messages.$inferSelect, at: Date): Promise<{ id: string; notBefore: Date } | null> {
  const rcs = routerOf(deps).rcs;
  if (!rcs) return null;
  const notBefore = new Date(at.getTime() + rcs.fallbackAfterMs);
  const [m] = await tx
    .insert(messages)
    .values({ conversationId: msg.conversationId, direction: 'outbound', phone: msg.phone, body: msg.body, provider: deps.provider.name, status: 'queued', segments: msg.segments, author: msg.author, template: msg.template, createdAt: notBefore })
    .returning({ id: messages.id });
  const [o] = await tx
    .insert(outbox)
    .values({ messageId: m!.id, conversationId: row.conversationId, debtorId: row.debtorId, kind: FALLBACK_KIND, idempotencyKey: `${FALLBACK_PREFIX}${msg.id}`, notBefore })
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id, notBefore: outbox.notBefore });
  if (!o) await tx.delete(messages).where(eq(messages.id, m!.id));
  return o ?? null;
}

export type FallbackGo = { go: true } | { go: false; status: 'refused' | 'pending'; reason: string };

/**
 * A claimed fallback row, before its SMS goes: the RCS message delivered (or read) → not needed;
 * otherwise revoke it, and send the SMS only when the revoke succeeded (a message that cannot be
 * revoked was delivered meanwhile). A revoke RBM could not answer is tried again later.
 */
export async function fallbackGo(deps: Deps, row: typeof outbox.$inferSelect): Promise<FallbackGo> {
  const rcs = routerOf(deps).rcs;
  const rcsMessageId = row.idempotencyKey.startsWith(FALLBACK_PREFIX) ? row.idempotencyKey.slice(FALLBACK_PREFIX.length) : null;
  const [orig] = rcsMessageId ? await deps.db.select().from(messages).where(eq(messages.id, rcsMessageId)) : [];
  if (!rcs || !orig?.providerMessageId) return { go: false, status: 'refused', reason: 'rcs_message_unknown' };
  if (orig.status === 'delivered' || orig.readAt) return { go: false, status: 'refused', reason: 'rcs_delivered' };
  // A reply since then proves the card arrived, whatever the delivery events say.
  const [reply] = orig.conversationId
    ? await deps.db.select({ id: messages.id }).from(messages).where(and(eq(messages.conversationId, orig.conversationId), eq(messages.direction, 'inbound'), gt(messages.seq, orig.seq))).limit(1)
    : [];
  if (reply) return { go: false, status: 'refused', reason: 'rcs_answered' };
  const r = await rcs.provider.revoke(orig.phone, orig.providerMessageId);
  if (r === 'delivered') return { go: false, status: 'refused', reason: 'rcs_delivered' };
  if (r === 'unknown') return { go: false, status: 'pending', reason: 'rcs_revoke_unanswered' };
  await deps.db.transaction(async (tx) => {
    await tx.update(messages).set({ status: 'failed', errorCode: 'rcs_revoked' }).where(eq(messages.id, orig.id));
    await tx.insert(auditEvents).values({ actor: 'gate', type: 'rcs.revoked', conversationId: row.conversationId, debtorId: row.debtorId, data: { outboxId: row.id, messageId: orig.id } });
  });
  return { go: true };
}
