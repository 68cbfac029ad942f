import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, isNotNull } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../db/schema';
import { openPglite, type Database } from '../../src/db/client';
import { signPaymentWebhook } from '../../src/dunning/payment-signature';
import { debtPayload, jpMobile, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/**
 * The embedded default right after a restart (issue #8): PGlite on disk, a new process's services
 * with a cold flow cache, then every collector action and every webhook. A code path that asks for
 * a second connection while a transaction holds PGlite's only one would hang here; each step must
 * answer within its bound. The guard in db/client.ts makes such a path throw instead.
 *
 * The bounds are what the tests test: a step that does not answer within STEP_MS is a deadlock, named
 * by its step. Opening PGlite and running its migrations (tens of seconds on a loaded CI machine) is
 * not under test, so it happens in the hooks; each test's own timeout is the sum of its bounds plus
 * slack, so vitest's timeout never fires before a step's bound does.
 */
const STEP_MS = 15_000;
/** A reply processed by the worker: the harness's wait for it. */
const PROCESS_MS = 30_000;
/** Setup and teardown (PGlite opened on disk, migrated, a harness started and closed, twice). */
const SETUP_MS = 240_000;
/** The fake provider's receipt of the bot's answer (the harness's wait). */
const RECEIVED_MS = 15_000;
const SLACK_MS = 10_000;
const within = async <T>(what: string, p: Promise<T> | T, ms = STEP_MS): Promise<T> => {
  let t: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`${what} did not answer within ${ms} ms (deadlock?)`)), ms)))]);
  } finally {
    clearTimeout(t);
  }
};

describe('PGlite: a nested query on the root handle', () => {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await openPglite();
  }, SETUP_MS);
  afterAll(async () => database?.close(), SETUP_MS);

  it('refuses a query on the root handle inside a PGlite transaction instead of hanging', async () => {
    const { db } = database!;
    const e = await within('nested query', db.transaction(async () => db.execute(sql`select 1`))).then(
      () => null,
      (x: Error) => x,
    );
    // drizzle wraps the driver's error; the cause is the guard's.
    expect((e?.cause as Error | undefined)?.name).toBe('NestedQueryError');
    // Concurrent (not nested) work still queues behind the transaction and completes.
    const [a, b] = await within('concurrent', Promise.all([db.transaction((tx) => tx.execute(sql`select 1 as one`)), db.execute(sql`select 2 as two`)]));
    expect((a as { rows: unknown[] }).rows).toHaveLength(1);
    expect((b as { rows: unknown[] }).rows).toHaveLength(1);
  }, 2 * STEP_MS + SLACK_MS);
});

describe('embedded default after a restart, cold flow cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saisoku-restart-'));
  let sid = 0;
  const inbound = (h: Harness, from: string, body: string) => {
    const id = `SM${String(++sid).padStart(32, '0')}`;
    return h.twilioPost('/webhooks/twilio/inbound', { MessageSid: id, SmsSid: id, AccountSid: h.fake!.accountSid, From: from, To: TWILIO_FROM, Body: body, NumMedia: '0' }).then((r) => ({ r, id }));
  };
  const processed = (h: Harness, id: string) =>
    h.waitFor(async () => (await h.services.db.select().from(messages).where(and(eq(messages.providerMessageId, id), isNotNull(messages.processedAt))))[0], PROCESS_MS);

  const A = jpMobile(801);
  const B = jpMobile(802);
  const ids: Record<string, string> = {};
  let restarted: Harness | undefined;
  beforeAll(async () => {
    // Before the restart: two debtors who asked for a person (escalated threads).
    const first = await startHarness({ database: await openPglite(dir), queue: 'memory' });
    try {
      for (const [k, p] of [['a', A], ['b', B]] as const) {
        const r = await first.api('POST', '/api/debts', debtPayload({ ref: `rs${k}`, phone: p.local, amount: 12000, dueDate: '2026-11-21' }));
        expect(r.status).toBe(201);
        ids[k] = r.json.conversationId;
        const { r: res, id } = await inbound(first, p.e164, '担当者と話したいです');
        expect(res.status).toBe(200);
        await processed(first, id);
      }
    } finally {
      await first.close();
    }
    // The restart: a new PGlite on the same files, new services, nothing cached (nothing here reads a flow).
    restarted = await startHarness({ database: await openPglite(dir), queue: 'memory' });
    restarted.services.config.paymentWebhookSecret = 'whsec_restart_test_0123456789';
  }, SETUP_MS);
  afterAll(async () => {
    await restarted?.close();
    rmSync(dir, { recursive: true, force: true });
  }, SETUP_MS);

  // Twelve bounded steps, the worker's processing of one reply, the fake's receipt of the answer.
  it('answers every collector action and every webhook', async () => {
    const h = restarted;
    if (!h) throw new Error('the restarted harness did not start');
    const thread = await within('read thread', h.api('GET', `/api/conversations/${ids.a}`));
    expect(thread.json.status).toBe('escalated');
    expect((await within('queue', h.api('GET', '/api/conversations?status=escalated'))).status).toBe(200);
    expect((await within('claim', h.api('POST', `/api/conversations/${ids.a}/claim`))).status).toBe(200);
    expect((await within('draft', h.api('POST', `/api/conversations/${ids.a}/drafts`, { kind: 'payment_link' }))).status).toBe(200);
    const reply = await within('reply', h.api('POST', `/api/conversations/${ids.a}/reply`, { body: 'お電話ありがとうございます。' }));
    expect(reply.status).toBe(202);
    expect((await within('handback', h.api('POST', `/api/conversations/${ids.a}/handback`, {}))).status).toBe(200);
    // A fresh process again for B: resolve is its first action (cold cache on that path too).
    expect((await within('claim b', h.api('POST', `/api/conversations/${ids.b}/claim`))).status).toBe(200);
    expect((await within('resolve', h.api('POST', `/api/conversations/${ids.b}/resolve`, { outcome: 'settled_offline' }))).status).toBe(200);

    // Webhooks: inbound (processed by the worker), a status callback, a payment.
    const { r, id } = await within('inbound webhook', inbound(h, A.e164, 'HELP'));
    expect(r.status).toBe(200);
    await processed(h, id);
    const sent = await h.waitFor(async () => h.fake!.received.find((m) => m.sid && m.to === A.e164), RECEIVED_MS);
    const status = await within('status webhook', h.twilioPost('/webhooks/twilio/status', { MessageSid: sent.sid!, MessageStatus: 'delivered', AccountSid: h.fake!.accountSid, From: TWILIO_FROM, To: A.e164 }));
    expect(status.status).toBe(204);
    const raw = JSON.stringify({ debtExternalRef: 'INV-rsa', amount: 12000, currency: 'JPY', paidAt: '2026-11-20T00:30:00Z', reference: 'psp_restart' });
    const signature = await signPaymentWebhook('whsec_restart_test_0123456789', raw, h.clock.now());
    const paid = await within('payment webhook', h.app.request('/webhooks/payments', { method: 'POST', headers: { 'content-type': 'application/json', 'x-saisoku-signature': signature }, body: raw }));
    expect(paid.status).toBeLessThan(300);
    expect((await within('healthz', h.app.request('/healthz'))).status).toBe(200);
  }, 12 * STEP_MS + PROCESS_MS + RECEIVED_MS + SLACK_MS);
});
