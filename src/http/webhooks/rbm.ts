import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { messages } from '../../../db/schema';
import { verificationSecret } from '../../channels/rbm/provider';
import { applyEvent } from '../../conversation/engine';
import { ingestInbound } from '../../conversation/ingress';
import { routerOf } from '../../outbox/routes';
import { applyStatus } from '../../channels/status';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';

/**
 * One URL for everything RBM pushes: the console's `{clientToken, secret}` check (answered with the
 * secret), user messages (text or a tapped suggestion) and DELIVERED / READ events. Verified with
 * X-Goog-Signature before anything is read; events we do not use (IS_TYPING) are acknowledged, since
 * anything but 200 makes RBM retry for a week.
 */
export function rbmWebhooks() {
  return new Hono<AppEnv>().post('/', async (c) => {
    const s = c.get('services');
    const rcs = routerOf(s).rcs;
    if (!rcs) throw new AppError('not_found', 'RBM is not configured');
    const rawBody = await c.req.text();
    const secret = verificationSecret(rawBody, rcs.clientToken);
    if (secret !== null) return c.text(secret, 200);
    const req = { url: `${s.config.publicBaseUrl}${new URL(c.req.url).pathname}`, headers: { 'x-goog-signature': c.req.header('x-goog-signature') }, rawBody };
    if (!(await rcs.provider.verifySignature(req))) throw new AppError('forbidden', 'invalid X-Goog-Signature');
    const status = rcs.provider.parseStatus(req);
    if (status.ok) {
      const r = await applyStatus(s, 'rbm', status.value.providerMessageId, status.value.status);
      if (status.value.read) {
        const [read] = await s.db
          .update(messages)
          .set({ readAt: s.clock.now() })
          .where(and(eq(messages.provider, 'rbm'), eq(messages.providerMessageId, status.value.providerMessageId), isNull(messages.readAt)))
          .returning({ conversationId: messages.conversationId });
        // The flow hears `message_read` once per message: it can arm a "read but no reply" timer
        // (startTimer on message_read, cancelTimer on a reply); flows that do not listen ignore it.
        if (read?.conversationId) await applyEvent(s, read.conversationId, async () => ({ type: 'message_read', now: s.clock.now().toISOString() }));
      }
      return c.json({ ok: true, result: r }, 200);
    }
    const inbound = rcs.provider.parseInbound(req);
    if (inbound.ok) {
      const r = await ingestInbound(s, inbound.value);
      return c.json({ ok: true, duplicate: r.status === 'duplicate' }, 200);
    }
    if (/not a delivery event/.test(status.error)) return c.json({ ok: true, ignored: true }, 200);
    throw new AppError('bad_request', inbound.error);
  });
}
