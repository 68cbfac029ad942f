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
  /** Stops workers (waits for running jobs) and closes connections. */
  close(): Promise<void>;
}

/** BullMQ forbids ':' in custom ids; ids here are `<kind>-<uuid>[-<suffix>]`. */
export const jobIds = {
  conversation: (conversationId: string, inboundId: string) => `conv-${conversationId}-${inboundId}`,
  timer: (timerId: string) => `timer-${timerId}`,
  send: (outboxId: string, notBefore: Date) => `send-${outboxId}-${notBefore.getTime()}`,
};
