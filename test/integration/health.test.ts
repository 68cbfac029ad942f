import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { messages } from '../../db/schema';
import { ADMIN_TOKEN, startHarness } from '../support/harness';

describe('health and errors', () => {
  it('answers 200 while the database and queue answer, 503 once the database is gone', async () => {
    const h = await startHarness({ provider: 'simulator' });
    try {
      const ok = await h.app.request('/healthz');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: 'ok', database: 'ok', queue: 'ok' });
      const missing = await h.api('GET', `/api/conversations/${crypto.randomUUID()}`);
      expect(missing.status).toBe(404);
      expect(missing.json.error).toMatchObject({ code: 'not_found' });
      expect(missing.json.error.requestId).toBeTruthy();
      const nowhere = await h.app.request('/nope');
      expect(nowhere.status).toBe(404);
      await h.services.database.close();
      const down = await h.app.request('/healthz');
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable', database: 'down' });
    } finally {
      h.services.database.close = async () => {};
      await h.close().catch(() => {});
    }
  });
});

describe('debtor simulator', () => {
  it('speaks for a number only for signed-in people or a bearer token', async () => {
    const h = await startHarness({ provider: 'simulator' });
    try {
      const body = JSON.stringify({ phone: '+819012345678', body: 'STOP' });
      const anon = await h.app.request('/simulator/reply', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(anon.status).toBe(401);
      const page = await h.app.request('/simulator');
      expect(page.status).toBe(303);
      expect(await h.services.db.select().from(messages)).toHaveLength(0);
      const ok = await h.app.request('/simulator/reply', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body });
      expect(ok.status).toBe(202);
      expect(await h.services.db.select().from(messages)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe('logs (invariant 8)', () => {
  it('redacts message bodies, names and phone numbers', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
    const log = createLogger('info', sink);
    log.info({ body: '払いました', name: '山田 太郎', phone: '+819012345678', msg: { body: 'x', phone: '+1' }, conversationId: 'c1' }, 'inbound');
    const out = lines.join('');
    expect(out).not.toContain('払いました');
    expect(out).not.toContain('山田');
    expect(out).not.toContain('+819012345678');
    expect(out).toContain('c1');
  });

  it('keeps query parameters and row details of a failed query out of logged errors', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
    const log = createLogger('info', sink);
    // What drizzle throws when a statement fails: its message, stack and `params` carry the values.
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "debtors_phone"'), { code: '23505', detail: 'Key (phone)=(+819012345679) already exists.' });
    const err = new DrizzleQueryError('insert into "messages" ("phone", "body") values ($1, $2)', ['+819012345678', '払いました\n山田 太郎'], cause);
    log.warn({ err }, 'job failed');
    const out = lines.join('');
    expect(out).not.toContain('+819012345678');
    expect(out).not.toContain('+819012345679');
    expect(out).not.toContain('払いました');
    expect(out).not.toContain('山田');
    // What an operator needs stays: the statement and the database's own error.
    expect(out).toContain('insert into');
    expect(out).toContain('debtors_phone');
  });
});
