import { eq, sql, and, gt } from 'drizzle-orm';
import { auditEvents, conversations, debtors, debts, paymentLinks } from '../../db/schema';
import type { EngineDeps } from '../conversation/engine';
import { formatAmount } from '../flow/templates';
import { recordPayment } from './payments';
import type { Locale } from '../classify/port';

/**
 * What a payment link leads to (COMPLIANCE rule 6): a click is recorded, then the flow's checkout
 * or, without one, the demo checkout page. Unknown and expired tokens are told apart only by the
 * status (404/410); the caller shows one generic page for both.
 */

type Deps = EngineDeps;

/** Tokens are 22 base62 characters; anything else is not worth a query. */
const TOKEN = /^[A-Za-z0-9]{16,64}$/;

export type LinkMiss = { status: 'unknown' } | { status: 'expired' };

async function liveLink(deps: Pick<Deps, 'db' | 'clock'>, token: string) {
  if (!TOKEN.test(token)) return { status: 'unknown' as const };
  const [link] = await deps.db.select().from(paymentLinks).where(eq(paymentLinks.token, token));
  if (!link) return { status: 'unknown' as const };
  if (link.expiresAt.getTime() <= deps.clock.now().getTime()) return { status: 'expired' as const };
  return { status: 'live' as const, link };
}

async function debtContext(deps: Pick<Deps, 'db' | 'flows'>, debtId: string) {
  const [row] = await deps.db
    .select({ debt: debts, locale: debtors.locale, debtorId: debtors.id, conv: { id: conversations.id, flowKey: conversations.flowKey, flowVersion: conversations.flowVersion } })
    .from(debts)
    .innerJoin(debtors, eq(debtors.id, debts.debtorId))
    .leftJoin(conversations, eq(conversations.debtId, debts.id))
    .where(eq(debts.id, debtId));
  const flow = row?.conv ? (await deps.flows.get(row.conv.flowKey, row.conv.flowVersion)).flow : null;
  return { ...row!, flow };
}

/** Records the click (clicks+1, first click time) and says where to send the debtor. */
export async function openLink(deps: Deps, token: string): Promise<LinkMiss | { status: 'redirect'; location: string }> {
  const found = await liveLink(deps, token);
  if (found.status !== 'live') return found;
  const now = deps.clock.now();
  // Expiry is checked again in the update so a link expiring between the two reads is not counted.
  const [clicked] = await deps.db
    .update(paymentLinks)
    .set({ clicks: sql`${paymentLinks.clicks} + 1`, firstClickedAt: sql`coalesce(${paymentLinks.firstClickedAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(paymentLinks.id, found.link.id), gt(paymentLinks.expiresAt, now)))
    .returning({ clicks: paymentLinks.clicks });
  if (!clicked) return { status: 'expired' };
  const ctx = await debtContext(deps, found.link.debtId);
  await deps.db.insert(auditEvents).values({
    actor: 'debtor',
    type: 'payment_link.clicked',
    conversationId: ctx.conv?.id ?? null,
    debtorId: ctx.debtorId,
    data: { linkId: found.link.id, clicks: clicked.clicks },
    createdAt: now,
  });
  // A flow published before https was required falls back to the demo checkout rather than redirecting anywhere else.
  if (ctx.flow?.checkoutUrl && /^https:\/\//i.test(ctx.flow.checkoutUrl)) {
    const url = new URL(ctx.flow.checkoutUrl);
    url.searchParams.set('token', token);
    return { status: 'redirect', location: url.toString() };
  }
  return { status: 'redirect', location: `/p/${token}/checkout` };
}

export interface CheckoutView {
  status: 'live';
  locale: Locale;
  brand: string;
  amountDue: string;
  settled: boolean;
}

/** What the demo checkout page shows: brand and amount due, nothing else about the debtor. */
export async function checkoutView(deps: Deps, token: string): Promise<LinkMiss | CheckoutView> {
  const found = await liveLink(deps, token);
  if (found.status !== 'live') return found;
  const ctx = await debtContext(deps, found.link.debtId);
  const locale = ctx.locale === 'ja' ? 'ja' : 'en';
  const due = Math.max(0, Math.round((ctx.debt.amount - ctx.debt.paidAmount) * 100) / 100);
  return {
    status: 'live',
    locale,
    brand: ctx.flow?.brand ?? 'saisoku',
    amountDue: formatAmount(due, ctx.debt.currency, locale),
    settled: due <= 0 || ctx.debt.status === 'paid',
  };
}

/**
 * The embedded default's "Pay" button: the same path as a signed payment webhook (recordPayment),
 * for the whole balance. `ref` comes from the rendered form, so a double submit pays once.
 */
export async function demoPay(deps: Deps, token: string, ref: string): Promise<LinkMiss | { status: 'paid' | 'nothing_due' }> {
  const found = await liveLink(deps, token);
  if (found.status !== 'live') return found;
  const [debt] = await deps.db.select().from(debts).where(eq(debts.id, found.link.debtId));
  const due = Math.round((debt!.amount - debt!.paidAmount) * 100) / 100;
  if (due <= 0) return { status: 'nothing_due' };
  const r = await recordPayment(
    deps,
    { debtExternalRef: debt!.externalRef, amount: due, currency: debt!.currency, paidAt: deps.clock.now().toISOString(), reference: `demo:${ref}`, provider: 'demo' },
    { actor: 'demo_checkout' },
  );
  return { status: r.status === 'recorded' || r.status === 'duplicate' ? 'paid' : 'nothing_due' };
}
