import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computePaymentSignature, parseSignatureHeader, signPaymentWebhook, verifyPaymentSignature } from '../../../src/dunning/payment-signature';

const secret = 'whsec_test_0123456789abcdef';
const body = JSON.stringify({ debtExternalRef: 'INV-1', amount: 12000, currency: 'JPY', paidAt: '2026-11-20T01:00:00Z', reference: 'pay_1' });
const now = new Date('2026-11-20T01:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('payment webhook signature', () => {
  it('matches an independent HMAC-SHA256 of "<t>.<body>" (node:crypto)', async () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(await computePaymentSignature(secret, t, body)).toBe(expected);
    expect(await signPaymentWebhook(secret, body, now)).toBe(`t=${t},v1=${expected}`);
  });

  it('accepts its own header, upper-case hex, and a rotation pair with one good v1', async () => {
    const header = await signPaymentWebhook(secret, body, now);
    expect(await verifyPaymentSignature({ secret, header, rawBody: body, now })).toEqual({ ok: true });
    expect(await verifyPaymentSignature({ secret, header: header.toUpperCase().replace('T=', 't=').replace('V1=', 'v1='), rawBody: body, now })).toEqual({ ok: true });
    const rotated = `t=${t},v1=${'0'.repeat(64)},v1=${header.split('v1=')[1]}`;
    expect(await verifyPaymentSignature({ secret, header: rotated, rawBody: body, now })).toEqual({ ok: true });
  });

  it('rejects one changed byte of the body, another secret, or another timestamp', async () => {
    const header = await signPaymentWebhook(secret, body, now);
    const changed = body.replace('12000', '12001');
    expect(await verifyPaymentSignature({ secret, header, rawBody: changed, now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verifyPaymentSignature({ secret: secret + 'x', header, rawBody: body, now })).toEqual({ ok: false, reason: 'mismatch' });
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(await verifyPaymentSignature({ secret, header: moved, rawBody: body, now })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it.each([
    ['5 minutes old', -300, true],
    ['5 minutes and 1 second old', -301, false],
    ['5 minutes in the future', 300, true],
    ['6 minutes in the future', 360, false],
  ])('timestamp %s → accepted: %s', async (_name, offsetS, accepted) => {
    const signedAt = new Date(now.getTime() + offsetS * 1000);
    const header = await signPaymentWebhook(secret, body, signedAt);
    const r = await verifyPaymentSignature({ secret, header, rawBody: body, now });
    expect(r.ok).toBe(accepted);
    if (!accepted) expect(r).toEqual({ ok: false, reason: 'stale' });
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['v1=' + 'a'.repeat(64), 'malformed'],
    [`t=${t}`, 'malformed'],
    [`t=${t},v1=xyz`, 'malformed'],
    [`t=abc,v1=${'a'.repeat(64)}`, 'malformed'],
    [`t=${t},v0=${'a'.repeat(64)}`, 'malformed'],
  ])('header %j → %s', async (header, reason) => {
    expect(await verifyPaymentSignature({ secret, header, rawBody: body, now })).toEqual({ ok: false, reason });
  });

  it('parses t and every v1, ignoring unknown schemes and spaces', () => {
    expect(parseSignatureHeader(` t=1, v1=${'A'.repeat(64)}, v0=zz, v1=${'b'.repeat(64)}`)).toEqual({ t: 1, v1: ['a'.repeat(64), 'b'.repeat(64)] });
  });
});
