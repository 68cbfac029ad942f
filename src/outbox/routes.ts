import { and, eq, isNull } from 'drizzle-orm';
import { auditEvents, conversations, messages } from '../../db/schema';
import { chooseRoutes, singleRouter, type Router } from '../channels/routing';
import type { Tx } from '../db/client';
import type { Services } from '../services';

/** The deployment's router; a Services without one (the Worker, old tests) routes everything over `provider`. */
export function routerOf(deps: Pick<Services, 'provider' | 'router'>): Router {
  return deps.router ?? singleRouter(deps.provider);
}

/** The adapter named `name` (a message's `provider`), when this deployment has it. */
export function providerNamed(deps: Pick<Services, 'provider' | 'router'>, name: string) {
  return routerOf(deps).providers[name] ?? (deps.provider.name === name ? deps.provider : undefined);
}

export type RouteClaim = { ok: true; routes: string[] } | { ok: false; reason: string; detail: string };

/**
 * Inside the send claim's transaction: the routes this outbox row may use (rule 12 applied), the
 * message marked with the first, and the conversation's route stored on its first send. A refusal
 * is the caller's to record; it names rule 12 when no domestic route is left for a +81 number.
 */
export async function claimRoute(tx: Tx, deps: Pick<Services, 'provider' | 'router'>, x: { conversationId: string | null; messageId: string; phone: string; rcs?: boolean }): Promise<RouteClaim> {
  const router = routerOf(deps);
  const [conv] = x.conversationId ? await tx.select({ route: conversations.route }).from(conversations).where(eq(conversations.id, x.conversationId)) : [];
  const choice = chooseRoutes(router.table, new Set(Object.keys(router.providers)), x.phone, conv?.route ?? null);
  if (!choice.ok) return choice;
  // RCS goes first, its SMS route behind it (rule 12 already applied to that one).
  const routes = x.rcs ? ['rbm', choice.routes[0]!] : choice.routes;
  const first = routes[0]!;
  await tx.update(messages).set({ provider: first }).where(eq(messages.id, x.messageId));
  if (x.conversationId && !conv?.route) await tx.update(conversations).set({ route: first }).where(and(eq(conversations.id, x.conversationId), isNull(conversations.route)));
  return { ok: true, routes };
}

/** Records that this row's message now goes over `route` (before the secondary is called). */
export async function recordFailover(deps: Pick<Services, 'db'>, x: { outboxId: string; messageId: string; conversationId: string | null; debtorId: string | null; kind: string; from: string; to: string }) {
  await deps.db.transaction(async (tx) => {
    await tx.update(messages).set({ provider: x.to }).where(eq(messages.id, x.messageId));
    await tx.insert(auditEvents).values({ actor: 'gate', type: 'send.failover', conversationId: x.conversationId, debtorId: x.debtorId, data: { outboxId: x.outboxId, kind: x.kind, from: x.from, to: x.to } });
  });
}
