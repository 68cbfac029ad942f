import type { PostCommit } from './queue';
import type { Services } from '../services';
import { jobIds } from '../queue/port';

/**
 * After commit: wake-ups for the new outbox and timer rows. If this fails (Redis down, crash
 * between commit and here) nothing is lost: the sweep finds the same rows in Postgres.
 */
export async function relay(deps: Pick<Services, 'queue' | 'clock' | 'log'>, post: PostCommit): Promise<void> {
  const now = deps.clock.now().getTime();
  try {
    await deps.queue.addBulk(
      'send',
      post.outbox.map((o) => ({ data: { outboxId: o.id }, opts: { jobId: jobIds.send(o.id, o.notBefore), delayMs: o.notBefore.getTime() - now } })),
    );
    await deps.queue.addBulk(
      'timer',
      post.timers.map((t) => ({ data: { timerId: t.id }, opts: { jobId: jobIds.timer(t.id), delayMs: t.dueAt.getTime() - now } })),
    );
  } catch (e) {
    deps.log.warn({ err: e }, 'relay to queue failed; the sweep will pick the rows up');
  }
}
