import { readFileSync } from 'node:fs';
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, conversations, debtors, debts, timers } from '../../db/schema';
import { importDebts, type ImportRowReport } from '../../src/dunning/import';
import { streamedImport } from '../../src/dunning/import-answer';
import { startWorkers } from '../../src/workers/workers';
import { ADMIN_TOKEN, startHarness, type Harness } from '../support/harness';

const HEADER = 'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date,flow';
const row = (ref: string, o: { debtor?: string; phone?: string; amount?: string; due?: string; name?: string } = {}) =>
  `${o.debtor ?? `C-${ref}`},${o.name ?? '山田 太郎'},${o.phone ?? '090-4000-0001'},ja,Asia/Tokyo,2026-04-01T00:00:00Z,contract,${ref},${o.amount ?? '12000'},JPY,${o.due ?? '2026-11-30'},standard-ja`;
const bytes = async function* (...parts: Array<Uint8Array | string>) {
  for (const p of parts) yield typeof p === 'string' ? new TextEncoder().encode(p) : p;
};
const post = (h: Harness, body: BodyInit, query = '', type = 'text/csv') =>
  h.app.request(`/api/debts/import${query}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type }, body });

describe('batched CSV import', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false });
  });
  afterAll(async () => h?.close());

  it('starts a conversation in bulk with the same rows as the one-debt path', async () => {
    // One debt through POST /api/debts (startConversation), one through the import (bulk), same data.
    const one = await h.api('POST', '/api/debts', {
      debtor: { externalRef: 'C-eq1', name: '山田 太郎', phone: '090-4100-0001', locale: 'ja', timezone: 'Asia/Tokyo', consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'contract' } },
      debt: { externalRef: 'INV-eq1', amount: 12000, currency: 'JPY', dueDate: '2026-11-18' },
      flow: 'standard-ja',
    });
    expect(one.status).toBe(201);
    const r = await post(h, [HEADER, row('INV-eq2', { debtor: 'C-eq2', phone: '090-4100-0002', due: '2026-11-18' })].join('\n'));
    expect(r.status).toBe(200);
    const two = (await r.json()).rows[0];
    expect(two.status).toBe('created');
    const read = async (conversationId: string) => {
      const [c] = await h.services.db.select().from(conversations).where(eq(conversations.id, conversationId));
      const t = await h.services.db.select().from(timers).where(eq(timers.conversationId, conversationId));
      const a = await h.services.db.select().from(auditEvents).where(eq(auditEvents.conversationId, conversationId)).orderBy(asc(auditEvents.id));
      const snapshot = c!.snapshot as { context: Record<string, unknown> };
      return {
        conv: { flowKey: c!.flowKey, flowVersion: c!.flowVersion, state: c!.state, status: c!.status, rowVersion: c!.rowVersion, campaignId: c!.campaignId },
        // The A/B variant comes from the debt id; everything else in the snapshot must match.
        snapshot: { ...snapshot, context: { ...snapshot.context, variant: 'id-derived' } },
        timers: t.map((x) => ({ name: x.name, event: x.event, dueAt: x.dueAt.toISOString(), status: x.status })),
        audit: a.map((x) => ({ actor: x.actor, type: x.type, data: x.data })),
      };
    };
    const single = await read(one.json.conversationId);
    const bulk = await read(two.conversationId);
    expect(bulk).toEqual(single);
    expect(single.timers).toHaveLength(1);
    expect(single.audit.map((a) => a.type)).toEqual(['conversation.started']);
  });

  it('keeps row-by-row outcomes across batches: repeats, changed data and bad rows beside good ones', async () => {
    const csv = [
      HEADER,
      row('INV-b1', { phone: '090-4200-0001' }),
      row('INV-b2', { phone: '123' }),
      row('INV-b1', { phone: '090-4200-0001' }),
      row('INV-b1', { phone: '090-4200-0001', amount: '99' }),
      row('INV-b3', { debtor: 'C-INV-b1', phone: '090-4200-0001', name: '山田 花子' }),
      'C-x,short',
      row('INV-b4', { phone: '090-4200-0004', due: '2026-02-30' }),
      row('INV-b5', { phone: '090-4200-0005' }),
    ].join('\r\n');
    const r = await importDebts(h.services, bytes(csv), { batchSize: 2 });
    if (!r.ok) throw new Error(r.error);
    expect(r.rows.map((x) => [x.row, x.status, x.status === 'invalid' ? x.field : ''])).toEqual([
      [2, 'created', ''],
      [3, 'invalid', 'phone'],
      [4, 'exists', ''],
      [5, 'invalid', 'debt_external_ref'],
      [6, 'created', ''],
      [7, 'invalid', '(row)'],
      [8, 'invalid', 'due_date'],
      [9, 'created', ''],
    ]);
    expect(r.summary).toEqual({ rows: 8, created: 3, exists: 1, invalid: 4 });
    // The debtor of INV-b1 and INV-b3 is one row, with the later row's name; nothing of the bad rows was written.
    const ds = await h.services.db.select().from(debtors).where(eq(debtors.externalRef, 'C-INV-b1'));
    expect(ds.map((d) => d.name)).toEqual(['山田 花子']);
    const loaded = await h.services.db.select({ ref: debts.externalRef, amount: debts.amount }).from(debts).where(inArray(debts.externalRef, ['INV-b1', 'INV-b2', 'INV-b3', 'INV-b4', 'INV-b5']));
    expect(loaded.sort((a, b) => a.ref.localeCompare(b.ref))).toEqual([
      { ref: 'INV-b1', amount: 12000 },
      { ref: 'INV-b3', amount: 12000 },
      { ref: 'INV-b5', amount: 12000 },
    ]);
    // Every created debt has its conversation and its first reminder armed.
    const convs = await h.services.db.select({ id: conversations.id }).from(conversations).innerJoin(debts, eq(debts.id, conversations.debtId)).where(inArray(debts.externalRef, ['INV-b1', 'INV-b3', 'INV-b5']));
    expect(convs).toHaveLength(3);
    const armed = await h.services.db.select().from(timers).where(inArray(timers.conversationId, convs.map((c) => c.id)));
    expect(armed.map((t) => t.name)).toEqual(['reminder', 'reminder', 'reminder']);
  });

  it('reads a CP932 file from Excel with its names intact, detected or named, and refuses it read as UTF-8', async () => {
    const file = readFileSync(new URL('../fixtures/import-cp932.csv', import.meta.url));
    const asUtf8 = await post(h, file, '?charset=utf-8');
    expect(asUtf8.status).toBe(422);
    expect((await asUtf8.json()).error.message).toMatch(/not valid UTF-8.*charset=shift_jis/);
    expect(await h.services.db.select().from(debtors).where(eq(debtors.externalRef, 'C-sj1'))).toHaveLength(0);

    const detected = await post(h, file);
    expect(detected.status).toBe(200);
    const j = await detected.json();
    expect(j.charset).toBe('shift_jis');
    expect(j.summary).toEqual({ rows: 4, created: 3, exists: 0, invalid: 1 });
    expect(j.rows[3]).toMatchObject({ row: 5, status: 'invalid', field: 'phone' });
    const names = await h.services.db.select({ ref: debtors.externalRef, name: debtors.name, source: debtors.consentSource }).from(debtors).where(inArray(debtors.externalRef, ['C-sj1', 'C-sj2', 'C-sj3']));
    expect(names.sort((a, b) => a.ref.localeCompare(b.ref))).toEqual([
      { ref: 'C-sj1', name: '髙橋 一郎', source: '契約書' },
      { ref: 'C-sj2', name: '㈱山﨑商店 ～ 経理部', source: 'ウェブ申込' },
      { ref: 'C-sj3', name: '渡邊 ①号室', source: '契約書' },
    ]);

    // Named (as Windows calls it) in the content type: the same rows, already loaded.
    const named = await post(h, file, '', 'text/csv; charset=cp932');
    expect((await named.json()).summary).toEqual({ rows: 4, created: 0, exists: 3, invalid: 1 });
    const unknown = await post(h, file, '?charset=latin-9');
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.details.field).toBe('charset');
  });

  it('reads the body as it streams, a character split between chunks', async () => {
    const csv = new TextEncoder().encode([HEADER, row('INV-s1', { phone: '090-4300-0001', name: '"髙橋, 一郎"' })].join('\r\n'));
    // Cut inside a multi-byte character and between CR and LF.
    const cut = csv.indexOf(0xe9) + 1;
    const crlf = csv.indexOf(13) + 1;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(csv.slice(0, crlf));
        c.enqueue(csv.slice(crlf, cut));
        c.enqueue(csv.slice(cut));
        c.close();
      },
    });
    const r = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body, duplex: 'half' } as RequestInit);
    expect(r.status).toBe(200);
    expect((await r.json()).summary.created).toBe(1);
    const [d] = await h.services.db.select({ name: debtors.name }).from(debtors).where(eq(debtors.externalRef, 'C-INV-s1'));
    expect(d!.name).toBe('髙橋, 一郎');
  });

  it('takes a campaign upload in the same charsets, and larger than the default body limit', async () => {
    const upload = (body: BodyInit, query = '') =>
      h.app.request(`/api/campaigns?name=M&flow=standard-ja&startAt=${encodeURIComponent('2026-11-21T10:00:00+09:00')}${query}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body });
    const sjis = await upload(readFileSync(new URL('../fixtures/import-cp932.csv', import.meta.url)));
    expect(sjis.status).toBe(201);
    expect((await sjis.json()).preview).toMatchObject({ rows: 4, valid: 3, invalid: 1 });
    expect((await upload(readFileSync(new URL('../fixtures/import-cp932.csv', import.meta.url)), '&charset=utf-8')).status).toBe(422);
    // 2,500 rows ≈ 330 KB: over the 256 KB every other route takes.
    const big = [HEADER, ...Array.from({ length: 2500 }, (_, i) => row(`INV-big${i}`, { debtor: `C-big${i}`, phone: `090${String(50_000_000 + i)}` }))].join('\n');
    expect(big.length).toBeGreaterThan(256 * 1024);
    const r = await upload(big);
    expect(r.status).toBe(201);
    expect((await r.json()).preview).toMatchObject({ rows: 2500, valid: 2500 });
  });
});

