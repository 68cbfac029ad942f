import { eq } from 'drizzle-orm';
import { auditEvents, messages } from '../../db/schema';
import { chooseRoutes, singleRouter, type Router } from '../channels/routing';
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
 * The routes one outbox row may use (rule 12 applied), from the conversation's stored route: pure,
 * so a batch of claims decides all its routes without a statement each. The caller records the
 * first route on the message (and on the conversation at its first send) with the claim, and a
 * refusal (naming rule 12 when no domestic route is left for a +81 number).
 */
export function planRoutes(deps: Pick<Services, 'provider' | 'router'>, x: { phone: string; storedRoute: string | null; rcs?: boolean }): RouteClaim {
  const router = routerOf(deps);
  const choice = chooseRoutes(router.table, new Set(Object.keys(router.providers)), x.phone, x.storedRoute);
  if (!choice.ok) return choice;
  // RCS goes first, its SMS route behind it (rule 12 already applied to that one).
  return { ok: true, routes: x.rcs ? ['rbm', choice.routes[0]!] : choice.routes };
}

/** The adapter that sends over `route` ('rbm' is the router's RCS adapter): what the throttle keys on. */
export function adapterFor(deps: Pick<Services, 'provider' | 'router'>, route: string) {
  const router = routerOf(deps);
  return route === 'rbm' && router.rcs ? router.rcs.provider : providerNamed(deps, route);
}

/** Records that this row's message now goes over `route` (before the secondary is called). */
export async function recordFailover(deps: Pick<Services, 'db'>, x: { outboxId: string; messageId: string; conversationId: string | null; debtorId: string | null; kind: string; from: string; to: string }) {
  await deps.db.transaction(async (tx) => {
    await tx.update(messages).set({ provider: x.to }).where(eq(messages.id, x.messageId));
    await tx.insert(auditEvents).values({ actor: 'gate', type: 'send.failover', conversationId: x.conversationId, debtorId: x.debtorId, data: { outboxId: x.outboxId, kind: x.kind, from: x.from, to: x.to } });
  });
}
