import { and, eq, isNull } from 'drizzle-orm';
import { auditEvents, debtors, messages, outbox, suppressions } from '../../db/schema';
import { isForwardMove, type DeliveryStatus } from '../channels/port';
import { gateDecision, type GateSubject } from '../compliance/facts';
import { suppressionRefusal, type GateDecision, type GateFacts } from '../compliance/send-gate';
import type { DbOrTx, Tx } from '../db/client';
import type { Services } from '../services';
import { countSegments } from '../channels/segments';
import { renderAt } from '../flow/templates';
import { localDate, zonedTime } from '../shared/time';
import { relay } from '../outbox/relay';
import { maybeSent } from './reconcile';
import { claimRoute, providerNamed, recordFailover, routerOf } from '../outbox/routes';
import { cardFor, fallbackGo, FALLBACK_KIND, queueFallback, rcsPlan } from './rcs';
import { sendRouted } from '../channels/routing';

type DebtorRow = typeof debtors.$inferSelect;
type Deps = Pick<Services, 'db' | 'queue' | 'clock' | 'flows' | 'provider' | 'router' | 'log' | 'config'>;

async function activeSuppression(db: DbOrTx, phone: string): Promise<GateFacts['suppression']> {
  const [sup] = await db
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(and(eq(suppressions.phone, phone), isNull(suppressions.liftedAt)))
    .limit(1);
  return (sup?.reason as GateFacts['suppression']) ?? null;
}

function subjectOf(row: typeof outbox.$inferSelect, msg: typeof messages.$inferSelect): GateSubject {
  return { debtorId: row.debtorId, conversationId: row.conversationId, phone: msg.phone, kind: row.kind, author: msg.author ?? 'system', body: msg.body };
}

async function audit(tx: Tx, row: typeof outbox.$inferSelect, type: string, data: Record<string, unknown>) {
  await tx.insert(auditEvents).values({ actor: 'gate', type, conversationId: row.conversationId, debtorId: row.debtorId, data: { outboxId: row.id, kind: row.kind, ...data } });
}

/**
 * Delivers several outbox rows (the send stage's batch entry point, issue #12): each passes the gate
 * at send time and goes to the provider at most once. Today one row at a time through processSend;
 * the batched claim/gate/record replaces the body, not the signature.
 */
export async function deliverOutbox(deps: Deps, outboxIds: readonly string[]): Promise<Array<Awaited<ReturnType<typeof processSend>>>> {
  const out: Array<Awaited<ReturnType<typeof processSend>>> = [];
  for (const id of outboxIds) out.push(await processSend(deps, id));
  return out;
}

/**
 * Passes one outbox row through the send gate at send time, then to the provider. At most once:
 * the row is claimed ('sending') in a committed transaction before the provider is called.
 */