describe('batched CSV import, first reminders', () => {
  let h: Harness;
  beforeAll(async () => {
    // No workers while the import runs, and never a sweep: only what the import queued can wake a timer.
    h = await startHarness({ workers: false });
  });
  afterAll(async () => h?.close());

  it('has every first reminder queued when it answers, also while batches are written and relayed one behind the other', async () => {
    const phones = ['090-4300-0001', '090-4300-0002', '090-4300-0003', '090-4300-0004', '090-4300-0005'];
    // Due the day before the clock's day: the first reminder is due at once.
    const csv = [HEADER, ...phones.map((phone, i) => row(`INV-q${i}`, { debtor: `C-q${i}`, phone, due: '2026-11-19' }))].join('\n');
    const r = await importDebts(h.services, bytes(csv), { batchSize: 2 });
    if (!r.ok) throw new Error(r.error);
    expect(r.summary).toEqual({ rows: 5, created: 5, exists: 0, invalid: 0 });
    const workers = startWorkers(h.services, { sweep: false, concurrency: 2 });
    try {
      const sent = await h.waitFor(async () => {
        const to = new Set(h.fake!.received.filter((x) => x.sid).map((x) => x.to));
        return phones.every((p) => to.has(`+81${p.slice(1).replace(/-/g, '')}`)) && to;
      }, 20_000);
      expect(sent.size).toBe(5);
    } finally {
      workers.stop();
    }
  });
});

