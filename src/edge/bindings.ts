/**
 * The few Cloudflare runtime shapes the Worker uses, declared structurally so the project's
 * typecheck (Node types) needs no second global type set. Names follow @cloudflare/workers-types.
 */

export interface Hyperdrive {
  /** A postgres:// URL that reaches the database through Hyperdrive's pool (locally: localConnectionString). */
  readonly connectionString: string;
}

// The queue shapes belong to the queue adapter that consumes them (src/queue/); re-exported for the Worker.
export type { MessageBatch, Queue, QueueMessage, QueueSendOptions } from '../queue/cloudflare-types';

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

export interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
}
