import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debtors, debts } from '../../db/schema';
import { FIELD_TO_COLUMN, IMPORT_COLUMNS } from '../../src/dunning/import';
import { ManualClock } from '../../src/shared/clock';
import { ADMIN_TOKEN, debtPayload, startHarness, type Harness } from '../support/harness';

/** Issue #11: bad input is refused with a 422 naming the field, and nothing is written. */
describe('debts: bad input', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T11:00:00+09:00'), workers: false });
  });
  afterAll(async () => h?.close());

  const nothingWritten = async (body: ReturnType<typeof debtPayload>) => {
    expect(await h.services.db.select().from(debts).where(eq(debts.externalRef, body.debt.externalRef))).toHaveLength(0);
    expect(await h.services.db.select().from(debtors).where(eq(debtors.externalRef, body.debtor.externalRef))).toHaveLength(0);
  };

  it.each([
    ['an impossible date (30 Feb)', (b: any) => (b.debt.dueDate = '2026-02-30'), 'debt.dueDate', 'not a real date'],
    ['31 April', (b: any) => (b.debt.dueDate = '2026-04-31'), 'debt.dueDate', 'not a real date'],
    ['a fractional yen amount', (b: any) => (b.debt.amount = 12.5), 'debt.amount', 'JPY has no minor unit'],
    ['three decimals of USD', (b: any) => ((b.debt.currency = 'USD'), (b.debt.amount = 10.005)), 'debt.amount', 'USD has 2 decimal places'],
    ['a made-up currency', (b: any) => (b.debt.currency = 'XYZ'), 'debt.currency', 'ISO 4217'],
    ['a lower-case currency', (b: any) => (b.debt.currency = 'jpy'), 'debt.currency', 'ISO 4217'],
    ['a consent date in the future', (b: any) => (b.debtor.consent.obtainedAt = '2026-12-01T00:00:00Z'), 'debtor.consent.obtainedAt', 'in the future'],
    ['an English debtor on the Japanese flow', (b: any) => ((b.debtor.locale = 'en'), (b.flow = 'standard-ja')), 'flow', 'standard-ja speaks ja'],
    ['a debt due beyond the limitation period', (b: any) => (b.debt.dueDate = '2019-01-10'), 'debt.dueDate', 'time-barred'],
    ['a due date decades away', (b: any) => (b.debt.dueDate = '2999-01-01'), 'debt.dueDate', 'more than'],
  ])('refuses %s with a 422 naming the field, writing nothing', async (_name, mutate, field, words) => {
    const body = debtPayload({ ref: `v-${field}-${Math.random().toString(36).slice(2, 8)}` });
    mutate(body);
    const r = await h.api('POST', '/api/debts', body);
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('unprocessable');
    expect(r.json.error.message).toContain(field);
    expect(r.json.error.message).toContain(words);
    await nothingWritten(body);
  });

  it('refuses a NUL character in any text with a 422 naming the field (it cannot be stored)', async () => {
    const body = debtPayload({ ref: 'nul1' });
    body.debtor.name = 'a\u0000b';
    const r = await h.api('POST', '/api/debts', body);
    expect(r.status).toBe(422);
    expect(r.json.error.message).toBe('debtor.name: must not contain a NUL character');
    await nothingWritten(body);
  });

  it('accepts a whole yen amount, two decimals of USD and three of KWD', async () => {
    for (const [currency, amount, locale] of [['JPY', 12000, 'ja'], ['USD', 120.5, 'en'], ['KWD', 10.125, 'en']] as const) {
      const body = debtPayload({ locale, amount, phone: locale === 'en' ? '(415) 555-2672' : undefined });
      body.debt.currency = currency;
      const r = await h.api('POST', '/api/debts', body);
      expect(r.status, JSON.stringify(r.json)).toBe(201);
    }
  });

  it('takes the flow\'s locale when the debtor gives none', async () => {
    const body: any = debtPayload({ ref: 'noloc', locale: 'en' });
    delete body.debtor.locale;
    body.flow = 'standard-en';
    body.debtor.phone = '(415) 555-2671';
    const r = await h.api('POST', '/api/debts', body);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const [d] = await h.services.db.select().from(debtors).where(eq(debtors.id, r.json.debtorId));
    expect(d!.locale).toBe('en');
  });

  it('answers a reused debt externalRef with a different debtor or amount 409 listing what differs, without ids', async () => {
    const first = debtPayload({ ref: 'dup1', phone: '090-3333-0001' });
    expect((await h.api('POST', '/api/debts', first)).status).toBe(201);
    const other = debtPayload({ ref: 'dup1', phone: '090-3333-0001', amount: 99999 });
    other.debtor.externalRef = 'C-someone-else';
    const r = await h.api('POST', '/api/debts', other);
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('conflict');
    expect(r.json.error.details.differs).toEqual(['debtor.externalRef', 'debt.amount']);
    expect(r.json.error.message).toContain('debtor.externalRef');
    expect(r.json.error.message).toContain('debt.amount');
    expect(JSON.stringify({ ...r.json, error: { ...r.json.error, requestId: null } })).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(await h.services.db.select().from(debtors).where(eq(debtors.externalRef, 'C-someone-else'))).toHaveLength(0);
  });

  it('explains CSV row errors in words a person understands', async () => {
    const head = 'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date,flow';
    const csv = [
      head,
      'C-x1,A,090-2000-1001,ja,,2026-04-01T00:00:00Z,contract,INV-x1,twelve,JPY,2026-11-30,',
      'C-x2,B,090-2000-1002,ja,,2026-04-01T00:00:00Z,contract,INV-x2,,JPY,2026-11-30,',
      'C-x3,C,090-2000-1003,ja,,2026-04-01T00:00:00Z,contract,INV-x3,5000,JPY,2026-02-30,',
      'C-x4,D,090-2000-1004,ja,,yesterday,contract,INV-x4,5000,JPY,2026-11-30,',
      'C-x5,E,090-2000-1005,ja,,2026-04-01T00:00:00Z,contract,INV-x5,12.5,JPY,2026-11-30,',
      ',F,090-2000-1006,ja,,2026-04-01T00:00:00Z,contract,INV-x6,5000,JPY,2026-11-30,',
    ].join('\n');
    const res = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    const j = await res.json();
    expect(j.summary).toMatchObject({ created: 0, invalid: 6 });
    const byRow = Object.fromEntries(j.rows.map((r: any) => [r.row, `${r.field}: ${r.message}`]));
    expect(byRow[2]).toBe('amount: "twelve" is not a number');
    expect(byRow[3]).toBe('amount: is required');
    expect(byRow[4]).toBe('due_date: 2026-02-30 is not a real date');
    expect(byRow[5]).toMatch(/^consent_obtained_at: .*date and time/);
    expect(byRow[6]).toMatch(/^amount: JPY has no minor unit/);
    expect(byRow[7]).toBe('debtor_external_ref: is required');
    for (const r of j.rows) expect(r.message).not.toMatch(/expected|received|NaN|invalid_/i);
    expect(await h.services.db.select().from(debts).where(eq(debts.externalRef, 'INV-x3'))).toHaveLength(0);
  });
});

