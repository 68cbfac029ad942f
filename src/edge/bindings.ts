/**
 * The few Cloudflare runtime shapes the Worker uses, declared structurally so the project's
 * typecheck (Node types) needs no second global type set. Names follow @cloudflare/workers-types.
 */

export interface Hyperdrive {
  /** A postgres:// URL that reaches the database through Hyperdrive's pool (locally: localConnectionString). */
  readonly connectionString: string;
}

export interface QueueSendOptions {
  /** Up to 43,200 (12 hours). */
  delaySeconds?: number;
}

export interface Queue<Body = unknown> {
  send(body: Body, options?: QueueSendOptions): Promise<void>;
  sendBatch(messages: Iterable<{ body: Body } & QueueSendOptions>): Promise<void>;
}

export interface QueueMessage<Body = unknown> {
  readonly id: string;
  readonly body: Body;
  /** 1 on the first delivery. */
  readonly attempts: number;
  ack(): void;
  retry(options?: QueueSendOptions): void;
}

export interface MessageBatch<Body = unknown> {
  readonly queue: string;
  readonly messages: readonly QueueMessage<Body>[];
}

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

export interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
}
