import { z } from 'zod';

/** Each job declared once with its zod payload. Redis holds only wake-ups rebuilt from Postgres. */
export const jobs = {
  /** Classify and apply every unprocessed inbound message of a conversation, oldest first. */
  conversation: z.object({ conversationId: z.string().uuid() }),
  /** Fire one timer row (a no-op when it was cancelled or already fired). */
  timer: z.object({ timerId: z.string().uuid() }),
  /** Pass one outbox row through the send gate and to the provider. */
  send: z.object({ outboxId: z.string().uuid() }),
} as const;
export type JobName = keyof typeof jobs;

/**
 * Each job's retry policy, declared once and used by both queues (in-process and BullMQ).
 * `timeoutMs` bounds one attempt: an attempt that hangs (a dependency that never answers) fails
 * and is retried instead of holding a worker slot forever. After the last attempt the row in
 * Postgres is still there: the sweep wakes it again later.
 */
export const jobPolicy: Record<JobName, { attempts: number; backoffMs: number; timeoutMs: number }> = {
  conversation: { attempts: 8, backoffMs: 500, timeoutMs: 60_000 },
  timer: { attempts: 8, backoffMs: 500, timeoutMs: 30_000 },
  // The provider call is bounded by its adapter (10 s); the rest is two short transactions.
  send: { attempts: 8, backoffMs: 500, timeoutMs: 60_000 },
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
}

/** BullMQ forbids ':' in custom ids; ids here are `<kind>-<uuid>[-<suffix>]`. */
/** The sweep's ids change every minute, so no job left behind (a flush, a killed worker) can block a re-add for longer. */
export const sweepSuffix = (now: Date) => `swept-${Math.floor(now.getTime() / 60_000)}`;

export const jobIds = {
  conversation: (conversationId: string, inboundId: string) => `conv-${conversationId}-${inboundId}`,
  timer: (timerId: string) => `timer-${timerId}`,
  send: (outboxId: string, notBefore: Date) => `send-${outboxId}-${notBefore.getTime()}`,
};
