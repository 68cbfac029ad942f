import type { JobQueue } from '../../src/queue/port';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `f` until it holds; throws after `ms`. */
export async function until(f: () => boolean, ms = 10_000, every = 5): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(every);
  }
}

/** A queue that has connected (BullMQ refuses adds while Redis is still connecting). */
export async function ready(q: JobQueue): Promise<JobQueue> {
  for (let i = 0; ; i++) {
    try {
      await q.ping();
      return q;
    } catch (e) {
      if (i > 200) throw e;
      await sleep(25);
    }
  }
}
