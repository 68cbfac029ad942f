import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { EnqueueOptions, JobData, JobName, JobQueue } from './port';
import { jobs } from './port';

const defaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 500 },
  removeOnComplete: true,
  // A kept failed job would block its id, and the sweep re-adds due rows under a fixed id: drop it
  // (the failure is logged by the worker's 'failed' handler; the row in Postgres is the record).
  removeOnFail: true,
};

/** BullMQ on Redis. Job data is only ids: the rows in Postgres are the work. */
export function createBullmqQueue(url: string, opts: { prefix?: string; onError?: (e: unknown, name: string) => void } = {}): JobQueue & { redis: Redis } {
  const prefix = opts.prefix ?? 'saisoku';
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  const connection = redis as unknown as ConnectionOptions;
  const queues = new Map<JobName, Queue>();
  const workers: Worker[] = [];
  const queue = (name: JobName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix, defaultJobOptions });
      queues.set(name, q);
    }
    return q;
  };
  let closed = false;
  const open = () => {
    if (closed) throw new Error('queue is closed');
  };
  const toOpts = (o: EnqueueOptions) => ({ jobId: o.jobId, delay: Math.max(0, Math.round(o.delayMs ?? 0)) });

  return {
    kind: 'bullmq',
    redis,
    async add<N extends JobName>(name: N, data: JobData<N>, o: EnqueueOptions) {
      open();
      await queue(name).add(name, jobs[name].parse(data), toOpts(o));
    },
    async addBulk(name, items) {
      if (!items.length) return;
      open();
      await queue(name).addBulk(items.map((i) => ({ name, data: jobs[name].parse(i.data), opts: toOpts(i.opts) })));
    },
    work(name, handler, concurrency) {
      // Workers block on Redis, so each gets its own connection.
      const w = new Worker(name, async (job) => handler(jobs[name].parse(job.data) as never), {
        connection: redis.duplicate() as unknown as ConnectionOptions,
        prefix,
        concurrency,
      });
      w.on('failed', (_job, e) => opts.onError?.(e, name));
      w.on('error', (e) => opts.onError?.(e, name));
      workers.push(w);
    },
    async ping() {
      const r = await redis.ping();
      if (r !== 'PONG') throw new Error(`redis answered ${r}`);
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      redis.disconnect();
    },
  };
}
