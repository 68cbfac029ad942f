import { Hono } from 'hono';
import { PaymentNotice, paidAtProblem, recordPayment } from '../../dunning/payments';
import { PAYMENT_SIGNATURE_HEADER, verifyPaymentSignature } from '../../dunning/payment-signature';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { parseJson } from '../validate';

/**
 * `POST /webhooks/payments`: verify the signature over the raw body (nothing is read or stored
 * before that), parse, hand to recordPayment. A repeated reference is a 200, recorded once.
 */
export function paymentWebhooks() {
  return new Hono<AppEnv>().post('/', async (c) => {
    const s = c.get('services');
    const secret = s.config.paymentWebhookSecret;
    if (!secret) throw new AppError('unavailable', 'payment webhooks are not configured (PAYMENT_WEBHOOK_SECRET)');
    const rawBody = await c.req.text();
    const check = await verifyPaymentSignature({ secret, header: c.req.header(PAYMENT_SIGNATURE_HEADER), rawBody, now: s.clock.now() });
    if (!check.ok) {
      throw new AppError('forbidden', check.reason === 'stale' ? 'X-Saisoku-Signature timestamp is more than 5 minutes away' : 'invalid X-Saisoku-Signature');
    }
    const notice = parseJson(rawBody, PaymentNotice, { rejectDuplicateKeys: true });
    const late = paidAtProblem(notice.paidAt, s.clock.now());
    if (late) throw new AppError('unprocessable', `paidAt: ${late}`, { field: 'paidAt' });
    const r = await recordPayment(s, notice, { actor: 'payment_webhook' });
    switch (r.status) {
      case 'unknown_debt':
        throw new AppError('not_found', 'no debt with that debtExternalRef');
      case 'currency_mismatch':
        throw new AppError('unprocessable', `currency: the debt is in ${r.expected}`, { field: 'currency' });
      case 'duplicate':
        return c.json({ status: 'duplicate', debtId: r.debtId });
      case 'recorded':
        return c.json({ status: 'recorded', paymentId: r.paymentId, debtId: r.debtId, balance: r.balance, debtStatus: r.debtStatus, overpaid: r.overpaid });
    }
  });
}
