import { readFileSync } from 'node:fs';
import { count } from 'drizzle-orm';
import fc from 'fast-check';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, debtors, debts, messages, payments } from '../../db/schema';
import { signPaymentWebhook } from '../../src/dunning/payment-signature';
import { IMPORT_COLUMNS } from '../../src/dunning/import';
import { ManualClock } from '../../src/shared/clock';
import { ADMIN_TOKEN, debtPayload, PUBLIC_BASE_URL, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/**
 * Issue #11: generated input over every door that takes data — the debts API, the CSV import, the
 * Twilio webhooks (validly signed, random fields), the payment webhook (validly signed, random
 * bodies) and flow YAML validation: 10,300 cases a run. For every case: no 5xx, one error body shape, and nothing
 * written unless the answer says it was (row counts before and after). The seed is printed by
 * fast-check on failure; FUZZ_SCALE multiplies the number of cases (default 1).
 */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const SECRET = 'whsec_fuzz_0123456789abcdef';
const CODES = ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'gone', 'conflict', 'unprocessable', 'unavailable'];

/** The one error body: {error:{code,message,requestId}} with a known 4xx code. */
function expectErrorShape(status: number, body: unknown) {
  expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
  expect(status, JSON.stringify(body)).toBeLessThan(500);
  const e = (body as { error?: Record<string, unknown> }).error;
  expect(e, JSON.stringify(body)).toBeTruthy();
  expect(CODES).toContain(e!.code);
  expect(typeof e!.message).toBe('string');
  expect(typeof e!.requestId).toBe('string');
}

async function jsonOf(res: Response): Promise<unknown> {
  const t = await res.text();
  try {
    return t ? JSON.parse(t) : null;
  } catch {
    return { unparsable: t.slice(0, 200) };
  }
}

