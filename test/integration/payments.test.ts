import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, debts, paymentLinks, payments, timers } from '../../db/schema';
import { signPaymentWebhook } from '../../src/dunning/payment-signature';
import { sweep } from '../../src/workers/sweep';
import type { ManualClock } from '../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';

const SECRET = 'whsec_payments_test_0123456789';

async function postPayment(h: Harness, body: Record<string, unknown> | string, o: { secret?: string; signedAt?: Date; tamper?: (raw: string) => string } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = await signPaymentWebhook(o.secret ?? SECRET, raw, o.signedAt ?? h.clock.now());
  const res = await h.app.request('/webhooks/payments', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-saisoku-signature': signature },
    body: o.tamper ? o.tamper(raw) : raw,
  });
  return { status: res.status, json: await res.json() };
}

const to = (h: Harness, e164: string) => h.fake!.received.filter((r) => r.sid && r.to === e164);
const tokenIn = (body: string | undefined) => /\/p\/([A-Za-z0-9]{22})/.exec(body ?? '')?.[1] ?? null;
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('payment links: click, redirect, reveal nothing', () => {
  let h: Harness;
  const phone = jpMobile(101);
  let token: string;
  beforeAll(async () => {
    h = await startHarness();
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'link', phone: phone.local, amount: 12000 }));
    expect(r.status).toBe(201);
    const first = await h.waitFor(async () => to(h, phone.e164)[0]);
    token = tokenIn(first.body)!;
    expect(token).toBeTruthy();
  });
  afterAll(async () => h?.close());

  it('records the click and redirects to the demo checkout', async () => {
    const res = await h.app.request(`/p/${token}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/p/${token}/checkout`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const firstAt = h.clock.now();
    (h.clock as ManualClock).advance(60_000);
    expect((await h.app.request(`/p/${token}`)).status).toBe(302);
    const [link] = await h.services.db.select().from(paymentLinks).where(eq(paymentLinks.token, token));
    expect(link!.clicks).toBe(2);
    expect(link!.firstClickedAt!.toISOString()).toBe(firstAt.toISOString());
    const clicks = await h.services.db.select().from(auditEvents).where(eq(auditEvents.type, 'payment_link.clicked'));
    expect(clicks).toHaveLength(2);
  });

  it('shows brand and amount due on the checkout page, in the debtor locale', async () => {
    const res = await h.app.request(`/p/${token}/checkout`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('lang="ja"');
    expect(html).toContain('サンプル債権');
    expect(html).toContain('12,000円');
    expect(html).not.toContain('山田');
    // Not the embedded default (Twilio here): no demo Pay button.
    expect(html).not.toContain('<form');
    expect((await h.app.request(`/p/${token}/checkout`, { method: 'POST', body: new URLSearchParams({ ref: 'a'.repeat(20) }) })).status).toBe(404);
  });

  it('answers an unknown token 404 and an expired one 410 with the same page that names no debt', async () => {
    const [link] = await h.services.db.select().from(paymentLinks).where(eq(paymentLinks.token, token));
    const expired = 'Expired0000000000000001';
    await h.services.db.insert(paymentLinks).values({ token: expired, debtId: link!.debtId, expiresAt: new Date(h.clock.now().getTime() - 1000) });
    const unknown = await h.app.request('/p/Unknown000000000000001');
    const gone = await h.app.request(`/p/${expired}`);
    const goneCheckout = await h.app.request(`/p/${expired}/checkout`);
    const junk = await h.app.request('/p/..%2F..%2Fetc');
    expect([unknown.status, gone.status, goneCheckout.status, junk.status]).toEqual([404, 410, 410, 404]);
    const pages = await Promise.all([unknown.text(), gone.text(), goneCheckout.text()]);
    expect(pages[1]).toBe(pages[0]);
    expect(pages[2]).toBe(pages[0]);
    for (const p of pages) for (const secret of ['12,000', '12000', 'サンプル債権', '山田', 'INV-', phone.e164]) expect(p).not.toContain(secret);
    const [after] = await h.services.db.select().from(paymentLinks).where(eq(paymentLinks.token, expired));
    expect(after!.clicks).toBe(0);
  });

  it("redirects to the flow's checkoutUrl with only the token appended", async () => {
    const source = readFileSync(new URL('../../flows/standard-ja.yaml', import.meta.url), 'utf8')
      .replace('key: standard-ja', 'key: checkout-ja')
      .replace(/^contact: .*$/m, (l) => `${l}\ncheckoutUrl: https://pay.example.com/checkout?src=sms`);
    const pub = await h.services.flows.publish(source, 'test', h.clock.now());
    expect(pub.ok).toBe(true);
    const p2 = jpMobile(102);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'ext', phone: p2.local, flow: 'checkout-ja' }));
    expect(r.status).toBe(201);
    const msg = await h.waitFor(async () => to(h, p2.e164)[0]);
    const t = tokenIn(msg.body)!;
    const res = await h.app.request(`/p/${t}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`https://pay.example.com/checkout?src=sms&token=${t}`);
  });
});

