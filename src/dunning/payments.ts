import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, conversations, debts, installments, payments, promises, timers } from '../../db/schema';
import type { Tx } from '../db/client';
import { applyEvent, type EngineDeps } from '../conversation/engine';
import { minorUnitProblem } from '../shared/currency';
import { Amount, Currency, IsoDateTime } from './debts';
import { coveredSeqs } from '../ledger/installments';

/** Body of `POST /webhooks/payments` (CONTRACT "Webhooks"). */
export const PaymentNotice = z
  .object({
    debtExternalRef: z.string().trim().min(1).max(128),
    amount: Amount,
    currency: Currency,
    paidAt: IsoDateTime,
    reference: z.string().trim().min(1).max(200),
    /** The payment provider whose id `reference` is; references are unique per provider and debt. */
    provider: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'a lower-case provider name like stripe').default('webhook'),
  })
  .superRefine((n, ctx) => {
    const problem = minorUnitProblem(n.amount, n.currency);
    if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
  });
export type PaymentNotice = z.input<typeof PaymentNotice>;

/** A payment older than this is a mistake in the notice, not a late webhook. */
const MAX_PAYMENT_AGE_YEARS = 10;

/** paidAt cannot be in the future (5 minutes of clock skew allowed) nor years ago. */
export function paidAtProblem(paidAt: string, now: Date): string | null {
  const t = Date.parse(paidAt);
  if (t > now.getTime() + 5 * 60_000) return `${paidAt} is in the future`;
  if (t < now.getTime() - MAX_PAYMENT_AGE_YEARS * 365.25 * 86_400_000) return `${paidAt} is more than ${MAX_PAYMENT_AGE_YEARS} years ago`;
  return null;
}

export type RecordPaymentResult =
  | { status: 'recorded'; paymentId: string; debtId: string; conversationId: string | null; balance: number; debtStatus: string; overpaid: number }
  | { status: 'duplicate'; debtId: string }
  | { status: 'unknown_debt' }
  | { status: 'currency_mismatch'; expected: string };

/** Money in the ledger has two decimals; keep float noise out of balances. */
const round2 = (n: number) => Math.round(n * 100) / 100;

interface Applied {
  paymentId: string;
  balance: number;
  debtStatus: string;
  overpaid: number;
}

/**
 * The ledger side of one payment, in the caller's transaction: the payment row (once per
 * reference), the debt's paid amount and status, covered instalments, a kept promise.
 * Returns null when the reference was already recorded.
 */
async function applyPayment(tx: Tx, input: { debtId: string; conversationId: string | null; notice: PaymentNotice; actor: string; now: Date }): Promise<Applied | null> {
  const { notice, now } = input;
  const [debt] = await tx.select().from(debts).where(eq(debts.id, input.debtId)).for('update');
  // What was still owed before this payment; anything above it is an overpayment, flagged below.
  const owed = Math.max(0, round2(debt!.amount - debt!.paidAmount));
  const overpaid = Math.max(0, round2(notice.amount - owed));
  const [payment] = await tx
    .insert(payments)
    .values({ debtId: input.debtId, amount: notice.amount, currency: notice.currency, paidAt: new Date(notice.paidAt), reference: notice.reference, provider: notice.provider ?? 'webhook', overpaidAmount: overpaid })
    .onConflictDoNothing({ target: [payments.provider, payments.debtId, payments.reference] })
    .returning({ id: payments.id });
  if (!payment) return null;

  const paidAmount = round2(debt!.paidAmount + notice.amount);
  const balance = Math.max(0, round2(debt!.amount - paidAmount));
  const settles = balance <= 0 && debt!.status !== 'paid';
  await tx
    .update(debts)
    .set({ paidAmount, ...(settles ? { status: 'paid', paidAt: new Date(notice.paidAt) } : {}) })
    .where(eq(debts.id, input.debtId));

  const audit = (type: string, data: Record<string, unknown>) =>
    tx.insert(auditEvents).values({ actor: input.actor, type, conversationId: input.conversationId, debtorId: debt!.debtorId, data, createdAt: now });
  await audit('payment.received', { paymentId: payment.id, debtId: input.debtId, amount: notice.amount, currency: notice.currency, reference: notice.reference, balance });
  if (settles) await audit('debt.paid', { debtId: input.debtId, paidAmount });
  if (overpaid > 0) await audit('payment.overpaid', { paymentId: payment.id, debtId: input.debtId, overpaid, currency: notice.currency, owedBefore: owed });

  if (input.conversationId) {
    for (const seq of await coverInstallments(tx, input.conversationId, balance)) await audit('installment.paid', { debtId: input.debtId, seq });
    // A promise is kept when this payment covers what was promised (or nothing is left to pay).
    const [promise] = await tx
      .select({ id: promises.id, amount: promises.amount })
      .from(promises)
      .where(and(eq(promises.conversationId, input.conversationId), eq(promises.status, 'pending')))
      .limit(1);
    if (promise && (balance <= 0 || notice.amount >= promise.amount)) {
      await tx.update(promises).set({ status: 'kept' }).where(eq(promises.id, promise.id));
      await audit('promise.kept', { promiseId: promise.id, debtId: input.debtId });
    }
  }
  return { paymentId: payment.id, balance, debtStatus: settles ? 'paid' : debt!.status, overpaid };
}

