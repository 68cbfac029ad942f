import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, debts, payments } from '../../db/schema';
import { signPaymentWebhook } from '../../src/dunning/payment-signature';
import { ManualClock } from '../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';

const SECRET = 'whsec_payments_test_0123456789';

/** Issue #11 "Payments": overpayments flagged, dates bounded, duplicate keys refused, https checkout only. */
describe('payments: bad input and overpayment', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00'), workers: false });
    h.services.config.paymentWebhookSecret = SECRET;
    for (const [ref, i] of [['p-a', 1], ['p-b', 2], ['p-c', 3]] as const) {
      const r = await h.api('POST', '/api/debts', debtPayload({ ref, phone: jpMobile(7700 + i).local, amount: 10000 }));
      expect(r.status).toBe(201);
    }
    const us = debtPayload({ ref: 'p-usd', phone: '(415) 555-2690', locale: 'en', amount: 999 });
    expect((await h.api('POST', '/api/debts', us)).status).toBe(201);
  });
  afterAll(async () => h?.close());

  async function post(raw: string) {
    const signature = await signPaymentWebhook(SECRET, raw, h.clock.now());
    const res = await h.app.request('/webhooks/payments', { method: 'POST', headers: { 'content-type': 'application/json', 'x-saisoku-signature': signature }, body: raw });
    return { status: res.status, json: await res.json() };
  }
  const notice = (o: Record<string, unknown> = {}) => JSON.stringify({ debtExternalRef: 'INV-p-a', amount: 1000, currency: 'JPY', paidAt: '2026-11-20T00:30:00Z', reference: 'psp-x', ...o });
  const paymentsOf = async (ref: string) => {
    const [d] = await h.services.db.select().from(debts).where(eq(debts.externalRef, ref));
    return h.services.db.select().from(payments).where(eq(payments.debtId, d!.id));
  };

  it.each([
    ['a paidAt in year 9999', { paidAt: '9999-12-31T00:00:00Z' }, 'paidAt', 'in the future'],
    ['a paidAt an hour ahead', { paidAt: '2026-11-20T02:00:00Z' }, 'paidAt', 'in the future'],
    ['a paidAt on 30 February', { paidAt: '2026-02-30T00:00:00Z' }, 'paidAt', 'must be a date and time'],
    ['a paidAt decades ago', { paidAt: '1970-01-01T00:00:00Z' }, 'paidAt', 'years ago'],
    ['half a yen', { amount: 12.5 }, 'amount', 'JPY has no minor unit'],
    ['a made-up currency', { currency: 'XYZ' }, 'currency', 'ISO 4217'],
  ])('refuses %s with a 422 naming the field, recording nothing', async (_n, o, field, words) => {
    const r = await post(notice(o));
    expect(r.status).toBe(422);
    expect(r.json.error.message).toMatch(new RegExp(`^${field}`));
    expect(r.json.error.message).toContain(words);
    expect(await paymentsOf('INV-p-a')).toHaveLength(0);
  });

  it('refuses a signed body that names a key twice, recording nothing', async () => {
    const raw = '{"debtExternalRef":"INV-p-a","amount":1,"currency":"JPY","paidAt":"2026-11-20T00:30:00Z","reference":"psp-dup","amount":10000}';
    const r = await post(raw);
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({ code: 'unprocessable' });
    expect(r.json.error.message).toContain('"amount" appears twice');
    const nested = await post('{"debtExternalRef":"INV-p-a","amount":1,"currency":"JPY","paidAt":"2026-11-20T00:30:00Z","reference":"psp-dup","meta":{"a":1,"a":2}}');
    expect(nested.status).toBe(422);
    expect(await paymentsOf('INV-p-a')).toHaveLength(0);
  });

  it('keeps a reference unique per provider and debt, not across debts', async () => {
    expect((await post(notice({ debtExternalRef: 'INV-p-b', reference: 'shared-ref' }))).json.status).toBe('recorded');
    expect((await post(notice({ debtExternalRef: 'INV-p-c', reference: 'shared-ref' }))).json.status).toBe('recorded');
    expect((await post(notice({ debtExternalRef: 'INV-p-b', reference: 'shared-ref' }))).json.status).toBe('duplicate');
    // Another payment provider may use the same reference for its own payment of the same debt.
    expect((await post(notice({ debtExternalRef: 'INV-p-b', reference: 'shared-ref', provider: 'konbini' }))).json.status).toBe('recorded');
    expect(await paymentsOf('INV-p-b')).toHaveLength(2);
    expect(await paymentsOf('INV-p-c')).toHaveLength(1);
  });

  it('flags a payment larger than the balance: settled, the excess recorded, audited and answered', async () => {
    const r = await post(JSON.stringify({ debtExternalRef: 'INV-p-usd', amount: 1e11, currency: 'USD', paidAt: '2026-11-20T00:30:00Z', reference: 'big' }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'recorded', balance: 0, debtStatus: 'paid', overpaid: 1e11 - 999 });
    const [p] = await paymentsOf('INV-p-usd');
    expect(p!.overpaidAmount).toBe(1e11 - 999);
    const flagged = await h.services.db.select().from(auditEvents).where(eq(auditEvents.type, 'payment.overpaid'));
    expect(flagged.map((a) => a.data)).toEqual([expect.objectContaining({ paymentId: p!.id, overpaid: 1e11 - 999, currency: 'USD' })]);
    // A second payment on the settled debt is all excess.
    const again = await post(JSON.stringify({ debtExternalRef: 'INV-p-usd', amount: 5, currency: 'USD', paidAt: '2026-11-20T00:31:00Z', reference: 'late' }));
    expect(again.json).toMatchObject({ status: 'recorded', overpaid: 5 });
    const partial = await post(notice({ debtExternalRef: 'INV-p-c', reference: 'part-2' }));
    expect(partial.json.overpaid).toBe(0);
  });

  it.each([['javascript:alert(1)'], ['http://pay.example.com/checkout'], ['data:text/html,hi']])('refuses a flow whose checkoutUrl is %s', async (url) => {
    const source = readFileSync(new URL('../../flows/standard-ja.yaml', import.meta.url), 'utf8')
      .replace('key: standard-ja', 'key: checkout-bad')
      .replace(/^contact: .*$/m, (l) => `${l}\ncheckoutUrl: "${url}"`);
    const pub = await h.services.flows.publish(source, 'test', h.clock.now());
    expect(pub.ok).toBe(false);
    expect(JSON.stringify((pub as { issues: unknown }).issues)).toContain('https');
    expect(await h.services.flows.latest('checkout-bad')).toBeFalsy();
  });
});
