import type { MessageBatch, Queue } from './cloudflare-types';
import { jobPolicy, jobs, type EnqueueOptions, type JobData, type JobName, type JobQueue } from './port';
import { checkedHandler, isJobName, jobSchemas } from './job-types';

/** What goes on the Cloudflare queue: the job's name, its zod-checked data and the id it was given. */
export interface QueuedJob {
  name: JobName;
  data: unknown;
  jobId: string;
}

/** Cloudflare Queues refuse a delay above 12 hours; later wake-ups are left to the cron sweep. */
export const MAX_DELAY_SECONDS = 43_200;
/** sendBatch takes at most 100 messages. */
const BATCH = 100;

export interface CloudflareJobQueue extends JobQueue {
  /** The Worker's `queue()` handler: runs each message's registered processor, acks or retries it. */
  consume(batch: MessageBatch<unknown>): Promise<{ acked: number; retried: number; dropped: number }>;
}

/**
 * The queue port on Cloudflare Queues. Like BullMQ here, the queue carries only wake-ups: Postgres
 * is the truth and every processor is a no-op on rows that are no longer pending. Queues do not
 * dedupe by id, so a wake-up may arrive twice (relay + sweep); that costs one idle read.
 * Delays round up to whole seconds, so a wake-up never arrives before its row is due.
 */
export function createCloudflareQueue(binding: Queue<QueuedJob>, opts: { onError?: (e: unknown, name: string) => void; retryBaseSeconds?: number } = {}): CloudflareJobQueue {
  const handlers = new Map<JobName, (data: unknown) => Promise<void>>();
  let dead: Parameters<JobQueue['onDead']>[0] | undefined;
  const retryBase = opts.retryBaseSeconds ?? 5;

  const toMessage = <N extends JobName>(name: N, data: JobData<N>, o: EnqueueOptions) => {
    jobs[name].parse(data);
    const delaySeconds = Math.max(0, Math.ceil((o.delayMs ?? 0) / 1000));
    if (delaySeconds > MAX_DELAY_SECONDS) return null;
    const body: QueuedJob = { name, data, jobId: o.jobId };
    return delaySeconds > 0 ? { body, delaySeconds } : { body };
  };

  return {
    kind: 'cloudflare',
    async add(name, data, o) {
      const m = toMessage(name, data, o);
      if (m) await binding.send(m.body, m.delaySeconds ? { delaySeconds: m.delaySeconds } : undefined);
    },
    async addBulk(name, items) {
      const msgs = items.map((i) => toMessage(name, i.data, i.opts)).filter((m) => m !== null);
      for (let i = 0; i < msgs.length; i += BATCH) await binding.sendBatch(msgs.slice(i, i + BATCH));
    },
    work(name, handler) {
      // Concurrency is the consumer's max_batch_size / max_concurrency in wrangler.toml.
      handlers.set(name, checkedHandler(name, handler));
    },
    onDead(fn) {
      dead = fn;
    },
    async ping() {},
    async close() {},
    async consume(batch) {
      let acked = 0;
      let retried = 0;
      let dropped = 0;
      /** Runs one message's processor; false when there is none or the data does not parse. */
      const deliver = async <N extends JobName>(name: N, data: unknown, msg: (typeof batch.messages)[number]): Promise<boolean> => {
        const handler = handlers.get(name);
        const parsed = jobSchemas[name].safeParse(data);
        if (!handler || !parsed.success) return false;
        try {
          await handler(parsed.data);
          acked++;
          msg.ack();
        } catch (e) {
          opts.onError?.(e, name);
          // The last attempt declared in jobPolicy (the same for every queue) ends in a dead letter.
          if (dead && msg.attempts >= jobPolicy[name].attempts) {
            await dead(name, parsed.data, e, msg.attempts);
            dropped++;
            msg.ack();
            return true;
          }
          retried++;
          msg.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, retryBase * 2 ** Math.max(0, msg.attempts - 1)) });
        }
        return true;
      };
      await Promise.all(
        batch.messages.map(async (msg) => {
          const body = msg.body as Partial<QueuedJob> | null;
          const name = body?.name;
          if (!name || !isJobName(name) || !(await deliver(name, body?.data, msg))) {
            // Not ours or malformed: retrying cannot help. Postgres still holds any real work.
            opts.onError?.(new Error(`unusable queue message (${String(name)})`), String(name));
            dropped++;
            msg.ack();
          }
        }),
      );
      return { acked, retried, dropped };
    },
  };
}
