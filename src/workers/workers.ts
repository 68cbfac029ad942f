import { fireTimer, type ClassifyFn } from '../conversation/engine';
import type { Services } from '../services';
import { launchDueCampaigns } from '../campaigns/service';
import { drainHere } from '../queue/wake';
import { deliverAllDue, processSend } from './sender';
import { sweep } from './sweep';
import { recordDead } from './dead-letters';
import { createDrainer } from './drain';

/** Connections kept free of jobs for HTTP requests and the sweep. */
export const POOL_RESERVE = 4;
/**
 * Connections the jobs can hold at once: the drain's loops (`concurrency`), the deliveries it has
 * in flight after commit (`concurrency`), the send jobs (`concurrency`) and one each for the
 * fallback queues (a conversation or a timer alone) — within 3 × concurrency + the reserve. The two
 * `deliver` jobs hold a connection only for a claim's short transaction (never while a provider
 * call or a throttled row's turn is awaited) and draw on the reserve.
 */
export const requiredPool = (concurrency: number) => 3 * concurrency + POOL_RESERVE;

/** Conversations per drain transaction. */
export const DRAIN_BATCH = 200;
/** The drain's gathering window: a round after a wake-up from idle, or after a round of fewer than DRAIN_GATHER_BELOW conversations, waits this long for company. */
export const DRAIN_GATHER_MS = 10;
export const DRAIN_GATHER_BELOW = 8;

/** How long a `deliver` wake-up waits at most for this process's drain to finish firing a storm's timers. */
const DELIVER_WAITS_FOR_STORM_MS = 30_000;

/** The classifier of a flow's LLM-failure policy, with the conversation's context. */
export function classifierOf(s: Services): ClassifyFn {
  return async (m, context, flow) =>
    s.classifiers[flow.policy.onLlmFailure].classify({
      text: m.body,
      locale: context.locale,
      now: s.clock.now().toISOString(),
      timezone: context.timezone,
      context: { expecting: context.expecting, options: context.offeredCounts.length ? context.offeredCounts : undefined },
    });
}

/**
 * Registers the processors and the periodic sweep in this process (role worker|all): the drain
 * (the conversation stage in batches; immediate wake-ups from this process's API reach it in
 * process), the send jobs, and the fallback jobs of one conversation or one timer alone.
 * Refuses to start when the Postgres pool is smaller than the connections the jobs can hold at once
 * (plus a reserve): a job waits for a connection, never for another job's. PGlite has one connection
 * and runs one statement at a time; there the guard in db/client.ts (no query beside an open
 * transaction) is what keeps it from deadlocking.
 */
export function startWorkers(s: Services, opts: { concurrency?: number; sweep?: boolean } = {}) {
  const concurrency = opts.concurrency ?? 8;
  if (s.database.kind === 'postgres' && s.database.maxConnections < requiredPool(concurrency))
    throw new Error(
      `the Postgres pool (${s.database.maxConnections}) is smaller than 3 × ${concurrency} jobs + ${POOL_RESERVE}: set DB_POOL_MAX ≥ ${requiredPool(concurrency)} or lower WORKER_CONCURRENCY`,
    );
  s.queue.onDead((name, data, error, attempts) => recordDead(s, name, data, error, attempts));
  const drainer = createDrainer(s, classifierOf(s), { loops: Math.max(1, Math.min(concurrency, 4)), batch: DRAIN_BATCH, deliveries: concurrency, gatherMs: DRAIN_GATHER_MS, gatherBelow: DRAIN_GATHER_BELOW });
  // On Workers nothing may run after the handler returns: wake-ups there stay queue messages.
  const edge = s.queue.kind === 'cloudflare';
  const undoLocal = edge ? () => {} : drainHere(s.queue, drainer.kick);
  s.queue.work('drain', () => drainer.run(), concurrency);
  s.queue.work('conversation', ({ conversationId }) => drainer.one(conversationId), 1);
  s.queue.work(
    'timer',
    async ({ timerId }) => {
      await fireTimer(s, timerId);
    },
    1,
  );
  s.queue.work(
    'send',
    async ({ outboxId }) => {
      await processSend(s, outboxId);
    },
    concurrency,
  );
  // Wake-ups of the send stage (the sweep's, throttle slots, ends of holds): batches. Two at once, so
  // the next bucket's claim is not held behind throttled rows still waiting for their turn. While
  // this process fires a storm's timers, a wake-up waits for the firing (bounded) instead of
  // starting a second send lane beside the drain's own deliveries (decision 0121).
  s.queue.work(
    'deliver',
    async () => {
      await drainer.calm(DELIVER_WAITS_FOR_STORM_MS);
      await deliverAllDue(s);
    },
    2,
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
  // Work already waiting when this process starts (a restart after a crash) does not wait for the sweep.
  if (!edge) drainer.kick();
  return {
    sweepNow: tick,
    /** Resolves once the drain is idle and its deliveries are done. */
    drained: () => drainer.settled(),
    /** Stops the sweep and the drain; resolves once the drain's running rounds and deliveries are done. */
    stop: async () => {
      if (handle) clearInterval(handle);
      undoLocal();
      await drainer.stop();
    },
  };
}