/** One 422 with every problem of the request (docs/api.md "Errors"), nothing written. */
describe('debts: every problem at once', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T11:00:00+09:00'), workers: false });
  });
  afterAll(async () => h?.close());

  const HEAD = 'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date,flow';
  const line = (ref: string, o: { phone?: string; amount?: string; due?: string; flow?: string } = {}) =>
    `C-${ref},Yamada,${o.phone ?? '090-5100-0001'},ja,Asia/Tokyo,2026-04-01T00:00:00+09:00,contract,INV-${ref},${o.amount ?? '3000'},JPY,${o.due ?? '2026-11-30'},${o.flow ?? 'standard-ja'}`;
  const upload = (body: BodyInit, query = '?atomic=true') =>
    h.app.request(`/api/debts/import${query}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body });
  const counts = async () => ({
    debts: (await h.services.db.select({ n: count() }).from(debts))[0]!.n,
    debtors: (await h.services.db.select({ n: count() }).from(debtors))[0]!.n,
  });

  it('POST /api/debts lists every bad field in one 422, the first still named in the message', async () => {
    const body: any = debtPayload({ ref: 'many1' });
    body.debt.amount = -5;
    body.debt.dueDate = '2026-02-30';
    body.debtor.phone = '12345';
    delete body.debtor.name;
    const r = await h.api('POST', '/api/debts', body);
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('unprocessable');
    expect(r.json.error.message).toBe('debtor.name: is required (and 3 more problems; see details.issues)');
    expect(r.json.error.details.issues).toEqual([
      { field: 'debtor.name', code: 'required', message: 'is required' },
      { field: 'debt.amount', code: 'invalid_amount', message: 'must be more than 0' },
      { field: 'debt.dueDate', code: 'invalid_date', message: '2026-02-30 is not a real date' },
      { field: 'debtor.phone', code: 'invalid_phone', message: expect.any(String) },
    ]);
    expect(r.json.error.details).toMatchObject({ field: 'debtor.name', issueCount: 4 });
    // The schema passed: what only the flow, the number and the clock can tell, all of it.
    const later: any = debtPayload({ ref: 'many2', phone: '12345', dueDate: '2999-01-01', flow: 'nope' });
    later.debtor.consent.obtainedAt = '2026-12-01T00:00:00Z';
    const r2 = await h.api('POST', '/api/debts', later);
    expect(r2.status).toBe(422);
    expect(r2.json.error.details.issues.map((i: any) => `${i.field} ${i.code}`)).toEqual([
      'flow unknown_flow',
      'debtor.phone invalid_phone',
      'debtor.consent.obtainedAt consent_in_future',
      'debt.dueDate too_far_ahead',
    ]);
    expect(await h.services.db.select().from(debts).where(eq(debts.externalRef, 'INV-many2'))).toHaveLength(0);
  });

  it('?atomic=true: a Shift_JIS file with several bad rows is one 422 listing each by row, and the debts table is unchanged', async () => {
    expect((await h.api('POST', '/api/debts', debtPayload({ ref: 'kept1', phone: '090-5100-0999' }))).status).toBe(201);
    const before = await counts();
    // Excel's CP932 file (its row 5 has a 4-digit phone), then more rows as a real month's file has them.
    const sjis = readFileSync(new URL('../fixtures/import-cp932.csv', import.meta.url));
    const more = [
      line('bad6', { due: '2026-02-30' }),
      line('bad7', { amount: '-3000' }),
      line('bad8', { amount: '0' }),
      'C-sj1,Yamada,090-3100-0001,ja,Asia/Tokyo,2026-04-01T00:00:00+09:00,contract,INV-sj1,"12,000",JPY,2026-11-30,standard-ja',
      line('bad10', { phone: '090-12' }),
      line('bad11', { phone: 'abc', due: '2026-04-31' }),
      line('good12', { phone: '090-5100-0012' }),
      'C-kept1,Yamada,090-5100-0999,ja,Asia/Tokyo,2026-04-01T00:00:00+09:00,contract,INV-kept1,99999,JPY,2026-11-21,standard-ja',
    ].join('\r\n');
    const file = Buffer.concat([sjis, Buffer.from(`${sjis.at(-1) === 0x0a ? '' : '\r\n'}${more}\r\n`)]);
    const res = await upload(file);
    expect(res.status).toBe(422);
    const j = await res.json();
    expect(j.error.code).toBe('unprocessable');
    expect(j.error.details.issueCount).toBe(9);
    expect(j.error.details.issues.map((i: any) => `${i.row} ${i.field} ${i.code}`)).toEqual([
      '5 phone invalid_phone',
      '6 due_date invalid_date',
      '7 amount invalid_amount',
      '8 amount invalid_amount',
      '9 debt_external_ref duplicate',
      '10 phone invalid_phone',
      '11 due_date invalid_date',
      '11 phone invalid_phone',
      '13 debt_external_ref already_loaded_differently',
    ]);
    const byRow = (row: number) => j.error.details.issues.filter((i: any) => i.row === row).map((i: any) => i.message);
    expect(byRow(6)).toEqual(['2026-02-30 is not a real date']);
    expect(byRow(7)).toEqual(['must be more than 0']);
    expect(byRow(9)).toEqual(['INV-sj1 is also on row 2: give each debt once']);
    expect(byRow(13)).toEqual(['already loaded with a different amount; nothing was changed']);
    expect(j.error.message).toMatch(/^the file was not loaded: row 5, phone: .*\(and 8 more problems; see details\.issues\)$/);
    expect(await counts()).toEqual(before);
    expect(await h.services.db.select().from(debts).where(eq(debts.externalRef, 'INV-sj2'))).toHaveLength(0);

    // The same file without its bad rows: loaded whole, names intact, the debt loaded before is `exists`.
    const clean = Buffer.concat([
      sjis.subarray(0, sjis.lastIndexOf(Buffer.from('C-sj4'))),
      Buffer.from(`${line('good12', { phone: '090-5100-0012' })}\r\nC-kept1,Yamada,090-5100-0999,ja,Asia/Tokyo,2026-04-01T00:00:00+09:00,contract,INV-kept1,12000,JPY,2026-11-21,standard-ja\r\n`),
    ]);
    const ok = await upload(clean);
    const k = await ok.json();
    expect(ok.status, JSON.stringify(k)).toBe(200);
    expect(k).toMatchObject({ charset: 'shift_jis', summary: { rows: 5, created: 4, exists: 1, invalid: 0 } });
    expect((await h.services.db.select().from(debtors).where(eq(debtors.externalRef, 'C-sj2')))[0]!.name).toBe('㈱山﨑商店 ～ 経理部');
    expect(await counts()).toEqual({ debts: before.debts + 4, debtors: before.debtors + 4 });
  });

  it('?atomic=true lists the first 1,000 problems of a large file and counts them all', async () => {
    const before = await counts();
    const rows = Array.from({ length: 1200 }, (_, i) => line(`cap${i}`, { amount: i % 2 ? '-1' : 'x', phone: `090-52${String(i).padStart(2, '0')}` }));
    const res = await upload([HEAD, ...rows].join('\n'));
    expect(res.status).toBe(422);
    const j = await res.json();
    expect(j.error.details.issues).toHaveLength(1000);
    expect(j.error.details).toMatchObject({ issueCount: 2400, truncated: true });
    expect(j.error.details.issues[0]).toEqual({ row: 2, field: 'amount', code: 'invalid_amount', message: '"x" is not a number' });
    expect(j.error.details.issues[1]).toMatchObject({ row: 2, field: 'phone', code: 'invalid_phone' });
    expect(j.error.message).toContain('(and 2399 more problems');
    expect(await counts()).toEqual(before);
  });

  it('without atomic the per-row report stays, each bad row listing all of its problems', async () => {
    const res = await upload([HEAD, line('pr2', { amount: '0', due: '2026-02-30', phone: '090-12' }), line('pr3', { phone: '090-5100-0003' })].join('\n'), '');
    expect(res.status).toBe(200);
    const j = await res.json();
    expect(j.summary).toMatchObject({ created: 1, invalid: 1 });
    expect(j.rows[0]).toMatchObject({ row: 2, status: 'invalid', field: 'amount', message: 'must be more than 0' });
    expect(j.rows[0].issues.map((i: any) => `${i.field} ${i.code}`)).toEqual(['amount invalid_amount', 'due_date invalid_date', 'phone invalid_phone']);
  });

  it('without atomic every invalid row carries its issues, also one found only while writing (loaded before with other data)', async () => {
    expect((await upload([HEAD, line('pr4', { phone: '090-5100-0004' })].join('\n'), '')).status).toBe(200);
    const res = await upload([HEAD, line('pr4', { phone: '090-5100-0004', amount: '4000' }), line('pr5', { phone: '090-12' })].join('\n'), '');
    const j = await res.json();
    expect(j.rows).toEqual([
      { row: 2, status: 'invalid', field: 'debt_external_ref', message: 'already loaded with a different amount; nothing was changed', issues: [{ field: 'debt_external_ref', code: 'already_loaded_differently', message: 'already loaded with a different amount; nothing was changed' }] },
      { row: 3, status: 'invalid', field: 'phone', message: expect.any(String), issues: [{ field: 'phone', code: 'invalid_phone', message: expect.any(String) }] },
    ]);
  });

  it('refuses an unknown atomic value', async () => {
    const res = await upload([HEAD, line('av1')].join('\n'), '?atomic=maybe');
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.field).toBe('atomic');
  });
});

/**
 * One locale rule (decision 0188): the same debt through POST /api/debts and through the import,
 * streamed and ?atomic=true, is stored in the same locale and zone, or refused with the same issues.
 */
describe('debts: the same debt through every door', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T11:00:00+09:00'), workers: false });
  });
  afterAll(async () => h?.close());

  type Payload = ReturnType<typeof debtPayload>;
  type Body = Omit<Payload, 'debtor'> & { flow?: string; debtor: Omit<Payload['debtor'], 'locale' | 'timezone'> & { locale?: string; timezone?: string } };
  /** The body as one CSV row (empty cells for what it leaves out). */
  const csvLine = (b: Body) => {
    const v: Record<string, unknown> = {
      debtor_external_ref: b.debtor.externalRef, name: b.debtor.name, phone: b.debtor.phone, locale: b.debtor.locale, timezone: b.debtor.timezone,
      consent_obtained_at: b.debtor.consent.obtainedAt, consent_source: b.debtor.consent.source,
      debt_external_ref: b.debt.externalRef, amount: b.debt.amount, currency: b.debt.currency, due_date: b.debt.dueDate, flow: b.flow,
    };
    return IMPORT_COLUMNS.map((c) => String(v[c] ?? '')).join(',');
  };
  const importCsv = async (lines: string[], query: string) => {
    const res = await h.app.request(`/api/debts/import${query}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: [IMPORT_COLUMNS.join(','), ...lines].join('\n') });
    return { status: res.status, json: (await res.json()) as any };
  };
  const doors = ['api', 'import', 'atomic'] as const;
  /** A debt with no timezone (the zone follows the locale and the number), changed by `o`; one per door. */
  const body = (ref: string, door: string, o: { locale?: 'ja' | 'en'; flow?: string; phone?: string; amount?: number; currency?: string }): Body => {
    const b: Body = debtPayload({ ref: `${ref}-${door}`, phone: o.phone, amount: o.amount, flow: o.flow });
    if (o.locale) b.debtor.locale = o.locale;
    else delete b.debtor.locale;
    delete b.debtor.timezone;
    if (o.currency) b.debt.currency = o.currency;
    return b;
  };

  it.each([
    ['no locale, flow standard-en, a US number', { flow: 'standard-en', phone: '(415) 555-2671', currency: 'USD', amount: 50 }, { locale: 'en', timezone: 'America/Los_Angeles' }],
    ['no locale, no flow, a Japanese number', { phone: '090-5300-0002' }, { locale: 'ja', timezone: 'Asia/Tokyo' }],
    ['locale en, no flow (standard-en), a New York number', { locale: 'en' as const, phone: '(212) 555-2703', currency: 'USD', amount: 50 }, { locale: 'en', timezone: 'America/New_York' }],
  ])('%s: stored in the same locale and zone', async (_name, o, want) => {
    const ref = `door-ok-${_name.length}`;
    const api = body(ref, 'api', o);
    const r = await h.api('POST', '/api/debts', api);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const streamed = await importCsv([csvLine(body(ref, 'import', o))], '');
    expect(streamed.json.summary, JSON.stringify(streamed.json)).toEqual({ rows: 1, created: 1, exists: 0, invalid: 0 });
    const atomic = await importCsv([csvLine(body(ref, 'atomic', o))], '?atomic=true');
    expect(atomic.json.summary, JSON.stringify(atomic.json)).toEqual({ rows: 1, created: 1, exists: 0, invalid: 0 });
    for (const door of doors) {
      const [d] = await h.services.db.select().from(debtors).where(eq(debtors.externalRef, `C-${ref}-${door}`));
      expect({ door, locale: d!.locale, timezone: d!.timezone }).toEqual({ door, ...want });
    }
  });

  it.each([
    // The schema trims the flow; the number is read in its language however the key was spaced.
    ['no locale, flow " standard-en ", a Japanese number, a bad amount', { flow: ' standard-en ', phone: '090-5300-0004', amount: -5 }, ['amount invalid_amount', 'phone invalid_phone']],
    // A flow that does not exist has no language: the number is not read in one guessed from the key.
    ['no locale, an unknown flow, a Japanese number', { flow: 'nope-en', phone: '090-5300-0005' }, ['flow unknown_flow']],
    ['no locale, an unknown flow, a Japanese number, a bad amount', { flow: 'nope-en', phone: '090-5300-0006', amount: -5 }, ['amount invalid_amount']],
    ['locale en on the Japanese flow, a Japanese number', { locale: 'en' as const, flow: 'standard-ja', phone: '090-5300-0007' }, ['flow wrong_locale', 'phone invalid_phone']],
  ])('%s: refused with the same issues', async (_name, o, want) => {
    const ref = `door-bad-${_name.length}`;
    const r = await h.api('POST', '/api/debts', body(ref, 'api', o));
    expect(r.status).toBe(422);
    const viaApi = r.json.error.details.issues.map((i: any) => `${FIELD_TO_COLUMN[i.field] ?? i.field} ${i.code}`);
    const streamed = await importCsv([csvLine(body(ref, 'import', o))], '');
    expect(streamed.json.rows[0]).toMatchObject({ row: 2, status: 'invalid' });
    const viaImport = streamed.json.rows[0].issues.map((i: any) => `${i.field} ${i.code}`);
    const atomic = await importCsv([csvLine(body(ref, 'atomic', o))], '?atomic=true');
    expect(atomic.status).toBe(422);
    const viaAtomic = atomic.json.error.details.issues.map((i: any) => `${i.field} ${i.code}`);
    expect({ viaApi, viaImport, viaAtomic }).toEqual({ viaApi: want, viaImport: want, viaAtomic: want });
    for (const door of doors) expect(await h.services.db.select().from(debts).where(eq(debts.externalRef, `INV-${ref}-${door}`))).toHaveLength(0);
  });
});

