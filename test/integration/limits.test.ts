import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debts } from '../../db/schema';
import { openPglite } from '../../src/db/client';
import { signPaymentWebhook } from '../../src/dunning/payment-signature';
import { bodyLimitFor } from '../../src/http/limits';
import { debtPayload, startHarness, type Harness } from '../support/harness';
import { asPerson, signUp, type Person } from '../support/people';

const SECRET = 'limits-webhook-secret-0123456789';

/** Sends headers (and optionally part of a body) over a real socket; resolves with the status. */
function rawPost(port: number, path: string, headers: Record<string, string | number>, body?: { chunks: number; size: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(e)));
    if (body) {
      const chunk = Buffer.alloc(body.size, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < body.chunks) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    }
    // With a Content-Length and no body sent, only an answer from the headers alone can arrive.
    else req.flushHeaders();
  });
}

describe('limits: body size, NUL bytes, cursors, alias bombs, long imports', () => {
  let h: Harness;
  let admin: Person;
  let server: ReturnType<typeof serve>;
  let port: number;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false, env: { PAYMENT_WEBHOOK_SECRET: SECRET } });
    admin = await signUp(h, 'admin');
    await new Promise<void>((resolve) => {
      server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        port = info.port;
        resolve();
      });
    });
  });
  afterAll(async () => {
    server?.close();
    await h?.close();
  });

  it('refuses a 50 MB webhook from its Content-Length alone, before reading a byte', async () => {
    expect(bodyLimitFor('/webhooks/payments')).toBe(64 * 1024);
    expect(bodyLimitFor('/login')).toBe(64 * 1024);
    expect(bodyLimitFor('/api/debts/import')).toBeGreaterThan(10 * 1024 * 1024);
    // The body is never sent: the answer can only come from the headers.
    expect(await rawPost(port, '/webhooks/payments', { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 })).toBe(413);
    expect(await rawPost(port, '/login', { 'content-type': 'application/json', 'content-length': 65 * 1024 })).toBe(413);
    expect(await rawPost(port, '/webhooks/twilio/inbound', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': 65 * 1024 })).toBe(413);
  });

  it('cuts a chunked body with no Content-Length at the limit', async () => {
    expect(await rawPost(port, '/webhooks/payments', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, { chunks: 100, size: 1024 })).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 300; i++) c.enqueue(new Uint8Array(1024).fill(97));
        c.close();
      },
    });
    const r = await h.app.request('/api/users', { method: 'POST', headers: { authorization: `Bearer ${'test-admin-token-0123456789'}`, 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(r.status).toBe(413);
    expect(((await r.json()) as any).error.code).toBe('too_large');
  });

  it('answers a NUL byte in any string with 422, never 500, and writes nothing', async () => {
    const nul = 'a\u0000b';
    const login = await h.app.request('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `x${nul}@example.test`, password: nul }) });
    expect(login.status).toBe(422);
    const before = (await h.services.db.select({ n: count() }).from(debts))[0]!.n;
    const p = debtPayload({ ref: 'nul' });
    const debt = await h.api('POST', '/api/debts', { ...p, debtor: { ...p.debtor, name: `山田${nul}` } });
    expect(debt.status).toBe(422);
    expect(debt.json.error.details.field).toBe('debtor.name');
    expect((await h.services.db.select({ n: count() }).from(debts))[0]!.n).toBe(before);
    expect((await h.api('POST', '/api/users', { email: 'n@example.test', name: nul, role: 'collector', password: 'a long passphrase here' })).status).toBe(422);
    expect((await asPerson(h, admin, 'POST', '/simulator/reply', { phone: '+819012345678', body: nul })).status).toBe(422);
    const raw = JSON.stringify({ debtExternalRef: `INV${nul}`, amount: 100, currency: 'JPY', paidAt: '2026-11-20T00:00:00Z', reference: 'r1' });
    const pay = await h.app.request('/webhooks/payments', { method: 'POST', headers: { 'content-type': 'application/json', 'x-saisoku-signature': await signPaymentWebhook(SECRET, raw, h.clock.now()) }, body: raw });
    expect(pay.status).toBe(422);
    expect((await h.app.request('/p/abc%00def')).status).toBe(422);
    expect((await h.api('GET', '/api/conversations?heldBy=%00')).status).toBe(422);
    const csv = await h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'text/csv' }, body: 'a,b\n\u0000,1\n' });
    expect(csv.status).toBe(422);
  });

  it('answers a malformed pagination cursor with 422', async () => {
    const enc = (v: unknown) => btoa(JSON.stringify(v)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    for (const cursor of [
      'garbage',
      enc(['2026-11-20 01:00:00+00', '------------------------------------']),
      enc(['2026-02-30 01:00:00+00', '0f0f0f0f-0000-4000-8000-000000000000']),
      enc(['99999-01-01', '0f0f0f0f-0000-4000-8000-000000000000']),
      enc(['not a time at all', '0f0f0f0f-0000-4000-8000-000000000000']),
      enc({ a: 1 }),
      '%E0%A4%A',
    ]) {
      const r = await h.api('GET', `/api/conversations?cursor=${cursor}`);
      expect(r.status, cursor).toBe(422);
      expect(r.json.error.code).toBe('unprocessable');
    }
  });

  it('answers a YAML alias bomb to /api/flows/validate with 422, quickly and in one piece', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    const r = await h.api('POST', '/api/flows/validate', { source: bomb });
    expect(r.status).toBe(422);
    expect(r.json.error.message).toMatch(/alias/);
    // An ordinary flow with a few aliases still validates.
    expect((await h.api('POST', '/api/flows/validate', { source: 'key: x\nv: &v 1\nw: *v\n' })).status).toBe(200);
  });
});

describe('a long CSV import on the embedded default', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false, database: await openPglite() });
  });
  afterAll(async () => h?.close());

  it('lets /healthz answer while it runs', async () => {
    const header = 'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date';
    // Long enough to still be running after its first batch (50 rows a transaction on PGlite).
    const rows = Array.from({ length: 1500 }, (_, i) => `C-imp${i},山田 太郎,090${String(20000000 + i)},ja,Asia/Tokyo,2026-04-01T00:00:00Z,contract,INV-imp${i},12000,JPY,2026-11-21`);
    let importDone = false;
    const imp = Promise.resolve(
      h.app.request('/api/debts/import', { method: 'POST', headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'text/csv' }, body: [header, ...rows].join('\n') }),
    ).then(async (r) => {
        // The answer streams from the first batch on (issue #12): the import is done when its body ends.
        const json = (await r.json()) as any;
        importDone = true;
        return { status: r.status, json };
      });
    // Wait until the import has written its first rows, then ask for health.
    await h.waitFor(async () => ((await h.services.db.select({ n: count() }).from(debts))[0]!.n > 0 ? true : null), 30_000);
    const health = await h.app.request('/healthz');
    expect(health.status, await health.clone().text()).toBe(200);
    expect(importDone).toBe(false);
    const done = await imp;
    expect(done.status).toBe(200);
    expect(done.json.summary.created).toBe(1500);
    expect(done.json.rows).toHaveLength(1500);
  });
});
