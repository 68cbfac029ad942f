import { fireTimer, processInbound } from '../conversation/engine';
import type { Services } from '../services';
import { launchDueCampaigns } from '../campaigns/service';
import { processSend } from './sender';
import { sweep } from './sweep';

/** Registers the three processors and the periodic sweep in this process (role worker|all). */
export function startWorkers(s: Services, opts: { concurrency?: number; sweep?: boolean } = {}) {
  const concurrency = opts.concurrency ?? 20;
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
