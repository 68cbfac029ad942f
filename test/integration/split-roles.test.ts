import { afterEach, describe, expect, it } from 'vitest';
import { debtPayload, jpMobile, startHarness, twilioChat, type Harness } from '../support/harness';

/**
 * The app as two processes on one Postgres and one Redis (CONTRACT.md roles; decision 0166): an api
 * process (HTTP and ingest, no workers) and a worker process (the drain and the send stage). A reply
 * stored by the api wakes the worker's drain: a signal when the worker listens (Redis PUBLISH), a
 * `drain` job otherwise, and the answer goes out from the worker. Two harnesses on one database and
 * one queue prefix stand for the two processes.
 */
describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('api and worker as two processes', () => {
  let api: Harness | undefined;
  let worker: Harness | undefined;
  afterEach(async () => {
    await worker?.close();
    await api?.close();
    api = worker = undefined;
  });

  const chat = twilioChat(() => api!, 's');

  it('a reply stored by the api process is answered by the worker process, promptly', async () => {
    api = await startHarness({ workers: false });
    worker = await startHarness({ database: { ...api.services.database, close: async () => {} }, prefix: api.prefix });
    const phones = [0, 1, 2].map((i) => jpMobile(7100 + i));
    for (const [i, p] of phones.entries()) {
      const r = await api.api('POST', '/api/debts', debtPayload({ ref: `sr${i}`, phone: p.local, dueDate: '2026-12-31' }));
      expect(r.status).toBe(201);
    }
    await new Promise((r) => setTimeout(r, 200)); // the worker's subscription is in place
    const t0 = Date.now();
    const res = await Promise.all(phones.map((p) => chat.reply(p.e164, '払いました')));
    expect(res.every((r) => r.status === 200)).toBe(true);
    const sentTo = (to: string) => worker!.fake!.received.filter((r) => r.sid && r.to === to);
    await worker.waitFor(async () => phones.every((p) => sentTo(p.e164).length >= 1), 10_000);
    // Woken at once (a signal, then one round after the drain's 10 ms gathering), not by the sweep (10 min here).
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(api.fake!.received.filter((r) => r.sid)).toHaveLength(0);
  });
});
