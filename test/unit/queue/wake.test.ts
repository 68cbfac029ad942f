/**
 * Coalesced wake-ups of the drain (queue/wake.ts), against every queue: the in-process queue always,
 * BullMQ when REDIS_URL is set. Many wake-ups make a few drain runs, a wake-up during a run is never
 * lost, a later one never runs early, and a process that drains gets the signal without a job.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../../src/queue/bullmq-queue';
import { createMemoryQueue } from '../../../src/queue/memory-queue';
import type { JobQueue } from '../../../src/queue/port';
import { bucketOf, drainHere, NEAR_BUCKET_MS, wakeDrain, wakeDrainAt } from '../../../src/queue/wake';
import { deleteKeys } from '../../support/redis-keys';
import { ready, sleep, until } from '../../support/queues';

const impls: Array<[string, () => { q: JobQueue; prefix?: string }]> = [['in-process', () => ({ q: createMemoryQueue({ backoffMs: 5 }) })]];
if (process.env.REDIS_URL)
  impls.push([
    'bullmq',
    () => {
      const prefix = `wk${crypto.randomUUID().slice(0, 8)}`;
      return { q: createBullmqQueue(process.env.REDIS_URL!, { prefix, backoffMs: 5 }), prefix };
    },
  ]);


describe.each(impls)('drain wake-ups: %s', (_name, create) => {
  let q: JobQueue;
  let prefix: string | undefined;
  const make = async () => {
    const c = create();
    prefix = c.prefix;
    q = await ready(c.q);
    return q;
  };
  afterEach(async () => {
    await q?.close();
    if (prefix && process.env.REDIS_URL) await deleteKeys(process.env.REDIS_URL, prefix);
  });

  it('100 wake-ups at once run the drain once per bucket they fell in, not 100 times', async () => {
    await make();
    let runs = 0;
    // A run that ended before the last add reached the queue would be run again by it (a wake-up
    // after a run is a new one, by design): the run waits until every add has answered, so each
    // bucket's job is still waiting or running when the others' adds arrive, whatever the load.
    let allAdded!: () => void;
    const added = new Promise<void>((r) => (allAdded = r));
    q.work('drain', async () => {
      runs++;
      await added;
    }, 4);
    const t0 = Date.now();
    const adds = Array.from({ length: 100 }, () => wakeDrain(q));
    const t1 = Date.now();
    await Promise.all(adds);
    allAdded();
    await until(() => runs >= 1);
    await sleep(300);
    // The 100 calls read the clock in one synchronous loop, between t0 and t1: one bucket, two if it
    // crossed a boundary (more only if that loop stalled for longer than a bucket).
    const buckets = (bucketOf(t1, t1).runAtMs - bucketOf(t0, t0).runAtMs) / NEAR_BUCKET_MS + 1;
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(buckets);
  });

  it('a wake-up that arrives while the drain runs makes it run again after', async () => {
    await make();
    let runs = 0;
    q.work(
      'drain',
      async () => {
        runs++;
        if (runs === 1) {
          await wakeDrain(q);
          await sleep(50);
        }
      },
      1,
    );
    await wakeDrain(q);
    await until(() => runs >= 2, 5_000);
  });

  it('a wake-up for later (a timer) never runs before its time; timers due together are one run', async () => {
    await make();
    const at: number[] = [];
    q.work('drain', async () => void at.push(Date.now()), 2);
    const t0 = Date.now();
    await wakeDrainAt(q, [1_200, 1_200, 1_200]);
    await until(() => at.length >= 1, 5_000);
    await sleep(300);
    expect(at[0]! - t0).toBeGreaterThanOrEqual(1_200);
    expect(at).toHaveLength(1);
  });

  it('a process that drains gets an in-process signal for a wake-up due now, and no job', async () => {
    await make();
    let runs = 0;
    let kicks = 0;
    q.work('drain', async () => void runs++, 1);
    const undo = drainHere(q, () => void kicks++);
    await wakeDrain(q);
    await wakeDrainAt(q, [0, -5]);
    expect(kicks).toBe(2);
    await sleep(100);
    expect(runs).toBe(0);
    undo();
    await wakeDrain(q);
    await until(() => runs === 1, 5_000);
  });

  it('a process that drains also wakes itself at a timer\'s due time, never before it; undone, it does not', async () => {
    await make();
    const kicks: number[] = [];
    q.work('drain', async () => {}, 1);
    const undo = drainHere(q, () => void kicks.push(Date.now()));
    const t0 = Date.now();
    await wakeDrainAt(q, [150, 150, 152]);
    await until(() => kicks.length >= 1, 5_000);
    expect(kicks[0]! - t0).toBeGreaterThanOrEqual(150);
    // A local wake-up pending when the process stops draining is dropped with it.
    const n = kicks.length;
    await wakeDrainAt(q, [100]);
    undo();
    await sleep(300);
    expect(kicks).toHaveLength(n);
  });
});

/**
 * Two processes on one Redis prefix (decision 0166): an api process (no drain of its own) wakes the
 * worker's drain with a signal (Redis PUBLISH) rather than a `drain` job per 10 ms bucket; with no
 * worker listening it falls back to the job. Two queue objects on one prefix stand for the processes.
 */
describe.skipIf(!process.env.REDIS_URL)('drain wake-ups across processes: bullmq', () => {
  const prefix = `wx${crypto.randomUUID().slice(0, 8)}`;
  const qs: JobQueue[] = [];
  const open = () => {
    const q = createBullmqQueue(process.env.REDIS_URL!, { prefix, backoffMs: 5 });
    qs.push(q);
    return ready(q);
  };
  afterEach(async () => {
    await Promise.all(qs.splice(0).map((q) => q.close()));
    await deleteKeys(process.env.REDIS_URL!, prefix);
  });

  it('a wake-up in the api process kicks the worker\'s drain at once, with no drain job', async () => {
    const api = await open();
    const worker = await open();
    let runs = 0;
    const kicks: number[] = [];
    worker.work('drain', async () => void runs++, 2);
    const undo = drainHere(worker, () => void kicks.push(Date.now()));
    await sleep(100); // the worker's subscription is in place
    const t0 = Date.now();
    await wakeDrain(api);
    await until(() => kicks.length >= 1, 2_000);
    expect(kicks[0]! - t0).toBeLessThan(NEAR_BUCKET_MS * 50);
    // Many wake-ups together: one signal now, at most one more after them (not one each).
    for (let i = 0; i < 50; i++) void wakeDrain(api);
    await sleep(200);
    expect(kicks.length).toBeLessThanOrEqual(3);
    expect(kicks.length).toBeGreaterThanOrEqual(2);
    expect(runs).toBe(0);
    undo();
  });

  it('with no worker listening the wake-up is a drain job, as before', async () => {
    const api = await open();
    const worker = await open();
    let runs = 0;
    worker.work('drain', async () => void runs++, 2);
    const undo = drainHere(worker, () => {});
    await sleep(100);
    undo(); // the worker stops draining: its subscription goes
    await sleep(100);
    await wakeDrain(api);
    await until(() => runs >= 1, 5_000);
    expect(runs).toBeGreaterThanOrEqual(1);
  });
});
