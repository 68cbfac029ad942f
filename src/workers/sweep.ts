import { and, inArray, isNotNull, isNull, lte, eq, notExists, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { deadLetters, messages, outbox, timerPending, timers } from '../../db/schema';
import type { Services } from '../services';
import { readWithPlainIndexScans } from '../db/batch';
import type { DbOrTx } from '../db/client';
import { wakeDeliver, wakeDrain } from '../queue/wake';
import { reconcileSends } from './reconcile';

/**
 * Postgres is the truth; Redis only wakes things up. The sweep wakes whatever is due — due sends
 * one `deliver` job (deliverDue: every due row in batches), due timers and waiting replies one
 * wake-up of the drain — so a FLUSHALL, a crash between commit and relay, or a dead worker loses
 * nothing. Its wake-ups are one job per 10 ms bucket (queue/wake.ts), never one per row, so a
 * night of held sends or a storm's backlog costs a count per sweep; every processor is a no-op on
 * rows that are no longer pending, so a double wake-up is harmless.
 */
/** No live dead letter for this subject: the sweep never re-queues a dead row (an admin decides). */
const notDead = (deps: Pick<Services, 'db'>, queue: string, subject: AnyColumn) =>
  notExists(
    deps.db
      .select({ one: sql`1` })
      .from(deadLetters)
      .where(and(eq(deadLetters.queue, queue), eq(deadLetters.subjectId, subject), eq(deadLetters.status, 'dead'))),
  );

/** How many rows of `table` match `where`, counting no further than `limit` (a backlog costs a bounded count, not a scan). */
async function countUpTo(db: DbOrTx, table: typeof timers | typeof outbox, where: SQL | undefined, limit: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sql`(${db.select({ one: sql`1` }).from(table).where(where).limit(limit)}) as due`);
  return row?.n ?? 0;
}

export async function sweep(deps: Pick<Services, 'db' | 'queue' | 'clock'> & Partial<Pick<Services, 'provider' | 'log' | 'config'>>, opts: { limit?: number; inboundGraceMs?: number; sendingStaleMs?: number } = {}) {
  const now = deps.clock.now();
  const limit = opts.limit ?? 2000;
  // Sends whose outcome was lost (a worker killed mid-send, a provider timeout): reconciled with
  // the provider, or held for a person; never sent twice (invariant 4).
  if ('provider' in deps && 'log' in deps) {
    try {
      await reconcileSends(deps as Pick<Services, 'db' | 'queue' | 'clock' | 'provider' | 'log'>, {
        staleMs: opts.sendingStaleMs ?? deps.config?.reconcileAfterMs,
        unknownAfterMs: deps.config?.reconcileAfterMs,
      });
    } catch (e) {
      (deps as Pick<Services, 'log'>).log.warn({ err: e }, 'reconciling sends failed; next sweep tries again');
    }
  }
  // Both counts read the pending-only index ranges a storm leaves full of dead entries (fired timers, claimed and
  // sent rows; autovacuum off): as plain index scans, which mark those entries dead as they pass them, not bitmaps,
  // which walk every one of them each sweep (storm17, decision 0171). One transaction, bitmap scans off inside it
  // (SET LOCAL); BEGIN, the setting and both counts in one round trip, the COMMIT behind them.
  const [timersDue, sendsDue] = await readWithPlainIndexScans(deps.db, (tx) => [
    countUpTo(tx, timers, and(timerPending, lte(timers.dueAt, now), notDead(deps, 'timer', timers.id)), limit),
    // Held rows (quiet hours, a cap) sleep with notBefore = the end of the hold: not due, not counted, not woken.
    countUpTo(tx, outbox, and(inArray(outbox.status, ['pending', 'held']), lte(outbox.notBefore, now), notDead(deps, 'send', outbox.id)), limit),
  ]);
  const grace = new Date(now.getTime() - (opts.inboundGraceMs ?? 2000));
  const waitingInbound = await deps.db
    .selectDistinct({ conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.direction, 'inbound'), isNull(messages.processedAt), isNotNull(messages.conversationId), lte(messages.createdAt, grace), notDead(deps, 'conversation', messages.conversationId)))
    .limit(limit);

  // Due sends are the send stage's: one wake-up takes them all, in batches (deliverDue).
  if (sendsDue) await wakeDeliver(deps.queue);
  // Due timers and waiting replies are the drain's: one wake-up takes them all, in batches.
  if (timersDue || waitingInbound.length) await wakeDrain(deps.queue);
  return { timers: timersDue, sends: sendsDue, conversations: waitingInbound.length };
}
