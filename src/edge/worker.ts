import { EnvError } from '../config/env';
import { createApp } from '../http/app';
import { startWorkers } from '../workers/workers';
import { sweep } from '../workers/sweep';
import type { ExecutionContext, MessageBatch, ScheduledController } from './bindings';
import { openEdgeServices, type WorkerEnv } from './services';

/**
 * saisoku on Cloudflare Workers: one script is the HTTP app (webhooks, API, payment links, UI),
 * the consumer of the JOBS queue, and the cron-triggered sweep that wakes whatever Postgres says
 * is due (timers, sends, unprocessed inbound), so wake-ups beyond a queue's 12-hour delay need
 * nothing else.
 */
export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let services;
    try {
      services = await openEdgeServices(env);
    } catch (e) {
      const message = e instanceof EnvError ? e.message : 'the service is not available';
      if (!(e instanceof EnvError)) console.error('worker start failed', (e as Error).name);
      return Response.json({ error: { code: 'unavailable', message, requestId: crypto.randomUUID() } }, { status: 503 });
    }
    try {
      return await createApp(services).fetch(request);
    } finally {
      ctx.waitUntil(services.database.close());
    }
  },

  async queue(batch: MessageBatch, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const services = await openEdgeServices(env);
    try {
      // The consumer's concurrency is the batch (wrangler.toml max_batch_size), not a per-queue count:
      // register the processors with the smallest pool check; a job never queries beside its own
      // transaction (the tx guard), so a batch larger than the pool waits for connections, never deadlocks.
      startWorkers(services, { sweep: false, concurrency: 1 });
      const r = await services.queue.consume(batch);
      services.log.debug({ queue: batch.queue, ...r }, 'queue batch');
    } finally {
      ctx.waitUntil(services.database.close());
    }
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const services = await openEdgeServices(env);
    try {
      const r = await sweep(services);
      services.log.info({ cron: controller.cron, ...r }, 'sweep');
    } finally {
      ctx.waitUntil(services.database.close());
    }
  },
};