describe('debts: a US debtor with no timezone', () => {
  let h: Harness;
  beforeAll(async () => {
    // 21:30 in New York (quiet), 18:30 in Los Angeles.
    h = await startHarness({ clock: new ManualClock('2026-11-21T02:30:00Z') });
  });
  afterAll(async () => h?.close());

  it("takes the phone's area-code zone: a California number gets its first SMS at 18:30 Pacific, not held overnight as if in New York", async () => {
    const body: any = debtPayload({ ref: 'ca1', phone: '(415) 555-2701', locale: 'en', dueDate: '2026-11-19', amount: 50 });
    delete body.debtor.timezone;
    const r = await h.api('POST', '/api/debts', body);
    expect(r.status).toBe(201);
    const [d] = await h.services.db.select().from(debtors).where(eq(debtors.id, r.json.debtorId));
    expect(d!.timezone).toBe('America/Los_Angeles');
    await h.waitFor(async () => h.fake!.received.find((m) => m.sid && m.to === '+14155552701'));
  });

  it('a New York number stays in New York', async () => {
    const body: any = debtPayload({ ref: 'ny1', phone: '(212) 555-2702', locale: 'en', amount: 50 });
    delete body.debtor.timezone;
    const r = await h.api('POST', '/api/debts', body);
    const [d] = await h.services.db.select().from(debtors).where(eq(debtors.id, r.json.debtorId));
    expect(d!.timezone).toBe('America/New_York');
  });
});
