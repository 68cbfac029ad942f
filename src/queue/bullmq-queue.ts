import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { DependencyDown } from '../shared/dependency';
import type { EnqueueOptions, JobData, JobName, JobQueue, SignalName } from './port';
import { jobPolicy, jobs, withJobTimeout } from './port';
import { parseJob } from './job-types';

const jobOptions = (name: JobName, backoffMs?: number) => ({
  attempts: jobPolicy[name].attempts,
  backoff: { type: 'exponential' as const, delay: backoffMs ?? jobPolicy[name].backoffMs },
  removeOnComplete: true,
  // A kept failed job would block its id, and the sweep re-adds due rows under a fixed id: drop it
  // (the failure is logged by the worker's 'failed' handler; the row in Postgres is the record).
  removeOnFail: true,
});

/** How long an enqueue may wait for Redis before the caller moves on (the sweep re-adds from Postgres). */
const ADD_TIMEOUT_MS = 2_000;

/** BullMQ on Redis. Job data is only ids: the rows in Postgres are the work. */
const PING_READY_WAIT_MS = 1_500;

/** Resolves once `redis` is ready, or fails as a DependencyDown after `ms`. */
function readyWithin(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      redis.off('ready', done);
      reject(new DependencyDown('queue', `redis is ${redis.status}`));
    }, ms);
    redis.once('ready', done);
  });
}

export function createBullmqQueue(url: string, opts: { prefix?: string; onError?: (e: unknown, name: string) => void; backoffMs?: number } = {}): JobQueue & { redis: Redis } {
  const prefix = opts.prefix ?? 'saisoku';
  const onError = opts.onError ?? (() => {});
  // maxRetriesPerRequest null: BullMQ's blocking calls must not give up; ioredis reconnects forever
  // (capped backoff) after a Redis restart, and every client has an 'error' listener so a refused
  // connection is logged, never an unhandled 'error' event.
  const redisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, retryStrategy: (n: number) => Math.min(200 * n, 2_000) };
  const redis = new Redis(url, redisOptions);
  redis.on('error', (e) => onError(e, 'redis'));
  const connection = redis as unknown as ConnectionOptions;
  const queues = new Map<JobName, Queue>();
  const workers: Worker[] = [];
  const extraClients: Redis[] = [];
  const queue = (name: JobName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix, defaultJobOptions: jobOptions(name, opts.backoffMs) });
      q.on('error', (e) => onError(e, name));
      queues.set(name, q);
    }
    return q;
  };
  let closed = false;
  let dead: ((name: JobName, data: unknown, error: unknown, attempts: number) => Promise<void>) | null = null;
  const open = () => {
    if (closed) throw new Error('queue is closed');
    // While Redis is away ioredis would queue the command until it is back: callers (a webhook)
    // must not wait on that. The row is in Postgres; the sweep enqueues it once Redis returns.
    if (redis.status !== 'ready') throw new DependencyDown('queue', `redis is ${redis.status}`);
  };
  const bounded = async (p: Promise<unknown>) => {
    let t: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([p, new Promise((_, rej) => (t = setTimeout(() => rej(new DependencyDown('queue', `redis did not answer within ${ADD_TIMEOUT_MS} ms`)), ADD_TIMEOUT_MS)))]);
    } finally {
      clearTimeout(t);
    }
  };
  /** Signals (queue/wake.ts): one channel per name under the prefix; one subscriber connection, made at the first listen. */
  const channel = (name: SignalName) => `${prefix}:signal:${name}`;
  const listeners = new Map<string, Set<() => void>>();
  let subscriber: Redis | null = null;
  const subscribe = () => {
    if (subscriber) return subscriber;
    const sub = redis.duplicate();
    sub.on('error', (e) => onError(e, 'signal'));
    sub.on('message', (ch: string) => {
      for (const fn of listeners.get(ch) ?? []) fn();
    });
    // Signals sent while this connection was away are lost: each reconnection counts as one (the
    // first connection does not: a process kicks its own drain when it starts). ioredis subscribes
    // again by itself after a reconnect (autoResubscribe).
    let connected = false;
    sub.on('ready', () => {
      if (connected) for (const set of listeners.values()) for (const fn of set) fn();
      connected = true;
    });
    extraClients.push(sub);
    return (subscriber = sub);
  };
  const toOpts = (o: EnqueueOptions) => ({ jobId: o.jobId, delay: Math.max(0, Math.round(o.delayMs ?? 0)) });

  return {
    kind: 'bullmq',
    redis,
    async add<N extends JobName>(name: N, data: JobData<N>, o: EnqueueOptions) {
      open();
      await bounded(queue(name).add(name, jobs[name].parse(data), toOpts(o)));
    },
    async addBulk(name, items) {
      if (!items.length) return;
      open();
      await bounded(queue(name).addBulk(items.map((i) => ({ name, data: jobs[name].parse(i.data), opts: toOpts(i.opts) }))));
    },
    work(name, handler, concurrency) {
      // Workers block on Redis, so each gets its own connection.
      const client = redis.duplicate();
      client.on('error', (e) => onError(e, `${name}:worker`));
      extraClients.push(client);
      const w = new Worker(name, async (job) => withJobTimeout(name, () => handler(parseJob(name, job.data))), {
        connection: client as unknown as ConnectionOptions,
        prefix,
        concurrency,
        // A killed worker's jobs come back after at most lockDuration + stalledInterval.
        lockDuration: 15_000,
        stalledInterval: 5_000,
        maxStalledCount: 3,
      });
      w.on('failed', (job, e) => {
        onError(e, name);
        // The last attempt: a dead letter in Postgres (the job itself is dropped: removeOnFail).
        if (job && dead && job.attemptsMade >= (job.opts.attempts ?? 1)) void dead(name, job.data, e, job.attemptsMade).catch((x) => onError(x, name));
      });
      w.on('error', (e) => onError(e, name));
      workers.push(w);
    },
    onDead(fn) {
      dead = fn;
    },
    async signal(name) {
      open();
      let t: ReturnType<typeof setTimeout> | undefined;
      try {
        // PUBLISH answers how many subscribers got the message (0: no worker listens: the caller adds a job).
        return await Promise.race([redis.publish(channel(name), ''), new Promise<never>((_, rej) => (t = setTimeout(() => rej(new DependencyDown('queue', `redis did not answer within ${ADD_TIMEOUT_MS} ms`)), ADD_TIMEOUT_MS)))]);
      } finally {
        clearTimeout(t);
      }
    },
    listen(name, fn) {
      const ch = channel(name);
      let set = listeners.get(ch);
      if (!set) {
        listeners.set(ch, (set = new Set()));
        subscribe().subscribe(ch).catch((e: unknown) => onError(e, 'signal'));
      }
      const mine = () => fn();
      set.add(mine);
      return () => {
        set.delete(mine);
        // Nobody left here: PUBLISH must count this process out (its callers then add a job).
        if (set.size === 0 && listeners.get(ch) === set) {
          listeners.delete(ch);
          subscriber?.unsubscribe(ch).catch((e: unknown) => onError(e, 'signal'));
        }
      };
    },
    async ping() {
      // A client still making its first connection (or reconnecting) gets a moment before it is judged
      // down: right after start, /healthz would otherwise report a healthy Redis as down.
      if (redis.status !== 'ready') await readyWithin(redis, PING_READY_WAIT_MS);
      const r = await redis.ping();
      if (r !== 'PONG') throw new Error(`redis answered ${r}`);
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      for (const c of extraClients) c.disconnect();
      redis.disconnect();
    },
  };
}
