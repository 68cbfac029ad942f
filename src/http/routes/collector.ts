import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  claimConversation,
  handBack,
  HandbackBody,
  listConversations,
  QueueQuery,
  replyAsCollector,
  ReplyBody,
  resolveConversation,
  ResolveBody,
  type ActingAs,
  type CollectorRefusal,
} from '../../dunning/collector';
import { auditActor, type Actor } from '../../auth/actor';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { jsonBody } from '../validate';

const Id = z.string().uuid();

/** Who acts: the authenticated actor when auth sets one, else the bootstrap admin token. */
function actorOf(c: Context<AppEnv>): string {
  const actor = (c.get as (key: string) => unknown)('actor') as { id?: string } | undefined;
  return actor?.id ?? 'admin';
}

/** Audit rows carry `user:<id>`; collectors act only on threads they hold and see only theirs and the queue. */
function actingAs(c: Context<AppEnv>): ActingAs {
  const actor = (c.get as (key: string) => unknown)('actor') as Actor | undefined;
  if (!actor) return {};
  const collector = actor.role !== 'admin';
  return { audit: auditActor(actor), mustHold: collector, ownOnly: collector };
}

function idOf(c: Context<AppEnv>): string {
  const id = Id.safeParse(c.req.param('id'));
  if (!id.success) throw new AppError('not_found', 'no such conversation');
  return id.data;
}

/** The app's one error body, plus the machine-readable `reason` a collector's client branches on. */
function refused(_c: Context<AppEnv>, r: CollectorRefusal): never {
  throw new AppError(r.code, r.message, undefined, r.reason);
}

/** Collector actions on /api/conversations (mounted beside the read route). */
export function collectorRoutes() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const q = QueueQuery.safeParse(c.req.query());
      if (!q.success) {
        const first = q.error.issues[0]!;
        throw new AppError('unprocessable', `${first.path.join('.') || 'query'}: ${first.message}`, { field: first.path.join('.') });
      }
      const as = actingAs(c);
      if (as.ownOnly && q.data.heldBy && q.data.heldBy !== 'me' && q.data.heldBy !== 'none') throw new AppError('forbidden', "collectors list only their own threads (heldBy=me) and the unclaimed queue (heldBy=none)");
      const r = await listConversations(c.get('services'), q.data, actorOf(c), as);
      if (!r.ok) return refused(c, r);
      return c.json({ items: r.items, nextCursor: r.nextCursor });
    })
    .post('/:id/claim', async (c) => {
      const r = await claimConversation(c.get('services'), idOf(c), actorOf(c), actingAs(c));
      if (!r.ok) return refused(c, r);
      return c.json({ id: c.req.param('id'), heldBy: r.heldBy, heldAt: r.heldAt });
    })
    .post('/:id/reply', async (c) => {
      const id = idOf(c);
      const { body } = await jsonBody(c, ReplyBody);
      const key = c.req.header('idempotency-key')?.slice(0, 100);
      const r = await replyAsCollector(c.get('services'), id, actorOf(c), { body, idempotencyKey: key }, actingAs(c));
      if (!r.ok) return refused(c, r);
      return c.json({ messageId: r.messageId, status: r.status }, 202);
    })
    .post('/:id/resolve', async (c) => {
      const id = idOf(c);
      const { outcome } = await jsonBody(c, ResolveBody);
      const r = await resolveConversation(c.get('services'), id, actorOf(c), outcome, actingAs(c));
      if (!r.ok) return refused(c, r);
      return c.json({ id, status: r.status, state: r.state, outcome });
    })
    .post('/:id/handback', async (c) => {
      const id = idOf(c);
      // An empty body means "resume dunning".
      const raw = await c.req.text();
      const parsed = HandbackBody.safeParse(raw.trim() ? safeJson(raw) : {});
      if (!parsed.success) throw new AppError('unprocessable', `resumeAt: ${parsed.error.issues[0]!.message}`, { field: 'resumeAt' });
      const r = await handBack(c.get('services'), id, actorOf(c), parsed.data.resumeAt, actingAs(c));
      if (!r.ok) return refused(c, r);
      return c.json({ id, status: r.status, state: r.state });
    });
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', 'body must be valid JSON');
  }
}
