import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debtors, debts } from '../../db/schema';
import { ManualClock } from '../../src/shared/clock';
import { debtPayload, startHarness, type Harness } from '../support/harness';

describe('debts API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T11:00:00+09:00') });
  });
  afterAll(async () => h?.close());

  it('needs the bearer token', async () => {
    const r = await h.app.request('/api/debts', { method: 'POST', body: '{}' });
    expect(r.status).toBe(401);
    expect((await r.json()).error).toMatchObject({ code: 'unauthorized' });
  });

  it('creates a debt, normalises the phone to E.164, and answers 409 with the same ids for the same externalRef', async () => {
    const body = debtPayload({ ref: 'api1', phone: '０９０ー１１１１ー２２２２' });
    const a = await h.api('POST', '/api/debts', body);
    expect(a.status).toBe(201);
    const [d] = await h.services.db.select().from(debtors).where(eq(debtors.id, a.json.debtorId));
    expect(d!.phone).toBe('+819011112222');
    const b = await h.api('POST', '/api/debts', body);
    expect(b.status).toBe(409);
    expect(b.json.error).toMatchObject({ code: 'conflict', reason: 'already_loaded', details: { debtorId: a.json.debtorId, debtId: a.json.debtId, conversationId: a.json.conversationId } });
    expect(await h.services.db.select().from(debts).where(eq(debts.externalRef, 'INV-api1'))).toHaveLength(1);
  });

  it('loads the same debt twice at once without doubling it', async () => {
    const body = debtPayload({ ref: 'api-race', phone: '090-1111-3333' });
    const rs = await Promise.all([h.api('POST', '/api/debts', body), h.api('POST', '/api/debts', body)]);
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await h.services.db.select().from(debts).where(eq(debts.externalRef, 'INV-api-race'))).toHaveLength(1);
  });

  it.each([
    ['an invalid phone', (b: any) => (b.debtor.phone = '12345'), 'debtor.phone'],
    ['a missing consent', (b: any) => delete b.debtor.consent, 'debtor.consent'],
    ['an unknown flow', (b: any) => (b.flow = 'nope'), 'flow'],
    ['a negative amount', (b: any) => (b.debt.amount = -5), 'debt.amount'],
    ['an impossible date', (b: any) => (b.debt.dueDate = '2026-02-31x'), 'debt.dueDate'],
    ['an unknown timezone', (b: any) => (b.debtor.timezone = 'Mars/Olympus'), 'debtor.timezone'],
  ])('rejects %s with a 422 naming the field, and writes nothing', async (_name, mutate, field) => {
    const body = debtPayload({ ref: `bad-${field}` });
    mutate(body);
    const r = await h.api('POST', '/api/debts', body);
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('unprocessable');
    expect(r.json.error.message).toContain(field);
    expect(await h.services.db.select().from(debts).where(eq(debts.externalRef, body.debt.externalRef))).toHaveLength(0);
  });

  it('answers malformed JSON with 400', async () => {
    const r = await h.app.request('/api/debts', { method: 'POST', headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' }, body: '{"debtor":' });
    expect(r.status).toBe(400);
    expect((await r.json()).error.code).toBe('bad_request');
  });

  it('sends a debt loaded long overdue exactly one catch-up message, never several', async () => {
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: 'late', phone: '090-1111-4444', dueDate: '2026-11-10' }));
    await h.waitFor(async () => h.fake!.received.some((m) => m.sid && m.to === '+819011114444'));
    await new Promise((res) => setTimeout(res, 300));
    const got = h.fake!.received.filter((m) => m.sid && m.to === '+819011114444');
    expect(got).toHaveLength(1);
    // The +7 days step, the latest message due; the handoff (+10, also past) keeps its 3-day spacing.
    expect(got[0]!.body).toContain('担当者からご連絡');
    const conv = await h.api('GET', `/api/conversations/${r.json.conversationId}`);
    expect(conv.json.status).toBe('active');
    expect(conv.json.timers).toEqual([{ name: 'reminder', dueAt: '2026-11-23T02:00:00.000Z' }]);
  });

  it('imports CSV rows: good rows load, bad rows are reported by column and never half-written', async () => {
    const csv = [
      'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date,flow',
      'C-c1,"山田, 花子",090-2000-0001,ja,Asia/Tokyo,2026-04-01T00:00:00Z,contract,INV-c1,"12,000",JPY,2026-11-30,standard-ja',
      'C-c2,Bad Phone,123,ja,,2026-04-01T00:00:00Z,contract,INV-c2,5000,JPY,2026-11-30,',
      'C-c3,No Consent,090-2000-0003,ja,,,contract,INV-c3,5000,JPY,2026-11-30,',
      'C-c4,Jane Doe,(415) 555-2671,en,America/Los_Angeles,2026-04-01T00:00:00Z,web,INV-c4,120.50,usd,2026-12-01,standard-en',
      'C-c1,"山田, 花子",090-2000-0001,ja,Asia/Tokyo,2026-04-01T00:00:00Z,contract,INV-c1,"12,000",JPY,2026-11-30,standard-ja',
      'C-c5,Short Row,090-2000-0005',
    ].join('\n');
    const r = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'text/csv' }, body: csv });
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j.summary).toEqual({ rows: 6, created: 2, exists: 1, invalid: 3 });
    expect(j.rows.map((x: any) => [x.row, x.status, x.field])).toEqual([
      [2, 'created', undefined],
      [3, 'invalid', 'phone'],
      [4, 'invalid', 'consent_obtained_at'],
      [5, 'created', undefined],
      [6, 'exists', undefined],
      [7, 'invalid', '(row)'],
    ]);
    expect(await h.services.db.select().from(debtors).where(eq(debtors.externalRef, 'C-c2'))).toHaveLength(0);
    const [usd] = await h.services.db.select().from(debts).where(eq(debts.externalRef, 'INV-c4'));
    expect(usd).toMatchObject({ amount: 120.5, currency: 'USD' });
  });

  it('rejects a CSV with missing columns as a whole', async () => {
    const r = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'text/csv' }, body: 'name,phone\nA,090\n' });
    expect(r.status).toBe(422);
    expect((await r.json()).error.message).toContain('missing column(s): debtor_external_ref');
  });
});
