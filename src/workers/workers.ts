import { fireTimer, processInbound } from '../conversation/engine';
import type { Services } from '../services';
import { launchDueCampaigns } from '../campaigns/service';
import { processSend } from './sender';
import { sweep } from './sweep';
import { recordDead } from './dead-letters';

/** Connections kept free of jobs for HTTP requests and the sweep. */
export const POOL_RESERVE = 4;
/** Three queues, each running `concurrency` jobs that each hold at most one connection at a time. */
export const requiredPool = (concurrency: number) => 3 * concurrency + POOL_RESERVE;

/**
 * Registers the three processors and the periodic sweep in this process (role worker|all).
 * Refuses to start when the Postgres pool is smaller than the jobs that can run at once (plus a
 * reserve): a job waits for a connection, never for another job's. PGlite has one connection and
 * runs one statement at a time; there the guard in db/client.ts (no query beside an open transaction)
 * is what keeps it from deadlocking.
 */
export function startWorkers(s: Services, opts: { concurrency?: number; sweep?: boolean } = {}) {
  const concurrency = opts.concurrency ?? 8;
  if (s.database.kind === 'postgres' && s.database.maxConnections < requiredPool(concurrency))
    throw new Error(
      `the Postgres pool (${s.database.maxConnections}) is smaller than 3 queues × ${concurrency} jobs + ${POOL_RESERVE}: set DB_POOL_MAX ≥ ${requiredPool(concurrency)} or lower WORKER_CONCURRENCY`,
    );
  s.queue.onDead((name, data, error, attempts) => recordDead(s, name, data, error, attempts));
  s.queue.work(
    'conversation',
    async ({ conversationId }) => {
      await processInbound(s, conversationId, async (m, context, flow) =>
        s.classifiers[flow.policy.onLlmFailure].classify({
          text: m.body,
          locale: context.locale,
          now: s.clock.now().toISOString(),
          timezone: context.timezone,
          context: { expecting: context.expecting, options: context.offeredCounts.length ? context.offeredCounts : undefined },
        }),
      );
    },
    concurrency,
  );
  s.queue.work(
    'timer',
    async ({ timerId }) => {
      await fireTimer(s, timerId);
    },
    concurrency,
  );
  s.queue.work(
    'send',
    async ({ outboxId }) => {
      await processSend(s, outboxId);
    },
    concurrency,
  );
  let handle: ReturnType<typeof setInterval> | null = null;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sweep(s);
      await launchDueCampaigns(s);
    } catch (e) {
      s.log.warn({ err: e }, 'sweep failed');
    } finally {
      running = false;
    }
  };
  if (opts.sweep !== false) {
    handle = setInterval(tick, s.config.sweepIntervalMs);
    void tick();
  }
  return {
    sweepNow: tick,
    stop: () => {
      if (handle) clearInterval(handle);
    },
  };
}