export async function processSend(deps: Deps, outboxId: string): Promise<GateDecision['action'] | 'noop' | 'sent' | 'failed' | 'retry'> {
  const now = deps.clock.now();
  // RCS first when the number can take it (a capability check before the conversation's first send).
  const plan = await rcsPlan(deps, outboxId);
  const claimed = await deps.db.transaction(async (tx) => {
    // The outbox row (locked) and its message in one statement.
    const [claim] = await tx
      .select({ row: outbox, msg: messages })
      .from(outbox)
      .innerJoin(messages, eq(messages.id, outbox.messageId))
      .where(eq(outbox.id, outboxId))
      .for('update', { of: outbox, skipLocked: true });
    const { row, msg } = claim ?? {};
    if (!row || !msg || !['pending', 'held'].includes(row.status)) return { kind: 'noop' as const };
    if (row.notBefore.getTime() > now.getTime() + 1000) return { kind: 'noop' as const };
    // One debtor's sends pass the gate one at a time, so two workers cannot both see the daily cap unused.
    // The row read under that lock is the one the gate decides on.
    // NO KEY UPDATE, not UPDATE: a transition that writes rows referencing this debtor takes KEY SHARE
    // on it (the foreign-key check) while holding its conversation; FOR UPDATE here deadlocked with it
    // (sender: debtor → conversation route; engine: conversation → debtor key share). Sends to one
    // debtor still pass the gate one at a time: NO KEY UPDATE conflicts with itself.
    const [debtor] = row.debtorId ? await tx.select().from(debtors).where(eq(debtors.id, row.debtorId)).for('no key update') : [];
    // A date said relative to the send day ("today", "2 days overdue") is worded for the day it really goes.
    if (msg.deferredRender) {
      const body = renderAt(msg.deferredRender, localDate(now, debtor?.timezone ?? 'Asia/Tokyo'));
      if (body !== msg.body) {
        await tx.update(messages).set({ body, segments: countSegments(body).segments }).where(eq(messages.id, msg.id));
        msg.body = body;
      }
    }
    const d = await gateDecision(tx, deps, subjectOf(row, msg), now, debtor);
    if (d.action === 'refuse') {
      await tx.update(outbox).set({ status: 'refused', reason: d.reason }).where(eq(outbox.id, row.id));
      await tx.update(messages).set({ status: 'refused', errorCode: d.reason }).where(eq(messages.id, row.messageId));
      await audit(tx, row, 'send.refused', { reason: d.reason });
      return { kind: 'refuse' as const };
    }
    if (d.action === 'hold') {
      await tx.update(outbox).set({ status: 'held', notBefore: d.until, reason: d.reason }).where(eq(outbox.id, row.id));
      await tx.update(messages).set({ status: 'held' }).where(eq(messages.id, row.messageId));
      await audit(tx, row, 'send.held', { reason: d.reason, until: d.until.toISOString() });
      return { kind: 'hold' as const, until: d.until };
    }
    // The route (COMPLIANCE rule 12: a +81 number only over a domestic route), decided with the claim.
    const route = await claimRoute(tx, deps, { conversationId: row.conversationId, messageId: row.messageId, phone: msg.phone, rcs: plan === 'rcs' });
    if (!route.ok) {
      await tx.update(outbox).set({ status: 'refused', reason: route.reason }).where(eq(outbox.id, row.id));
      await tx.update(messages).set({ status: 'refused', errorCode: route.reason }).where(eq(messages.id, row.messageId));
      await audit(tx, row, 'send.refused', { reason: route.reason, detail: route.detail, ...(route.reason === 'no_domestic_route' ? { rule: 12 } : {}) });
      return { kind: 'refuse' as const };
    }
    // notBefore becomes the claim time while 'sending': the caps count it for that day, the sweep closes it if a crash strands it.
    await tx.update(outbox).set({ status: 'sending', notBefore: now, attempts: row.attempts + 1, reason: d.reason }).where(eq(outbox.id, row.id));
    await tx.update(messages).set({ status: 'sending' }).where(eq(messages.id, row.messageId));
    await audit(tx, row, 'send.allowed', { reason: d.reason, route: route.routes[0] });
    const first = route.routes[0]!;
    const rich = first === 'rbm' || providerNamed(deps, first)?.richCards ? await cardFor(tx, deps, msg) : undefined;
    return { kind: 'send' as const, row, msg, routes: route.routes, rich };
  });
  if (claimed.kind === 'noop' || claimed.kind === 'refuse') return claimed.kind;
  if (claimed.kind === 'hold') {
    await relay(deps, { outbox: [{ id: outboxId, notBefore: claimed.until }], timers: [] });
    return 'hold';
  }
  const { row, msg, routes, rich } = claimed;
  // A STOP may have landed since the claim committed: ask once more, right before the provider.
  const lateStop = suppressionRefusal(row.kind, await activeSuppression(deps.db, msg.phone));
  if (lateStop) {
    await deps.db.transaction(async (tx) => {
      const [still] = await tx.update(outbox).set({ status: 'refused', reason: lateStop }).where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending'))).returning({ id: outbox.id });
      if (!still) return;
      await tx.update(messages).set({ status: 'refused', errorCode: lateStop }).where(eq(messages.id, row.messageId));
      await audit(tx, row, 'send.refused', { reason: lateStop, afterClaim: true });
    });
    return 'refuse';
  }
  // An RCS fallback goes only once its RCS message is revoked (never both): else it closes here.
  if (row.kind === FALLBACK_KIND) {
    const g = await fallbackGo(deps, row);
    if (!g.go) {
      const retry = g.status === 'pending' && row.attempts + 1 < 5;
      await deps.db.transaction(async (tx) => {
        const final = g.status === 'pending' ? 'failed' : 'refused';
        const status = retry ? 'pending' : final;
        const notBefore = retry ? new Date(now.getTime() + 2 ** row.attempts * 5000) : undefined;
        await tx.update(outbox).set({ status, reason: g.reason, ...(notBefore ? { notBefore } : {}) }).where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending')));
        await tx.update(messages).set({ status: retry ? 'queued' : final, errorCode: g.reason }).where(eq(messages.id, row.messageId));
        await audit(tx, row, retry ? 'send.retry' : 'send.refused', { reason: g.reason });
      });
      if (retry) await relay(deps, { outbox: [{ id: row.id, notBefore: new Date(now.getTime() + 2 ** row.attempts * 5000) }], timers: [] });
      return retry ? 'retry' : 'refuse';
    }
  }
  // Twilio takes the status callback per message; Rakuten's is the URL registered in its portal.
  const statusCallbackUrl = routes.includes('twilio') ? `${deps.config.publicBaseUrl.replace(/\/$/, '')}/webhooks/twilio/status` : undefined;
  const router = routerOf(deps);
  const withRcs = router.rcs ? { ...router, providers: { ...router.providers, rbm: router.rcs.provider } } : router;
  const result = await sendRouted(withRcs, routes, { to: msg.phone, body: msg.body, idempotencyKey: row.idempotencyKey, statusCallbackUrl, ...(rich ? { rich } : {}) }, (to) =>
    recordFailover(deps, { outboxId: row.id, messageId: row.messageId, conversationId: row.conversationId, debtorId: row.debtorId, kind: row.kind, from: routes[0]!, to }),
  );
  const at = deps.clock.now();
  if (result.ok) {
    const fallback = await deps.db.transaction(async (tx) => {
      await tx.update(outbox).set({ status: 'sent', sentAt: at }).where(eq(outbox.id, row.id));
      await tx
        .update(messages)
        // Accepted by the provider = sent; a provider that already knows more (delivered) wins.
        .set({ status: forward('sent', result.status), provider: result.route, providerMessageId: result.providerMessageId, channel: result.channel, ...(rich && result.channel === 'rcs' ? { rich } : {}) })
        .where(eq(messages.id, row.messageId));
      await audit(tx, row, 'send.sent', { providerMessageId: result.providerMessageId, route: result.route, ...(result.failedOver ? { failedOverFrom: result.failedOver.from } : {}) });
      // A STOP that arrived while the provider had the message: it went out before the opt-out was
      // known. Recorded against the conversation so it can be disclosed (docs/decisions/0111-stop-race.md).
      const crossed = suppressionRefusal(row.kind, await activeSuppression(tx, msg.phone));
      if (crossed) await audit(tx, row, 'send.crossed_opt_out', { reason: crossed, providerMessageId: result.providerMessageId });
      return result.route === 'rbm' ? queueFallback(tx, deps, row, msg, at) : null;
    });
    if (fallback) await relay(deps, { outbox: [fallback], timers: [] });
    return 'sent';
  }
  // A timeout may have reached the provider: never retry those (at most once, invariant 4).
  const mayHaveSent = (result as { mayHaveSent?: boolean }).mayHaveSent === true;
  const retry = result.retryable && !mayHaveSent && row.attempts + 1 < 5;
  await deps.db.transaction(async (tx) => {
    if (mayHaveSent) {
      // Not failed, not retried: the sweep asks the provider whether it went out (reconcile.ts).
      // notBefore stays the claim time, which is what the lookup searches from.
      await tx.update(outbox).set({ status: 'unknown', reason: `may or may not have been sent: ${result.error}`.slice(0, 200) }).where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending')));
    } else if (retry) {
      const notBefore = new Date(at.getTime() + 2 ** row.attempts * 5000);
      await tx.update(outbox).set({ status: 'pending', notBefore, reason: result.error.slice(0, 200) }).where(eq(outbox.id, row.id));
      await tx.update(messages).set({ status: 'queued' }).where(eq(messages.id, row.messageId));
    } else {
      await tx.update(outbox).set({ status: 'failed', reason: result.error.slice(0, 200) }).where(eq(outbox.id, row.id));
      await tx.update(messages).set({ status: 'failed', errorCode: result.error.slice(0, 100) }).where(eq(messages.id, row.messageId));
    }
    await audit(tx, row, mayHaveSent ? 'send.unknown' : retry ? 'send.retry' : 'send.failed', { error: result.error.slice(0, 200), mayHaveSent });
  });
  if (retry) {
    const [r] = await deps.db.select({ notBefore: outbox.notBefore }).from(outbox).where(eq(outbox.id, row.id));
    await relay(deps, { outbox: [{ id: row.id, notBefore: r!.notBefore }], timers: [] });
    return 'retry';
  }
  return 'failed';
}

function forward(from: DeliveryStatus, to: DeliveryStatus): DeliveryStatus {
  return isForwardMove(from, to) ? to : from;
}
