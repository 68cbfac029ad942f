/**
 * The after-commit relay (outbox/relay.ts), against every queue: the in-process queue always, BullMQ
 * when REDIS_URL is set. A row due now gets its own `send` job; rows due later wake the send stage
 * with one coalesced `deliver` job for the second they fall in, not one `send` job per row; so do
 * many rows due now at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { relay } from '../../../src/outbox/relay';
import { createBullmqQueue } from '../../../src/queue/bullmq-queue';
import { createMemoryQueue } from '../../../src/queue/memory-queue';
import type { JobQueue } from '../../../src/queue/port';
import { createLogger } from '../../../src/log';
import { systemClock } from '../../../src/shared/clock';
import { deleteKeys } from '../../support/redis-keys';
import { ready, sleep, until } from '../../support/queues';

const impls: Array<[string, () => { q: JobQueue; prefix?: string }]> = [['in-process', () => ({ q: createMemoryQueue({ backoffMs: 5 }) })]];
if (process.env.REDIS_URL)
  impls.push([
    'bullmq',
    () => {
      const prefix = `rl${crypto.randomUUID().slice(0, 8)}`;
      return { q: createBullmqQueue(process.env.REDIS_URL!, { prefix, backoffMs: 5 }), prefix };
    },
  ]);

describe.each(impls)('relay: %s', (_name, create) => {
  let q: JobQueue;
  let prefix: string | undefined;
  afterEach(async () => {
    await q?.close();
    if (prefix && process.env.REDIS_URL) await deleteKeys(process.env.REDIS_URL, prefix);
  });

  it('gives rows due now a send job each and wakes the send stage once for 200 rows due together later', async () => {
    const c = create();
    prefix = c.prefix;
    q = await ready(c.q);
    const sends: string[] = [];
    let delivers = 0;
    q.work('send', async ({ outboxId }) => void sends.push(outboxId), 4);
    q.work('deliver', async () => void delivers++, 2);
    const now = systemClock.now().getTime();
    // 200 rows due together a little later (a hold's end), in the middle of a second so the bucket is one.
    const laterAt = new Date((Math.floor(now / 1000) + 3) * 1000 + 500);
    const later = Array.from({ length: 200 }, () => ({ id: crypto.randomUUID(), notBefore: laterAt }));
    const dueNow = Array.from({ length: 2 }, () => ({ id: crypto.randomUUID(), notBefore: new Date(now) }));
    await relay({ queue: q, clock: systemClock, log: createLogger('silent') }, { outbox: [...dueNow, ...later], timers: [] });
    await until(() => delivers >= 1, 15_000);
    // Never before the rows' time: the send stage finds them due when it runs.
    expect(Date.now()).toBeGreaterThanOrEqual(laterAt.getTime());
    await sleep(300);
    expect(delivers).toBe(1);
    expect(sends.sort()).toEqual(dueNow.map((r) => r.id).sort());
  });

  it('wakes the send stage once for 500 rows due now (a campaign resumed), not with a send job each', async () => {
    const c = create();
    prefix = c.prefix;
    q = await ready(c.q);
    let sends = 0;
    let delivers = 0;
    q.work('send', async () => void sends++, 4);
    q.work('deliver', async () => void delivers++, 2);
    const now = new Date(systemClock.now().getTime());
    await relay({ queue: q, clock: systemClock, log: createLogger('silent') }, { outbox: Array.from({ length: 500 }, () => ({ id: crypto.randomUUID(), notBefore: now })), timers: [] });
    await until(() => delivers >= 1);
    await sleep(300);
    expect(delivers).toBe(1);
    expect(sends).toBe(0);
  });
});
