import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, deadLetters, messages, outbox, timers } from '../../db/schema';
import type { Services } from '../services';
import type { JobName } from '../queue/port';
import { isJobName, jobFor, subjectOfJob } from '../queue/job-types';
import { causeOf } from '../db/batch';

type Deps = Pick<Services, 'db' | 'queue' | 'clock' | 'log'>;

/** A job failed its last attempt: one live dead letter per subject, with the reason. */
export async function recordDead(deps: Deps, name: JobName, data: unknown, error: unknown, attempts: number): Promise<void> {
  // A drain or a deliver is about no row: its work is still in Postgres and the sweep wakes it again.
  if (name === 'drain' || name === 'deliver') {
    deps.log.error({ queue: name, attempts }, `${name} failed every attempt; the sweep wakes it again`);
    return;
  }
  const subjectId = subjectOfJob(name, data);
  if (!subjectId) return void deps.log.error({ queue: name, attempts }, 'job failed every attempt and its data names no row');
  // The database's own error, not the driver's wrapper (whose message is the statement and its
  // parameters: a batch's bodies and phones would land in the dead letter).
  const cause = causeOf(error);
  const reason = (cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)).slice(0, 500);
  await deps.db.transaction(async (tx) => {
    const [live] = await tx
      .select({ id: deadLetters.id })
      .from(deadLetters)
      .where(and(eq(deadLetters.queue, name), eq(deadLetters.subjectId, subjectId), eq(deadLetters.status, 'dead')))
      .for('update');
    if (live) return;
    await tx.insert(deadLetters).values({ queue: name, subjectId, reason, attempts });
    await tx.insert(auditEvents).values({ actor: 'system', type: 'job.dead', data: { queue: name, subjectId, reason: reason.slice(0, 200), attempts } });
  });
  deps.log.error({ queue: name, subjectId, attempts, reason: reason.slice(0, 200) }, 'job failed every attempt: dead letter');
}

export const DeadLetterQuery = z.object({
  status: z.enum(['dead', 'retried', 'discarded']).default('dead'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listDeadLetters(deps: Pick<Services, 'db'>, q: z.infer<typeof DeadLetterQuery>) {
  return deps.db
    .select()
    .from(deadLetters)
    .where(eq(deadLetters.status, q.status))
    .orderBy(q.status === 'dead' ? asc(deadLetters.createdAt) : desc(deadLetters.createdAt))
    .limit(q.limit);
}

type Outcome = { ok: true; status: string } | { ok: false; code: 'not_found' | 'conflict'; message: string };

/**
 * Retry: the row becomes `retried`, so the sweep takes its subject again, and a job is enqueued now.
 * Discard: the subject is closed so nothing wakes it again (the poison inbound is marked processed,
 * the timer cancelled, the send failed), and the row becomes `discarded`.
 */
export async function resolveDeadLetter(deps: Deps, id: string, action: 'retry' | 'discard', actor: string): Promise<Outcome> {
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const [dl] = await tx.select().from(deadLetters).where(eq(deadLetters.id, id)).for('update');
    if (!dl) return null;
    if (dl.status !== 'dead') return { ...dl, conflict: true as const };
    if (action === 'discard') {
      if (dl.queue === 'conversation') {
        // The oldest unprocessed inbound is the one that fails (processing is oldest first).
        const [poison] = await tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.conversationId, dl.subjectId), eq(messages.direction, 'inbound'), isNull(messages.processedAt)))
          .orderBy(asc(messages.seq))
          .limit(1);
        if (poison) await tx.update(messages).set({ processedAt: now, explanation: 'discarded by an admin (dead letter)' }).where(eq(messages.id, poison.id));
      } else if (dl.queue === 'timer') {
        await tx.update(timers).set({ status: 'cancelled' }).where(and(eq(timers.id, dl.subjectId), eq(timers.status, 'pending')));
      } else {
        await tx.update(outbox).set({ status: 'failed', reason: 'discarded by an admin (dead letter)' }).where(and(eq(outbox.id, dl.subjectId), eq(outbox.status, 'pending')));
      }
    }
    const status = action === 'retry' ? 'retried' : 'discarded';
    await tx.update(deadLetters).set({ status, resolvedAt: now, resolvedBy: actor }).where(eq(deadLetters.id, id));
    await tx.insert(auditEvents).values({ actor, type: `job.dead_${status}`, data: { deadLetterId: id, queue: dl.queue, subjectId: dl.subjectId } });
    return { ...dl, status, conflict: false as const };
  });
  if (!row) return { ok: false, code: 'not_found', message: 'no such dead letter' };
  if (row.conflict) return { ok: false, code: 'conflict', message: `already ${row.status}` };
  if (action === 'retry') {
    const jobId = `${row.queue}-${row.subjectId}-retry-${row.id}`;
    try {
      if (isJobName(row.queue)) await deps.queue.add(row.queue, jobFor(row.queue, row.subjectId), { jobId });
    } catch (e) {
      deps.log.warn({ err: e }, 'could not enqueue the retried job; the sweep will');
    }
  }
  return { ok: true, status: row.status };
}
