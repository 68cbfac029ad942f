/**
 * The job queue's contract, run against every implementation: the in-process queue always, BullMQ
 * when REDIS_URL is set (CI). Attempts and backoff come from the one job policy (queue/port.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../../src/queue/bullmq-queue';
import { createMemoryQueue } from '../../../src/queue/memory-queue';
import { jobPolicy, type JobQueue } from '../../../src/queue/port';
import { ready, sleep, until } from '../../support/queues';

const impls: Array<[string, () => JobQueue]> = [['in-process', () => createMemoryQueue({ backoffMs: 5 })]];
if (process.env.REDIS_URL) impls.push(['bullmq', () => createBullmqQueue(process.env.REDIS_URL!, { prefix: `qc${crypto.randomUUID().slice(0, 8)}`, backoffMs: 5 })]);

const uuid = () => crypto.randomUUID();

describe.each(impls)('job queue contract: %s', (_name, create) => {
  let q: JobQueue;
  const make = () => ready(create());
  afterEach(async () => q?.close());

  it('tries a failing job as often as the job policy says, then reports it dead once', async () => {
    q = await make();
    let tries = 0;
    const dead: number[] = [];
    q.onDead(async (_n, _d, _e, attempts) => void dead.push(attempts));
    q.work('timer', async () => {
      tries++;
      throw new Error('boom');
    }, 1);
    await q.add('timer', { timerId: uuid() }, { jobId: `t-${uuid()}` });
    await until(() => dead.length > 0, 20_000);
    expect(tries).toBe(jobPolicy.timer.attempts);
    expect(dead).toEqual([jobPolicy.timer.attempts]);
  }, 30_000);

  it('keeps a delay longer than 24.8 days (not run now, and its id still dedupes)', async () => {
    q = await make();
    const ran: string[] = [];
    q.work('send', async (d) => void ran.push(d.outboxId), 1);
    const id = uuid();
    await q.add('send', { outboxId: id }, { jobId: `s-${id}`, delayMs: 30 * 86_400_000 });
    await q.add('send', { outboxId: id }, { jobId: `s-${id}` });
    const other = uuid();
    await q.add('send', { outboxId: other }, { jobId: `s-${other}` });
    await until(() => ran.includes(other));
    await sleep(200);
    expect(ran).toEqual([other]);
  });

  it('runs jobs added one after another in that order (one worker)', async () => {
    q = await make();
    const ran: string[] = [];
    q.work('conversation', async (d) => void ran.push(d.conversationId), 1);
    const ids = [uuid(), uuid(), uuid(), uuid()];
    for (const id of ids) await q.add('conversation', { conversationId: id }, { jobId: `c-${id}` });
    await until(() => ran.length === ids.length);
    expect(ran).toEqual(ids);
  });

  it('one job per id while it waits; a delayed job runs after its delay', async () => {
    q = await make();
    const ran: Array<[string, number]> = [];
    const t0 = Date.now();
    q.work('timer', async (d) => void ran.push([d.timerId, Date.now() - t0]), 2);
    const id = uuid();
    await q.addBulk('timer', [
      { data: { timerId: id }, opts: { jobId: `t-${id}`, delayMs: 300 } },
      { data: { timerId: id }, opts: { jobId: `t-${id}`, delayMs: 300 } },
    ]);
    await until(() => ran.length > 0);
    await sleep(300);
    expect(ran.map(([x]) => x)).toEqual([id]);
    expect(ran[0]![1]).toBeGreaterThanOrEqual(250);
  });
});