describe('the import answer, streamed (issue #12)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false });
  });
  afterAll(async () => h?.close());

  it('hands each batch over as it commits and keeps none itself', async () => {
    const csv = [HEADER, row('INV-s1', { debtor: 'C-s1', phone: '090-4500-0001' }), row('INV-s2', { debtor: 'C-s2', phone: 'bad' }), row('INV-s3', { debtor: 'C-s3', phone: '090-4500-0003' })].join('\n');
    const batches: ImportRowReport[][] = [];
    const r = await importDebts(h.services, bytes(csv), { batchSize: 2, onRows: (b) => batches.push(b) });
    if (!r.ok) throw new Error(r.error);
    expect(r.rows).toEqual([]);
    expect(r.summary).toEqual({ rows: 3, created: 2, exists: 0, invalid: 1 });
    expect(batches.map((b) => b.map((x) => [x.row, x.status]))).toEqual([[[2, 'created'], [3, 'invalid']], [[4, 'created']]]);
  });

  it('sends the first batch before the file has all arrived, then the rest, the summary and why it stopped', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = [HEADER, row('INV-t1', { debtor: 'C-t1', phone: '090-4600-0001' }), row('INV-t2', { debtor: 'C-t2', phone: '090-4600-0002' }), ''].join('\n');
    // The rest: one good row, one bad, then a quote that never closes (the file stops there).
    const rest = [row('INV-t3', { debtor: 'C-t3', phone: '090-4600-0003' }), row('INV-t4', { debtor: 'C-t4', amount: 'twelve' }), 'C-t5,"unterminated'].join('\n');
    const source = (async function* () {
      yield new TextEncoder().encode(first);
      await gate;
      yield new TextEncoder().encode(rest);
    })();
    // The charset named: undetected, the first 64 KiB would be held back to sniff it.
    const r = await streamedImport(h.services, source, { batchSize: 2, charset: 'utf-8' });
    if (!r.ok || !('stream' in r)) throw new Error(`expected a streamed answer: ${JSON.stringify(r)}`);
    const reader = r.stream.getReader();
    const head = new TextDecoder().decode((await reader.read()).value);
    // Rows 2 and 3 are reported while the rest of the file is still held back.
    expect(head.startsWith('{"rows":[')).toBe(true);
    expect(head).toContain('"row":2');
    expect(head).toContain('"row":3');
    release();
    let text = head;
    for (let c = await reader.read(); !c.done; c = await reader.read()) text += new TextDecoder().decode(c.value);
    const j = JSON.parse(text);
    expect(j.rows.map((x: ImportRowReport) => [x.row, x.status])).toEqual([[2, 'created'], [3, 'created'], [4, 'created'], [5, 'invalid']]);
    expect(j.rows[3]).toMatchObject({ field: 'amount' });
    expect(j.summary).toEqual({ rows: 4, created: 3, exists: 0, invalid: 1 });
    expect(j.charset).toBe('utf-8');
    expect(j.stopped).toMatch(/unterminated quoted field starting on line 6/);
  });

  it('answers whole when nothing was written: a refused file, a header alone', async () => {
    const refused = await streamedImport(h.services, bytes('name,phone\nx,y'), { batchSize: 2 });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/missing column/) });
    const empty = await streamedImport(h.services, bytes(HEADER + '\n'), { batchSize: 2 });
    if (!empty.ok || !('whole' in empty)) throw new Error('expected a whole answer');
    expect(JSON.parse(empty.whole)).toEqual({ rows: [], summary: { rows: 0, created: 0, exists: 0, invalid: 0 }, charset: 'utf-8' });
  });

  it('streams over HTTP past one batch, as JSON with every row in file order', async () => {
    // 1,000 rows a transaction on Postgres: 2,300 rows are three batches.
    const n = 2300;
    const csv = [HEADER, ...Array.from({ length: n }, (_, i) => row(`INV-u${i}`, { debtor: `C-u${i}`, phone: i % 500 === 7 ? 'nope' : `090-${5000 + i}-0047` }))].join('\n');
    const r = await post(h, csv);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const j = await r.json();
    expect(j.rows.map((x: ImportRowReport) => x.row)).toEqual(Array.from({ length: n }, (_, i) => i + 2));
    expect(j.summary).toEqual({ rows: n, created: n - 5, exists: 0, invalid: 5 });
    expect(j.rows.filter((x: ImportRowReport) => x.status === 'invalid').map((x: ImportRowReport) => x.row)).toEqual([9, 509, 1009, 1509, 2009]);
  });
});
