import type { PostCommit } from './queue';
import type { Services } from '../services';
import { jobIds } from '../queue/port';
import { wakeDeliverAt, wakeDrainAt } from '../queue/wake';

/** An outbox row due later than this is woken by a coalesced `deliver` job at its time, not a `send` job of its own. */
export const RELAY_LATER_MS = 1_000;
/** More rows than this due now (a campaign resumed or cancelled): one `deliver` wake-up takes them in batches, not a `send` job each. */
export const RELAY_MANY_DUE = 200;

/**
 * After commit: wake-ups for the new outbox rows and timer rows. A row due now gets its own `send`
 * job (at once, that row alone); more than RELAY_MANY_DUE due now (a campaign resumed or cancelled)
 * are one `deliver` wake-up (the sweep's: every due row in batches; the next sweep goes on if
 * more are left). Rows due later (a hold until the morning, a retry's backoff, a
 * reply answered at night) wake the send stage at their time with one `deliver` job per second they
 * fall in (queue/wake.ts): many rows due together are one job whose claim takes them all in batches,
 * not one job per row. Timers wake the drain at their due times, coalesced the same way. Either way
 * a row goes to the provider at most once: the sender's claim (FOR UPDATE SKIP LOCKED, status
 * pending/held) is what sends it, whichever job gets there. If this fails (Redis down, crash
 * between commit and here) nothing is lost: the sweep finds the same rows in Postgres.
 */
export async function relay(deps: Pick<Services, 'queue' | 'clock' | 'log'>, post: PostCommit): Promise<void> {
  const now = deps.clock.now().getTime();
  try {
    const due = post.outbox.filter((o) => o.notBefore.getTime() - now <= RELAY_LATER_MS);
    // A reduce, not Math.max(...rows): a resumed 100k-row campaign would overflow the call's argument limit.
    if (due.length > RELAY_MANY_DUE) await wakeDeliverAt(deps.queue, [due.reduce((latest, o) => Math.max(latest, o.notBefore.getTime() - now), 0)]);
    else
      await deps.queue.addBulk(
        'send',
        due.map((o) => ({ data: { outboxId: o.id }, opts: { jobId: jobIds.send(o.id, o.notBefore), delayMs: o.notBefore.getTime() - now } })),
      );
    if (due.length < post.outbox.length)
      await wakeDeliverAt(
        deps.queue,
        post.outbox.filter((o) => o.notBefore.getTime() - now > RELAY_LATER_MS).map((o) => o.notBefore.getTime() - now),
      );
    // Timers wake the drain at their due time, coalesced per bucket (a storm of timers due together is one job).
    await wakeDrainAt(deps.queue, post.timers.map((t) => t.dueAt.getTime() - now));
  } catch (e) {
    deps.log.warn({ err: e }, 'relay to queue failed; the sweep will pick the rows up');
  }
}
