/** Cloudflare Queues shapes, declared structurally (names follow @cloudflare/workers-types). */

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