/**
 * A plan covers the balance it was made for, so what has been paid towards it is the plan's total
 * minus today's balance: every instalment up to that sum is paid (a payment may cover several,
 * and part-payments add up across webhooks). Their reminder/check timers are cancelled.
 */
async function coverInstallments(tx: Tx, conversationId: string, balance: number): Promise<number[]> {
  const plan = await tx
    .select()
    .from(installments)
    .where(and(eq(installments.conversationId, conversationId), inArray(installments.status, ['pending', 'missed', 'paid'])))
    .orderBy(asc(installments.seq));
  const paidSeqs = coveredSeqs(plan, balance);
  if (!paidSeqs.length) return [];
  await tx
    .update(installments)
    .set({ status: 'paid' })
    .where(and(eq(installments.conversationId, conversationId), inArray(installments.seq, paidSeqs), inArray(installments.status, ['pending', 'missed'])));
  const pending = await tx
    .select({ id: timers.id, event: timers.event })
    .from(timers)
    .where(and(eq(timers.conversationId, conversationId), eq(timers.status, 'pending'), inArray(timers.name, ['installment_due', 'installment_check'])));
  const stale = pending.filter((t) => paidSeqs.includes(Number(t.event.seq))).map((t) => t.id);
  if (stale.length) await tx.update(timers).set({ status: 'cancelled' }).where(inArray(timers.id, stale));
  return paidSeqs;
}

/**
 * Records one confirmed payment and lets the conversation react, all in one transaction under the
 * conversation's row lock: the ledger rows above, then `payment_received` with the remaining
 * balance through the machine (full → `paid`, timers cancelled, thanks; partial → the
 * partial-payment message). The same reference twice is recorded once.
 */
export async function recordPayment(deps: EngineDeps, notice: PaymentNotice, opts: { actor: string }): Promise<RecordPaymentResult> {
  const [debt] = await deps.db.select({ id: debts.id, currency: debts.currency }).from(debts).where(eq(debts.externalRef, notice.debtExternalRef));
  if (!debt) return { status: 'unknown_debt' };
  if (debt.currency !== notice.currency) return { status: 'currency_mismatch', expected: debt.currency };
  const [conv] = await deps.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.debtId, debt.id));
  const input = { debtId: debt.id, conversationId: conv?.id ?? null, notice, actor: opts.actor };

  let applied: Applied | null = null;
  if (!conv) {
    applied = await deps.db.transaction((tx) => applyPayment(tx, { ...input, now: deps.clock.now() }));
  } else {
    await applyEvent(deps, conv.id, async (tx) => {
      const now = deps.clock.now();
      applied = await applyPayment(tx, { ...input, now });
      if (!applied) return null;
      // `paid` carries this payment's amount for templates that thank for it.
      return { type: 'payment_received', now: now.toISOString(), balance: applied.balance, paid: notice.amount };
    });
  }
  const a = applied as Applied | null;
  if (!a) return { status: 'duplicate', debtId: debt.id };
  return { status: 'recorded', paymentId: a.paymentId, debtId: debt.id, conversationId: conv?.id ?? null, balance: a.balance, debtStatus: a.debtStatus, overpaid: a.overpaid };
}
