import { readdirSync } from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, flows, outbox, suppressions, timers, users } from '../../db/schema';
import { createScryptHasher } from '../../src/auth/password-node';
import type { Database } from '../../src/db/client';
import { FAKE_TWILIO_DOMESTIC, startFakeTwilio, type FakeTwilio } from '../support/fake-twilio';
import { freshMigratedDatabase, startWranglerDev, type WorkerRun } from './wrangler-dev';

/**
 * The Worker in workerd (wrangler dev): HTTP app, JOBS queue consumer and cron sweep, over local
 * Hyperdrive to the real Postgres, sending through a fake Twilio on loopback with real signatures.
 * The clock is the real one, so each debtor lives in a zone where it is about noon now: the
 * quiet-hours gate lets the sends through whenever this runs.
 */
const ADMIN_TOKEN = 'workers-admin-token-0123456789';
const PUBLIC_BASE_URL = 'https://saisoku.test';
const TWILIO_FROM = '+15005550006';

/** An IANA zone where the local time is between 11:00 and 13:00 now (Etc/GMT-N is UTC+N). */
function noonZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours(); // -11 … +12
  if (offset === 0) return 'Etc/UTC';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

function localDate(tz: string, plusDays: number): string {
  const d = new Date(Date.now() + plusDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

describe('saisoku on Workers (workerd, local queues, local Hyperdrive → Postgres)', () => {
  let db: Database & { url: string };
  let fake: FakeTwilio;
  let worker: WorkerRun;
  const tz = noonZone();

  beforeAll(async () => {
    db = await freshMigratedDatabase();
    fake = await startFakeTwilio();
    worker = await startWranglerDev({
      databaseUrl: db.url,
      vars: {
        ADMIN_API_TOKEN: ADMIN_TOKEN,
        PUBLIC_BASE_URL,
        TWILIO_ACCOUNT_SID: fake.accountSid,
        TWILIO_AUTH_TOKEN: fake.authToken,
        TWILIO_FROM,
        TWILIO_API_BASE_URL: fake.baseUrl,
        ...FAKE_TWILIO_DOMESTIC,
        PAYMENT_WEBHOOK_SECRET: 'workers-payment-secret-0123',
      },
    });
  });
  afterAll(async () => {
    if (process.env.WORKER_OUTPUT_FILE) (await import("node:fs")).writeFileSync(process.env.WORKER_OUTPUT_FILE, worker.output());
    await worker?.close();
    await fake?.close();
    await db?.close();
  });

  async function waitFor<T>(fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v as T;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n--- worker output ---\n${worker.output().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` }) {
    const res = await fetch(`${worker.url}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* HTML */
    }
    return { status: res.status, json, headers: res.headers };
  }

  function twilioPost(path: string, params: Record<string, string>) {
    const signature = twilio.getExpectedTwilioSignature(fake.authToken, `${PUBLIC_BASE_URL}${path}`, params);
    return fetch(`${worker.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
  }

  let sidSeq = 0;
  const inbound = (from: string, body: string) => {
    const sid = `SM${String(++sidSeq).padStart(32, '0')}`;
    return twilioPost('/webhooks/twilio/inbound', { MessageSid: sid, SmsSid: sid, AccountSid: fake.accountSid, From: from, To: TWILIO_FROM, Body: body, NumMedia: '0' });
  };
  const sentTo = (e164: string) => fake.received.filter((r) => r.sid && r.to === e164);

  async function loadDebt(ref: string, phone: string) {
    const r = await api('POST', '/api/debts', {
      debtor: { externalRef: `C-${ref}`, name: '山田 太郎', phone, locale: 'ja', timezone: tz, consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'contract' } },
      debt: { externalRef: `INV-${ref}`, amount: 12000, currency: 'JPY', dueDate: localDate(tz, 1) },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    return r.json.conversationId as string;
  }

  it('seeds every shipped flow into Postgres', async () => {
    const shipped = readdirSync(new URL('../../flows', import.meta.url)).filter((f) => f.endsWith('.yaml')).length;
    const rows = await db.db.select({ key: flows.key }).from(flows);
    expect(new Set(rows.map((r) => r.key)).size).toBe(shipped);
  });

  let conversationId: string;
  it('a debt loaded through the API → the first reminder reaches Twilio, signed for our status callback', async () => {
    conversationId = await loadDebt('w1', '090-1234-5678');
    const first = await waitFor(() => sentTo('+819012345678')[0], 'the first reminder');
    expect(first.from).toBe(TWILIO_FROM);
    expect(first.body).toMatch(/^【サンプル債権】/);
    expect(first.body).toContain('12,000円');
    expect(first.body).toMatch(/https:\/\/saisoku\.test\/p\/[A-Za-z0-9]{22}/);
    expect(first.statusCallback).toBe('https://saisoku.test/webhooks/twilio/status');

    // The payment link in the reminder is served by the Worker too.
    const link = new URL(/https:\/\/saisoku\.test\/p\/[A-Za-z0-9]{22}/.exec(first.body!)![0]);
    const page = await fetch(`${worker.url}${link.pathname}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('12,000');
  });

  it('a signed reply → the bot answers; an unsigned one is refused', async () => {
    const forged = await fetch(`${worker.url}/webhooks/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' },
      body: new URLSearchParams({ MessageSid: 'SM' + 'f'.repeat(32), AccountSid: fake.accountSid, From: '+819012345678', To: TWILIO_FROM, Body: 'STOP' }).toString(),
    });
    expect(forged.status).toBe(403);

    expect((await inbound('+819012345678', '払いました')).status).toBe(200);
    const reply = await waitFor(() => sentTo('+819012345678')[1], "the bot's answer");
    expect(reply.body).toContain('入金を確認します');
    const conv = await waitFor(async () => {
      const c = await api('GET', `/api/conversations/${conversationId}`);
      return c.json.messages.every((m: any) => m.status !== 'sending' && m.status !== 'queued') ? c : null;
    }, 'the conversation to settle');
    expect(conv.json.state).toBe('active.paid_claimed');
    expect(conv.json.messages.map((m: any) => `${m.direction}:${m.status}`)).toEqual(['outbound:sent', 'inbound:received', 'outbound:sent']);
    expect(conv.json.messages[1]).toMatchObject({ intent: 'paid', classifiedBy: 'rules' });
  });

  it('the cron trigger sweeps a due timer from Postgres onto the queue and fires it', async () => {
    const [t] = await db.db.select().from(timers).where(and(eq(timers.conversationId, conversationId), eq(timers.name, 'paid_check'), eq(timers.status, 'pending')));
    expect(t).toBeTruthy();
    // A wake-up days away is not on the queue (nor could it be past 12 hours): the sweep finds it once due.
    await db.db.update(timers).set({ dueAt: new Date(Date.now() - 1000) }).where(eq(timers.id, t!.id));
    await worker.cron();
    const fired = await waitFor(async () => {
      const [row] = await db.db.select().from(timers).where(eq(timers.id, t!.id));
      return row!.status === 'fired' ? row : null;
    }, 'the swept timer to fire');
    expect(fired.firedAt).toBeTruthy();
  });

  it('STOP is honoured: one confirmation, the number suppressed, and a later debt sends nothing', async () => {
    await loadDebt('w2', '090-2222-3333');
    await waitFor(() => sentTo('+819022223333')[0], 'the second debtor’s reminder');
    expect((await inbound('+819022223333', 'STOP')).status).toBe(200);
    const confirmation = await waitFor(() => sentTo('+819022223333')[1], 'the STOP confirmation');
    expect(confirmation.body).toBeTruthy();
    const [s] = await waitFor(async () => {
      const rows = await db.db.select().from(suppressions).where(eq(suppressions.phone, '+819022223333'));
      return rows.length ? rows : null;
    }, 'the suppression row');
    expect(s!.reason).toBe('stop');

    const later = await loadDebt('w3', '090-2222-3333');
    const rows = await waitFor(async () => {
      const r = await db.db.select().from(outbox).where(eq(outbox.conversationId, later));
      return r.length && r.every((o) => !['pending', 'sending'].includes(o.status)) ? r : null;
    }, "the later debt's outbox to be decided", 30_000).catch(async (e) => {
      // No outbox row at all is also "nothing sent"; anything else is a failure.
      const r = await db.db.select().from(outbox).where(eq(outbox.conversationId, later));
      if (r.length === 0) return r;
      throw e;
    });
    expect(rows.filter((o) => o.status === 'sent')).toEqual([]);
    expect(sentTo('+819022223333')).toHaveLength(2);
  });

  it("a collector signs in (PBKDF2 on WebCrypto) and replies to an escalated debtor", async () => {
    const email = 'collector@example.test';
    const password = 'correct horse battery';
    const created = await api('POST', '/api/users', { email, name: 'Collector', role: 'collector', password });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const [user] = await db.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, email));
    expect(user!.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);

    const wrong = await api('POST', '/login', { email, password: 'wrong horse battery' }, { origin: worker.url });
    expect(wrong.status).toBe(401);
    const login = await api('POST', '/login', { email, password }, { origin: worker.url });
    expect(login.status).toBe(200);
    const cookie = /saisoku_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const as = { cookie, 'x-csrf-token': login.json.csrfToken as string, origin: worker.url };

    const conv = await loadDebt('w4', '090-4444-5555');
    await waitFor(() => sentTo('+819044445555')[0], 'the reminder');
    await inbound('+819044445555', '担当者と話したいです');
    await waitFor(() => sentTo('+819044445555').find((m) => m.body?.includes('担当者が内容を確認')), 'the handoff message');
    const queue = await api('GET', '/api/conversations?status=escalated', undefined, as);
    expect(queue.status).toBe(200);
    expect(queue.json.items.map((i: any) => i.id)).toContain(conv);

    expect((await api('POST', `/api/conversations/${conv}/claim`, undefined, as)).status).toBe(200);
    const reply = await api('POST', `/api/conversations/${conv}/reply`, { body: 'ご連絡ありがとうございます。お電話します。' }, as);
    expect(reply.status, JSON.stringify(reply.json)).toBe(202);
    const sent = await waitFor(() => sentTo('+819044445555').find((m) => m.body?.includes('お電話します')), "the collector's reply");
    expect(sent.body).toMatch(/^【サンプル債権】/);
    const [c] = await db.db.select().from(conversations).where(eq(conversations.id, conv));
    expect(c!.status).toBe('escalated');

    // The inbox page renders for them from the same Worker.
    const inbox = await fetch(`${worker.url}/ui/inbox`, { headers: { cookie } });
    expect(inbox.status).toBe(200);
  });

  it('a person whose password was set on Node (scrypt) signs in on the Worker too', async () => {
    const email = 'node-admin@example.test';
    const password = 'set on the node server';
    await db.db.insert(users).values({ email, name: 'Node admin', role: 'admin', passwordHash: await createScryptHasher().hash(password) });
    expect((await api('POST', '/login', { email, password: 'not the password' }, { origin: worker.url })).status).toBe(401);
    const login = await api('POST', '/login', { email, password }, { origin: worker.url });
    expect(login.status).toBe(200);
    expect(login.json.csrfToken).toBeTruthy();
  });

  it('logs no message body and no full phone number', async () => {
    const out = worker.output();
    expect(out).not.toContain('払いました');
    expect(out).not.toContain('担当者と話したい');
    expect(out).not.toMatch(/\+8190(1234|2222|4444)\d{4}/);
    // The outbox rows this file made were all decided (nothing stuck in sending).
    expect(await db.db.select().from(outbox).where(inArray(outbox.status, ['sending']))).toEqual([]);
  });
});