describe('POST /webhooks/payments', () => {
  let h: Harness;
  const phone = jpMobile(201);
  const ref = 'pay';
  let debtId: string;
  let conversationId: string;
  const notice = (o: Record<string, unknown> = {}) => ({ debtExternalRef: `INV-${ref}`, amount: 5000, currency: 'JPY', paidAt: '2026-11-20T00:30:00Z', reference: 'psp_1', ...o });

  beforeAll(async () => {
    h = await startHarness();
    h.services.config.paymentWebhookSecret = SECRET;
    const r = await h.api('POST', '/api/debts', debtPayload({ ref, phone: phone.local, amount: 12000, dueDate: '2026-11-21' }));
    ({ debtId, conversationId } = r.json);
    await h.waitFor(async () => to(h, phone.e164)[0]);
  });
  afterAll(async () => h?.close());

  it('refuses a body with one changed byte (403) and stores nothing', async () => {
    const r = await postPayment(h, notice(), { tamper: (raw) => raw.replace('5000', '5001') });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('forbidden');
    const bad = await postPayment(h, notice(), { secret: 'whsec_some_other_secret_000' });
    expect(bad.status).toBe(403);
    const none = await h.app.request('/webhooks/payments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(notice()) });
    expect(none.status).toBe(403);
    expect(await h.services.db.select().from(payments)).toHaveLength(0);
  });

  it('rejects a timestamp more than 5 minutes old or ahead', async () => {
    const old = await postPayment(h, notice(), { signedAt: new Date(h.clock.now().getTime() - 6 * 60_000) });
    const ahead = await postPayment(h, notice(), { signedAt: new Date(h.clock.now().getTime() + 6 * 60_000) });
    expect([old.status, ahead.status]).toEqual([403, 403]);
    expect(old.json.error.message).toMatch(/5 minutes/);
    expect(await h.services.db.select().from(payments)).toHaveLength(0);
  });

  it('answers an unknown debt 404, a wrong currency 422 and a bad body 422', async () => {
    expect((await postPayment(h, notice({ debtExternalRef: 'INV-nope' }))).status).toBe(404);
    const cur = await postPayment(h, notice({ currency: 'USD' }));
    expect(cur.status).toBe(422);
    expect(cur.json.error.message).toMatch(/JPY/);
    const bad = await postPayment(h, notice({ amount: -1 }));
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toMatch(/^amount/);
    expect((await postPayment(h, '{not json')).status).toBe(400);
    expect(await h.services.db.select().from(payments)).toHaveLength(0);
  });

  it('takes a partial payment once, however often it is sent, and tells the debtor the remaining balance', async () => {
    const first = await postPayment(h, notice());
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'recorded', balance: 7000, debtStatus: 'open' });
    const again = await Promise.all([postPayment(h, notice()), postPayment(h, notice())]);
    expect(again.map((r) => [r.status, r.json.status])).toEqual([[200, 'duplicate'], [200, 'duplicate']]);

    const partial = await h.waitFor(async () => to(h, phone.e164).find((m) => m.body?.includes('一部入金')));
    expect(partial.body).toContain('残額7,000円');
    expect(partial.body).toMatch(/\/p\/[A-Za-z0-9]{22}/);
    const [debt] = await h.services.db.select().from(debts).where(eq(debts.id, debtId));
    expect(debt).toMatchObject({ paidAmount: 5000, status: 'open' });
    expect(await h.services.db.select().from(payments)).toHaveLength(1);
    await settle();
    expect(to(h, phone.e164).filter((m) => m.body?.includes('一部入金'))).toHaveLength(1);
    const conv = await h.api('GET', `/api/conversations/${conversationId}`);
    expect(conv.json).toMatchObject({ status: 'active', state: 'active.dunning' });
    expect(conv.json.timers.map((t: any) => t.name)).toEqual(['reminder']);
    const audit = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.type, 'payment.received'), eq(auditEvents.conversationId, conversationId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('payment_webhook');
  });

  it('settles the debt on the rest: paid state, thanks, timers cancelled, no more reminders', async () => {
    const r = await postPayment(h, notice({ amount: 7000, reference: 'psp_2', paidAt: '2026-11-20T00:40:00Z' }));
    expect(r.json).toMatchObject({ status: 'recorded', balance: 0, debtStatus: 'paid' });
    const thanks = await h.waitFor(async () => to(h, phone.e164).find((m) => m.body?.includes('お支払いを確認しました')));
    expect(thanks.body).toMatch(/^【サンプル債権】/);
    expect(thanks.body).toContain('7,000円のお支払いを確認しました'); // what this payment brought, not the 0 left
    const [debt] = await h.services.db.select().from(debts).where(eq(debts.id, debtId));
    expect(debt).toMatchObject({ paidAmount: 12000, status: 'paid' });
    expect(debt!.paidAt!.toISOString()).toBe('2026-11-20T00:40:00.000Z');
    const conv = await h.api('GET', `/api/conversations/${conversationId}`);
    expect(conv.json).toMatchObject({ status: 'resolved', state: 'paid', outcome: 'paid' });
    expect(conv.json.timers).toEqual([]);
    expect(await h.services.db.select().from(timers).where(and(eq(timers.conversationId, conversationId), eq(timers.status, 'pending')))).toHaveLength(0);

    const sent = to(h, phone.e164).length;
    // Past the due-date reminder (2026-11-21 10:00 JST) and the next ones.
    (h.clock as ManualClock).set('2026-11-29T12:00:00+09:00');
    await sweep(h.services);
    await settle();
    await sweep(h.services);
    await settle();
    expect(to(h, phone.e164)).toHaveLength(sent);
  });
});

