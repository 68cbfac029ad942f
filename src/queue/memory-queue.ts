import type { EnqueueOptions, JobData, JobName, JobQueue } from './port';
import { jobPolicy, jobs, withJobTimeout } from './port';
import { checkedHandler } from './job-types';

const MAX_DELAY_MS = 2_147_483_647;

type Entry = { name: JobName; data: unknown; attempts: number };

/**
 * The embedded default's queue: in process, same contract as BullMQ (jobId dedupe while waiting,
 * delays, retries with backoff, concurrency). Losing it loses nothing: the sweep rebuilds from Postgres.
 */
export function createMemoryQueue(opts: { maxAttempts?: number; backoffMs?: number; onError?: (e: unknown, name: string) => void } = {}): JobQueue & { idle(): Promise<void> } {
  // Attempts and backoff come from each job's one declaration (jobPolicy); tests may shorten them.
  const maxAttempts = (name: JobName) => opts.maxAttempts ?? jobPolicy[name].attempts;
  const backoffMs = (name: JobName) => opts.backoffMs ?? jobPolicy[name].backoffMs;
  // Each handler takes its job's data back through the job's zod declaration (a typed read, no cast).
  const handlers = new Map<JobName, { fn: (data: unknown) => Promise<void>; concurrency: number; running: number; ready: Array<[string, Entry]> }>();
  const pending = new Map<string, Entry>();
  const timersById = new Map<string, ReturnType<typeof setTimeout>>();
  let closed = false;
  let dead: ((name: JobName, data: unknown, error: unknown, attempts: number) => Promise<void>) | null = null;
  let idleWaiters: Array<() => void> = [];
  /** Signal listeners (in process: the embedded default has one process). */
  const listeners = new Map<string, Set<() => void>>();

  const checkIdle = () => {
    if (pending.size === 0 && [...handlers.values()].every((h) => h.running === 0)) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((f) => f());
    }
  };

  const pump = (name: JobName) => {
    const h = handlers.get(name);
    if (!h || closed) return;
    while (h.running < h.concurrency && h.ready.length) {
      const [id, entry] = h.ready.shift()!;
      h.running++;
      withJobTimeout(name, () => h.fn(entry.data))
        .then(() => {
          pending.delete(id);
        })
        .catch((e) => {
          opts.onError?.(e, name);
          entry.attempts++;
          if (entry.attempts < maxAttempts(name) && !closed) {
            schedule(id, entry, backoffMs(name) * 2 ** (entry.attempts - 1));
          } else {
            pending.delete(id);
            if (!closed && dead) return dead(name, entry.data, e, entry.attempts).catch((x) => opts.onError?.(x, name));
          }
        })
        .finally(() => {
          h.running--;
          pump(name);
          checkIdle();
        });
    }
  };

  const schedule = (id: string, entry: Entry, delay: number) => {
    const fire = () => {
      timersById.delete(id);
      const h = handlers.get(entry.name);
      if (!h) return; // stays pending until a worker registers
      h.ready.push([id, entry]);
      pump(entry.name);
    };
    // setTimeout cannot wait longer than ~24.8 days (a longer delay fires at once): wait in steps.
    const wait = (left: number) => {
      if (left <= 0) return queueMicrotask(fire);
      const step = Math.min(left, MAX_DELAY_MS);
      timersById.set(id, setTimeout(() => (left > step ? wait(left - step) : fire()), step));
    };
    wait(delay);
  };

  const add = async <N extends JobName>(name: N, data: JobData<N>, o: EnqueueOptions) => {
    if (closed) return;
    jobs[name].parse(data);
    if (pending.has(o.jobId)) return;
    const entry: Entry = { name, data, attempts: 0 };
    pending.set(o.jobId, entry);
    schedule(o.jobId, entry, o.delayMs ?? 0);
  };

  return {
    kind: 'memory',
    add,
    async addBulk(name, items) {
      for (const i of items) await add(name, i.data, i.opts);
    },
    work(name, fn, concurrency) {
      handlers.set(name, { fn: checkedHandler(name, fn), concurrency, running: 0, ready: [] });
      for (const [id, entry] of pending) if (entry.name === name && !timersById.has(id)) schedule(id, entry, 0);
    },
    async ping() {},
    async signal(name) {
      const fns = [...(listeners.get(name) ?? [])];
      for (const fn of fns) queueMicrotask(fn);
      return closed ? 0 : fns.length;
    },
    listen(name, fn) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const mine = () => fn();
      set.add(mine);
      return () => void set.delete(mine);
    },
    onDead(fn) {
      dead = fn;
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
    async close() {
      closed = true;
      for (const t of timersById.values()) clearTimeout(t);
      timersById.clear();
      const running = () => [...handlers.values()].some((h) => h.running > 0);
      while (running()) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