// Strings that break naive code: NUL and control bytes, lone surrogates, RTL marks, huge, SQL-ish, numbers as text.
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\u202e', "'; drop table debts;--", '0', '-1', 'NaN', 'Infinity', '1e309', '2026-02-30', '9999-12-31', 'null', '{}', '[]', '%00', '\\u0000', 'ＳＴＯＰ', 'x'.repeat(5000)),
);
const anyJson = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }));
const isoDay = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const dateish = fc.oneof(isoDay, fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`), nasty);
const amountish = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -10, max: 2e11 }), fc.constantFrom(0.1, 12.5, 10.005, 1e11, 1e11 + 1, -0), nasty);
const currencyish = fc.oneof(fc.constantFrom('JPY', 'USD', 'KWD', 'XYZ', 'jpy', 'EUR', 'XAU', ''), nasty);
const phoneish = fc.oneof(fc.constantFrom('090-1234-5678', '(415) 555-2671', '+819012345678', '123', '+1', '０９０ー１１１１ー２２２２'), nasty);

/** A small "billion laughs": 9^4 strings from four aliases. */
const BILLION_LAUGHS = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', ''].join('\n');

describe('fuzz: every door that takes data', () => {
  let h: Harness;
  let seq = 0;
  const rows = async () => {
    const db = h.services.db;
    const [[a], [b], [c], [d], [e]] = await Promise.all([
      db.select({ n: count() }).from(debtors),
      db.select({ n: count() }).from(debts),
      db.select({ n: count() }).from(conversations),
      db.select({ n: count() }).from(payments),
      db.select({ n: count() }).from(messages),
    ]);
    return { debtors: a!.n, debts: b!.n, conversations: c!.n, payments: d!.n, messages: e!.n };
  };

  beforeAll(async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00'), workers: false });
    h.services.config.paymentWebhookSecret = SECRET;
    for (const [i, locale] of [[0, 'ja'], [1, 'en']] as const) {
      const r = await h.api('POST', '/api/debts', debtPayload({ ref: `fz${i}`, locale, phone: locale === 'en' ? '(415) 555-2600' : '090-5555-0000', amount: 999 }));
      expect(r.status).toBe(201);
    }
  }, 60_000);
  afterAll(async () => h?.close());

  it('POST /api/debts: a random or mutated body is created once, refused whole, or a clean 4xx', async () => {
    const mutated = fc.record({
      ref: fc.oneof(fc.constant('fz0'), fc.string({ minLength: 1, maxLength: 12 })),
      field: fc.constantFrom('debtor.externalRef', 'debtor.name', 'debtor.phone', 'debtor.locale', 'debtor.timezone', 'debtor.consent.obtainedAt', 'debtor.consent.source', 'debt.externalRef', 'debt.amount', 'debt.currency', 'debt.dueDate', 'flow', 'debtor', 'debt', 'debtor.consent'),
      value: fc.oneof(anyJson, dateish, amountish, currencyish, phoneish, fc.constant(undefined)),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: anyJson.map((raw) => ({ raw })) }), async (c) => {
        let body: unknown;
        if ('raw' in c) body = c.raw;
        else {
          const b: any = debtPayload({ ref: `${c.ref}-${seq++}`, phone: '090-1234-5678' });
          if (c.ref === 'fz0') b.debt.externalRef = 'INV-fz0';
          const path = c.field.split('.');
          let o = b;
          for (const k of path.slice(0, -1)) o = o[k];
          o[path.at(-1)!] = c.value;
          body = b;
        }
        const before = await rows();
        const res = await h.app.request('/api/debts', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) ?? 'undefined' });
        const json = await jsonOf(res);
        const after = await rows();
        if (res.status === 201) {
          expect(after.debts).toBe(before.debts + 1);
          expect(after.conversations).toBe(before.conversations + 1);
        } else {
          expectErrorShape(res.status, json);
          expect({ ...after, messages: 0 }).toEqual({ ...before, messages: 0 });
        }
      }),
      { numRuns: runs(2600) },
    );
  }, 600_000);

  it('POST /api/debts/import: random CSV files answer 200 with one report per row, or 4xx, and write only created rows', async () => {
    const cell = fc.oneof(nasty, dateish, amountish.map(String), currencyish, phoneish, fc.constantFrom('"a,b"', '"unterminated', 'a"b', '\r\n', ','));
    const csv = fc.oneof(
      fc.array(fc.array(cell, { minLength: IMPORT_COLUMNS.length, maxLength: IMPORT_COLUMNS.length }), { maxLength: 4 }).map((recs) => [IMPORT_COLUMNS.join(','), ...recs.map((r) => r.map(String).join(','))].join('\n')),
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
    );
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        const before = await rows();
        const res = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: text });
        const json = (await jsonOf(res)) as any;
        const after = await rows();
        if (res.status === 200) {
          expect(json.rows.length).toBe(json.summary.rows);
          for (const r of json.rows) if (r.status === 'invalid') expect(r.message).not.toMatch(/expected .*received|NaN|invalid_type/);
          expect(after.debts - before.debts).toBe(json.summary.created);
          expect(after.conversations - before.conversations).toBe(json.summary.created);
        } else {
          expectErrorShape(res.status, json);
          expect(after.debts).toBe(before.debts);
        }
      }),
      { numRuns: runs(1800) },
    );
  }, 600_000);

  it('Twilio webhooks: validly signed random fields store at most one message, never 5xx', async () => {
    const post = async (path: string, params: Record<string, string>) => {
      const signature = twilio.getExpectedTwilioSignature(h.fake!.authToken, `${PUBLIC_BASE_URL}${path}`, params);
      return h.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
    };
    const field = fc.oneof(nasty, fc.constantFrom('SM00000000000000000000000000000000', '+819055550000', '+14155552600', 'delivered', 'failed', 'undelivered', 'sent', '30007', '停止', 'STOP', 'START'));
    const params = fc.dictionary(fc.constantFrom('MessageSid', 'SmsSid', 'AccountSid', 'From', 'To', 'Body', 'NumMedia', 'MessageStatus', 'ErrorCode', 'SmsStatus'), field, { maxKeys: 10 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/webhooks/twilio/inbound', '/webhooks/twilio/status'), params, async (path, p) => {
        const before = await rows();
        const res = await post(path, p);
        const after = await rows();
        expect(res.status, await res.clone().text()).toBeLessThan(500);
        if (res.status >= 400) {
          expectErrorShape(res.status, await jsonOf(res));
          expect(after).toEqual(before);
        } else expect(after.messages - before.messages).toBeLessThanOrEqual(1);
        expect(after.debts).toBe(before.debts);
      }),
      { numRuns: runs(2500) },
    );
  }, 600_000);

  it('POST /webhooks/payments: validly signed random bodies record at most one payment, never 5xx', async () => {
    const notice = fc.record(
      {
        debtExternalRef: fc.oneof(fc.constantFrom('INV-fz0', 'INV-fz1'), nasty),
        amount: amountish,
        currency: currencyish,
        paidAt: fc.oneof(fc.date({ noInvalidDate: true, min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z') }).map((d) => d.toISOString()), dateish, fc.constant('2026-11-20T00:30:00Z')),
        reference: fc.oneof(fc.string({ maxLength: 10 }), nasty),
        provider: fc.oneof(fc.constantFrom('webhook', 'stripe'), nasty),
      },
      { requiredKeys: [] },
    );
    const raw = fc.oneof(
      { weight: 6, arbitrary: notice.map((n) => JSON.stringify(n)) },
      { weight: 1, arbitrary: notice.map((n) => JSON.stringify(n).replace(/^\{/, '{"amount":1,')) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
      { weight: 1, arbitrary: fc.json() },
    );
    await fc.assert(
      fc.asyncProperty(raw, async (body) => {
        const before = await rows();
        const res = await h.app.request('/webhooks/payments', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-saisoku-signature': await signPaymentWebhook(SECRET, body, h.clock.now()) },
          body,
        });
        const json = (await jsonOf(res)) as any;
        const after = await rows();
        if (res.status === 200) expect(after.payments - before.payments).toBe(json.status === 'recorded' ? 1 : 0);
        else {
          expectErrorShape(res.status, json);
          expect(after.payments).toBe(before.payments);
        }
      }),
      { numRuns: runs(2000) },
    );
  }, 600_000);

  it('POST /api/flows/validate: random and mutated YAML answers 200 with issues or a clean 4xx', async () => {
    const shipped = readFileSync(new URL('../../flows/standard-ja.yaml', import.meta.url), 'utf8');
    const lines = shipped.split('\n');
    const yamlish = fc.oneof(
      { weight: 5, arbitrary: fc.string({ maxLength: 200 }) },
      { weight: 3, arbitrary: fc.json().map((j) => j) },
      { weight: 2, arbitrary: fc.constantFrom('a: &a [1]\nb: *a\n', 'a: *nope\n', '- - - - -\n', 'key: [unclosed\n', '? complex\n: key\n', '!!binary abc\n', 'x: !!js/function "f"\n', BILLION_LAUGHS) },
      { weight: 1, arbitrary: fc.tuple(fc.nat(lines.length - 1), nasty).map(([i, s]) => [...lines.slice(0, i), s, ...lines.slice(i + 1)].join('\n')) },
    );
    await fc.assert(
      fc.asyncProperty(yamlish, async (source) => {
        const res = await h.app.request('/api/flows/validate', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ source }) });
        const json = (await jsonOf(res)) as any;
        if (res.status === 200) {
          expect(typeof json.ok).toBe('boolean');
          expect(Array.isArray(json.issues)).toBe(true);
        } else expectErrorShape(res.status, json);
      }),
      { numRuns: runs(1400) },
    );
  }, 600_000);
});
