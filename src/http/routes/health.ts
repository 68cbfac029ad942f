import { Hono } from 'hono';
import type { AppEnv } from '../app';

export function healthRoutes() {
  return new Hono<AppEnv>().get('/healthz', async (c) => {
    const s = c.get('services');
    const check = async (f: () => Promise<void>) => {
      try {
        await Promise.race([f(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000))]);
        return 'ok';
      } catch {
        return 'down';
      }
    };
    const [database, queue] = await Promise.all([check(() => s.database.ping()), check(() => s.queue.ping())]);
    const down = [...(database === 'ok' ? [] : ['database']), ...(queue === 'ok' ? [] : ['queue'])];
    // `down` names what is missing, so an operator (or a load balancer's log) sees which one.
    return c.json({ status: down.length ? 'unavailable' : 'ok', database, queue, ...(down.length ? { down } : {}) }, down.length ? 503 : 200);
  });
}
