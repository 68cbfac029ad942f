import { describe, expect, it } from 'vitest';
import type { MessageBatch, Queue, QueueMessage, QueueSendOptions } from '../../../src/edge/bindings';
import { createCloudflareQueue, MAX_DELAY_SECONDS, type QueuedJob } from '../../../src/queue/cloudflare-queue';

/**
 * The adapter's translation between the job port and a Queues binding. The binding here only
 * records what it is given; the real local queue (miniflare) runs in test/workers.
 */
function recordingBinding() {
  const sent: Array<{ body: QueuedJob; delaySeconds?: number }> = [];
  const batches: number[] = [];
  const binding: Queue<QueuedJob> = {
    async send(body, o) {
      sent.push({ body, ...(o?.delaySeconds ? { delaySeconds: o.delaySeconds } : {}) });
    },
    async sendBatch(msgs) {
      const list = [...msgs];
      batches.push(list.length);
      sent.push(...list);
    },
  };
  return { binding, sent, batches };
}

function message(body: unknown, attempts = 1) {
  const m = { id: crypto.randomUUID(), body, attempts, acked: false, retried: undefined as QueueSendOptions | undefined | null };
  const q: QueueMessage & typeof m = Object.assign(m, {
    ack() {
      m.acked = true;
    },
    retry(o?: QueueSendOptions) {
      m.retried = o ?? null;
    },
  });
  return q;
}

const uuid = () => crypto.randomUUID();

describe('Cloudflare Queues adapter', () => {
  it('rounds delays up to whole seconds and leaves wake-ups past 12 hours to the cron sweep', async () => {
    const { binding, sent } = recordingBinding();
    const q = createCloudflareQueue(binding);
    const t = uuid();
    await q.add('timer', { timerId: t }, { jobId: 'a', delayMs: 1 });
    await q.add('timer', { timerId: t }, { jobId: 'b', delayMs: 0 });
    await q.add('timer', { timerId: t }, { jobId: 'c', delayMs: -5000 });
    await q.add('timer', { timerId: t }, { jobId: 'd', delayMs: MAX_DELAY_SECONDS * 1000 });
    await q.add('timer', { timerId: t }, { jobId: 'e', delayMs: MAX_DELAY_SECONDS * 1000 + 1 });
    expect(sent).toEqual([
      { body: { name: 'timer', data: { timerId: t }, jobId: 'a' }, delaySeconds: 1 },
      { body: { name: 'timer', data: { timerId: t }, jobId: 'b' } },
      { body: { name: 'timer', data: { timerId: t }, jobId: 'c' } },
      { body: { name: 'timer', data: { timerId: t }, jobId: 'd' }, delaySeconds: MAX_DELAY_SECONDS },
    ]);
  });

  it('refuses bad job data before anything is sent, and sends bulk in batches of at most 100', async () => {
    const { binding, sent, batches } = recordingBinding();
    const q = createCloudflareQueue(binding);
    await expect(q.add('send', { outboxId: 'not-a-uuid' }, { jobId: 'x' })).rejects.toThrow();
    expect(sent).toHaveLength(0);
    await q.addBulk('send', Array.from({ length: 250 }, (_, i) => ({ data: { outboxId: uuid() }, opts: { jobId: `s${i}` } })));
    expect(batches).toEqual([100, 100, 50]);
    await q.addBulk('send', []);
    expect(batches).toEqual([100, 100, 50]);
  });

  it('runs the registered processor per message: ack on success, retry with growing delay on failure, drop what cannot run', async () => {
    const { binding } = recordingBinding();
    const errors: string[] = [];
    const q = createCloudflareQueue(binding, { onError: (_e, name) => errors.push(name), retryBaseSeconds: 5 });
    const done: string[] = [];
    q.work('send', async ({ outboxId }) => {
      if (outboxId.startsWith('0')) throw new Error('provider down');
      done.push(outboxId);
    }, 1);
    const ok = message({ name: 'send', data: { outboxId: '1' + uuid().slice(1) }, jobId: 'j1' });
    const failing1 = message({ name: 'send', data: { outboxId: '0' + uuid().slice(1) }, jobId: 'j2' }, 1);
    const failing3 = message({ name: 'send', data: { outboxId: '0' + uuid().slice(1) }, jobId: 'j3' }, 3);
    const unknown = message({ name: 'nope', data: {}, jobId: 'j4' });
    const noHandler = message({ name: 'timer', data: { timerId: uuid() }, jobId: 'j5' });
    const badData = message({ name: 'send', data: { outboxId: 42 }, jobId: 'j6' });
    const notAnObject = message(null);
    const batch: MessageBatch = { queue: 'saisoku-jobs', messages: [ok, failing1, failing3, unknown, noHandler, badData, notAnObject] };
    expect(await q.consume(batch)).toEqual({ acked: 1, retried: 2, dropped: 4 });
    expect(done).toHaveLength(1);
    expect(ok.acked).toBe(true);
    expect(failing1.retried).toEqual({ delaySeconds: 5 });
    expect(failing3.retried).toEqual({ delaySeconds: 20 });
    expect(failing1.acked).toBe(false);
    for (const m of [unknown, noHandler, badData, notAnObject]) expect(m.acked).toBe(true);
    expect(errors.filter((n) => n === 'send')).toHaveLength(3); // two failures + one bad payload
  });
});
