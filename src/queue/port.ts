import { z } from 'zod';

/** Each job declared once with its zod payload. Redis holds only wake-ups rebuilt from Postgres. */
export const jobs = {
  /**
   * Wake the conversation stage: it takes ready conversations (unprocessed inbound, due timers) in
   * batches from Postgres until none is left. One coalesced wake-up for many replies and timers
   * (queue/wake.ts), never a job per reply.
   */
  drain: z.object({}),
  /** One conversation on its own (after it failed inside a batch): retried, then dead-lettered. */
  conversation: z.object({ conversationId: z.string().uuid() }),
  /** Fire one timer row on its own (a timer that failed inside a batch; a dead letter retried). */
  timer: z.object({ timerId: z.string().uuid() }),
  /** Pass one outbox row through the send gate and to the provider. */
  send: z.object({ outboxId: z.string().uuid() }),
  /**
   * Wake the send stage for every due outbox row: deliverDue in batches (one claim statement per
   * 200 rows). The sweep's one coalesced wake-up for due sends, never a job per row.
   */
  deliver: z.object({}),
} as const;
export type JobName = keyof typeof jobs;

/**
 * Each job's retry policy, declared once and used by both queues (in-process and BullMQ).
 * `timeoutMs` bounds one attempt: an attempt that hangs (a dependency that never answers) fails
 * and is retried instead of holding a worker slot forever. After the last attempt the row in
 * Postgres is still there: the sweep wakes it again later.
 */
export const jobPolicy: Record<JobName, { attempts: number; backoffMs: number; timeoutMs: number }> = {
  // A failed drain (Postgres away) is simply tried again; its work stays in Postgres for the sweep.
  drain: { attempts: 3, backoffMs: 500, timeoutMs: 120_000 },
  conversation: { attempts: 8, backoffMs: 500, timeoutMs: 60_000 },
  timer: { attempts: 8, backoffMs: 500, timeoutMs: 30_000 },
  // The provider call is bounded by its adapter (10 s); the rest is two short transactions.
  send: { attempts: 8, backoffMs: 500, timeoutMs: 60_000 },
  // Like a drain: about no row; its work stays in Postgres and the next sweep wakes it again.
  deliver: { attempts: 3, backoffMs: 500, timeoutMs: 120_000 },
};

/** Runs one attempt of `name` within its declared timeout. */
export async function withJobTimeout<T>(name: JobName, run: () => Promise<T>): Promise<T> {
  const ms = jobPolicy[name].timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} job timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
export type JobData<N extends JobName> = z.infer<(typeof jobs)[N]>;

export interface EnqueueOptions {
  /** Same id while a job is waiting → one job (BullMQ semantics). */
  jobId: string;
  delayMs?: number;
}

export type JobHandler<N extends JobName> = (data: JobData<N>) => Promise<void>;

export interface JobQueue {
  readonly kind: 'bullmq' | 'memory' | 'cloudflare';
  add<N extends JobName>(name: N, data: JobData<N>, opts: EnqueueOptions): Promise<void>;
  addBulk<N extends JobName>(name: N, items: Array<{ data: JobData<N>; opts: EnqueueOptions }>): Promise<void>;
  /** Starts consuming `name` in this process. */
  work<N extends JobName>(name: N, handler: JobHandler<N>, concurrency: number): void;
  ping(): Promise<void>;
  /** Called once when a job has failed its last attempt (the dead-letter hook, set by startWorkers). */
  onDead(fn: (name: JobName, data: unknown, error: unknown, attempts: number) => Promise<void>): void;
  /** Stops workers (waits for running jobs) and closes connections. */
  close(): Promise<void>;
  /**
   * Optional prompt wake-up across processes (BullMQ: a Redis PUBLISH on the queue's connection; the
   * in-process queue: this process's listeners). Resolves to how many listeners it reached (0: none
   * listens; queue/wake.ts then falls back to a job). No delivery guarantee: a lost signal loses
   * nothing (the rows are in Postgres; a listener kicks itself when it (re)connects; the sweep wakes again).
   */
  signal?(name: SignalName): Promise<number>;
  /** Calls `fn` on every `signal(name)` from any process (and once each time the listening connection is re-established). Returns the undo. */
  listen?(name: SignalName, fn: () => void): () => void;
}

/** What a signal can wake: the conversation stage's drain. */
export type SignalName = 'drain';

/** BullMQ forbids ':' in custom ids; ids here are `<kind>-<uuid>[-<suffix>]`. */
/** The sweep's ids change every minute, so no job left behind (a flush, a killed worker) can block a re-add for longer. */
export const sweepSuffix = (now: Date) => `swept-${Math.floor(now.getTime() / 60_000)}`;

export const jobIds = {
  /** Runs at the end of its bucket (queue/wake.ts), so every wake-up given this id came before it started. */
  drain: (bucket: number) => `drain-${bucket}`,
  /** The one retry job of a conversation that failed in a batch (deduped while it waits or retries). */
  conversation: (conversationId: string) => `conv-${conversationId}-alone`,
  timer: (timerId: string) => `timer-${timerId}`,
  send: (outboxId: string, notBefore: Date) => `send-${outboxId}-${notBefore.getTime()}`,
  /** Runs at the end of its bucket, like a drain (queue/wake.ts). */
  deliver: (bucket: number) => `deliver-${bucket}`,
};
