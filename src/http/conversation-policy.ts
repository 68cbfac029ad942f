import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { conversations } from '../../db/schema';
import { auditActor, canReadConversation } from '../auth/actor';
import { handledBy } from '../dunning/collector';
import { AppError } from '../shared/errors';
import type { AppEnv } from './app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Collectors see the queue (escalated, unclaimed), the threads they hold and, read-only, threads they
 * handled before; reading a thread that another collector holds, or one they never touched, is denied
 * (403). Admins see everything.
 * Mounted on /api/conversations/* right after authentication. HEAD is judged as GET.
 */
export function conversationPolicy(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (actor.role === 'admin') return next();
    const rest = c.req.path.replace(/^\/api\/conversations\/?/, '');
    if (!rest) {
      const status = c.req.query('status') ?? 'escalated';
      if (status !== 'escalated') throw new AppError('forbidden', 'collectors see the escalated queue');
      return next();
    }
    const id = rest.split('/')[0]!;
    if (!UUID.test(id)) return next();
    const [conv] = await c.get('services').db.select({ status: conversations.status, heldBy: conversations.heldBy }).from(conversations).where(eq(conversations.id, id));
    // Actions (claim, reply, …) judge holds themselves and answer 409 with a reason; reads are denied here.
    if (!conv || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    const handled = !conv.heldBy && conv.status !== 'escalated' && (await handledBy(c.get('services').db, id, auditActor(actor)));
    if (!canReadConversation(actor, { ...conv, handled })) throw new AppError('forbidden', 'this thread is held by another collector or not in the queue');
    return next();
  };
}
