import type { PostCommit } from './queue';
import type { Services } from '../services';
import { jobIds } from '../queue/port';
import { wakeDrainAt } from '../queue/wake';

/**
 * After commit: wake-ups for the new outbox rows (a send job each) and timer rows (the drain, at
 * their due times). If this fails (Redis down, crash
 * between commit and here) nothing is lost: the sweep finds the same rows in Postgres.
 */
export async function relay(deps: Pick<Services, 'queue' | 'clock' | 'log'>, post: PostCommit): Promise<void> {
  const now = deps.clock.now().getTime();
  try {
    await deps.queue.addBulk(
      'send',
      post.outbox.map((o) => ({ data: { outboxId: o.id }, opts: { jobId: jobIds.send(o.id, o.notBefore), delayMs: o.notBefore.getTime() - now } })),
    );
    // Timers wake the drain at their due time, coalesced per bucket (a storm of timers due together is one job).
    await wakeDrainAt(deps.queue, post.timers.map((t) => t.dueAt.getTime() - now));
  } catch (e) {
    deps.log.warn({ err: e }, 'relay to queue failed; the sweep will pick the rows up');
  }
}