describe('demo checkout in the embedded default (simulator)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
  });
  afterAll(async () => h?.close());

  it('pays the whole balance once from the Pay button, however often it is pressed', async () => {
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'demo', phone: '+1 212 555 0101', amount: 8000, locale: 'en' }));
    expect(r.status).toBe(201);
    const [link] = await h.waitFor(async () => {
      const rows = await h.services.db.select().from(paymentLinks).where(eq(paymentLinks.debtId, r.json.debtId));
      return rows.length ? rows : null;
    });
    const page = await (await h.app.request(`/p/${link!.token}/checkout`)).text();
    expect(page).toContain('lang="en"');
    expect(page).toContain('Sample Credit');
    expect(page).toContain('$8,000.00');
    const ref = /name="ref" value="([A-Za-z0-9]+)"/.exec(page)![1]!;
    const press = () => h.app.request(`/p/${link!.token}/checkout`, { method: 'POST', body: new URLSearchParams({ ref }) });
    const [a, b] = [await press(), await press()];
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.get('location')).toBe(`/p/${link!.token}/checkout`);
    const rows = await h.services.db.select().from(payments).where(eq(payments.debtId, r.json.debtId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amount: 8000, currency: 'USD', reference: `demo:${ref}` });
    const conv = await h.api('GET', `/api/conversations/${r.json.conversationId}`);
    expect(conv.json).toMatchObject({ status: 'resolved', state: 'paid' });
    const after = await (await h.app.request(`/p/${link!.token}/checkout`)).text();
    expect(after).toContain('Your payment has been received');
    expect(after).not.toContain('<form');
  });
});
