import { and, eq, inArray, max, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { conversations, messages } from '../../../db/schema';
import { auditActor, canReadConversation } from '../../auth/actor';
import { DraftBody, draftFor } from '../../conversation/drafts';
import { readConversation } from '../../conversation/read';
import { handledBy } from '../../dunning/collector';
import { InboxFilter, inboxQueue, peopleNames } from '../../dunning/inbox';
import { debtors } from '../../../db/schema';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { authenticate, requireRole } from '../auth';
import { openApiDocument } from '../openapi';
import { authRoutes } from '../routes/auth';
import { flowRoutes } from '../routes/flows';
import { userRoutes } from '../routes/users';
import { jsonBody } from '../validate';
import { pageCtx } from './context';
import { FlowEditorPage, FlowListPage } from './flows';
import { handbackTargets } from '../../conversation/handback';
import { ForbiddenPage, InboxPage, QueueTable, ThreadPage, ThreadView } from './inbox';
import { REASON } from './labels';
import { changeStream } from './change-stream';

const Id = z.string().uuid();
const DEFAULT_SCRIPT = 'day 0: reminder\nday 3 10:00: 25日に払います\nday 9: wait\n';

async function queueFor(c: Context<AppEnv>) {
  const actor = c.get('actor');
  const filter = InboxFilter.parse(c.req.query());
  // Collectors see unclaimed threads and their own; admins see who holds what.
  const items = await inboxQueue(c.get('services').db, filter, { id: actor.id, ownOnly: actor.role !== 'admin' });
  return { items, filter };
}

async function threadFor(c: Context<AppEnv>) {
  const id = Id.safeParse(c.req.param('id'));
  const conv = id.success ? await readConversation(c.get('services').db, id.data) : null;
  if (!conv) throw new AppError('not_found', 'no such conversation');
  const heldBy = conv.escalation?.heldBy ?? null;
  const actor = c.get('actor');
  // A collector who handed the thread back or resolved it still reads it, for the record (read-only).
  const handled = actor.role !== 'admin' && !heldBy && conv.status !== 'escalated' && (await handledBy(c.get('services').db, conv.id, auditActor(actor)));
  if (!canReadConversation(actor, { status: conv.status, heldBy, handled })) return { conv, heldBy, denied: true as const, people: {}, name: '', resumeTargets: [] };
  const db = c.get('services').db;
  const [people, [debtor], loaded] = await Promise.all([
    peopleNames(db, [heldBy, ...conv.messages.map((m) => m.author)]),
    db.select({ name: debtors.name }).from(debtors).where(eq(debtors.id, conv.debtor.id)),
    c.get('services').flows.get(conv.flow.key, conv.flow.version),
  ]);
  // Where this conversation's flow can hand back to (its own targets, not a fixed list).
  return { conv, heldBy, denied: false as const, people, name: debtor?.name ?? '', resumeTargets: handbackTargets(loaded.flow).targets };
}

const Done = z.object({ done: z.enum(['handback', 'resolved']), ref: z.string().max(200).default('') });
/** What the last action did (`?done=handback&ref=…`), shown once on the queue. */
function doneOf(c: Context<AppEnv>): { kind: 'handback' | 'resolved'; ref: string } | null {
  const d = Done.safeParse(c.req.query());
  return d.success ? { kind: d.data.done, ref: d.data.ref } : null;
}

/** Mounted before the /api auth middleware: sign-in, sign-out, the OpenAPI document, `/`. */
export function publicUiRoutes() {
  return new Hono<AppEnv>()
    .route('/', authRoutes())
    .get('/api/openapi.json', (c) => c.json(openApiDocument(c.get('services').config.publicBaseUrl)))
    .get('/', (c) => c.redirect('/ui/inbox', 303));
}

/** Mounted after it: people and tokens API, flow editing API, quick-action drafts, and the web UI under /ui. */
export function peopleAndUiRoutes() {
  return new Hono<AppEnv>()
    .route('/api', userRoutes())
    .route('/api/flows', flowRoutes())
    .post('/api/conversations/:id/drafts', async (c) => {
      const id = Id.safeParse(c.req.param('id'));
      if (!id.success) throw new AppError('not_found', 'no such conversation');
      const input = await jsonBody(c, DraftBody);
      const actor = c.get('actor');
      const r = await draftFor(c.get('services'), id.data, { id: actor.id, audit: auditActor(actor) }, input);
      if (!r.ok) {
        throw new AppError(r.code, r.message, undefined, r.reason);
      }
      return c.json({ body: r.body, template: r.template });
    })
    .use('/ui/*', authenticate({ unauthenticated: 'redirect' }))
    .get('/ui', (c) => c.redirect('/ui/inbox', 303))
    .get('/ui/inbox', async (c) => {
      const q = await queueFor(c);
      return c.html(<InboxPage ctx={pageCtx(c)} items={q.items} filter={q.filter} reasons={Object.keys(REASON)} done={doneOf(c)} />);
    })
    .get('/ui/inbox/fragment', async (c) => c.html(<QueueTable ctx={pageCtx(c)} items={(await queueFor(c)).items} />))
    .get('/ui/inbox/events', (c) => {
      const db = c.get('services').db;
      return changeStream(c, async () => {
        const [r] = await db
          .select({ n: sql<number>`count(*)::int`, v: sql<number>`coalesce(sum(${conversations.rowVersion}), 0)::int` })
          .from(conversations)
          .where(inArray(conversations.status, ['escalated']));
        return `${r?.n}:${r?.v}`;
      });
    })
    .get('/ui/conversations/:id', async (c) => {
      const t = await threadFor(c);
      const ctx = pageCtx(c);
      if (t.denied) return c.html(<ForbiddenPage ctx={ctx} message={ctx.t.threadForbidden} />, 403);
      return c.html(<ThreadPage ctx={ctx} conv={t.conv} heldBy={t.heldBy} people={t.people} name={t.name} resumeTargets={t.resumeTargets} />);
    })
    .get('/ui/conversations/:id/fragment', async (c) => {
      const t = await threadFor(c);
      if (t.denied) throw new AppError('forbidden', 'this thread is held by another collector');
      return c.html(<ThreadView ctx={pageCtx(c)} conv={t.conv} heldBy={t.heldBy} people={t.people} name={t.name} resumeTargets={t.resumeTargets} />);
    })
    .get('/ui/conversations/:id/events', async (c) => {
      const t = await threadFor(c);
      if (t.denied) throw new AppError('forbidden', 'this thread is held by another collector');
      const db = c.get('services').db;
      const id = t.conv.id;
      return changeStream(c, async () => {
        const [conv] = await db.select({ v: conversations.rowVersion, s: conversations.status, h: conversations.heldBy }).from(conversations).where(eq(conversations.id, id));
        const [m] = await db
          .select({ seq: max(messages.seq), done: sql<number>`count(*) filter (where ${messages.status} in ('sent','delivered','received','failed','undelivered','refused'))::int` })
          .from(messages)
          .where(and(eq(messages.conversationId, id)));
        return `${conv?.v}:${conv?.s}:${conv?.h}:${m?.seq}:${m?.done}`;
      });
    })
    .get('/ui/flows', requireRole('admin'), async (c) => {
      const rows = await c.get('services').flows.list();
      const byKey = new Map<string, { key: string; versions: typeof rows }>();
      for (const r of rows) byKey.set(r.key, { key: r.key, versions: [...(byKey.get(r.key)?.versions ?? []), r] });
      return c.html(<FlowListPage ctx={pageCtx(c)} flows={[...byKey.values()]} />);
    })
    .get('/ui/flows/:key', requireRole('admin'), async (c) => {
      const flows = c.get('services').flows;
      const key = c.req.param('key');
      const versions = (await flows.list()).filter((r) => r.key === key);
      if (!versions.length) throw new AppError('not_found', 'no such flow');
      const latest = Math.max(...versions.map((v) => v.version));
      const want = Number(c.req.query('version') ?? latest);
      const row = await flows.source(key, Number.isInteger(want) ? want : latest);
      if (!row) throw new AppError('not_found', 'no such flow version');
      const published = Number(c.req.query('published'));
      return c.html(<FlowEditorPage ctx={pageCtx(c)} flowKey={key} version={row.version} latest={latest} source={row.source} script={DEFAULT_SCRIPT} published={Number.isInteger(published) && published > 0 ? published : null} />);
    });
}
