import { and, asc, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, conversations, debtors, debts, messages, outbox } from '../../db/schema';
import type { Tx } from '../db/client';
import type { FlowContext, FlowEvent } from '../conversation/context';
import { queueOutbound } from '../outbox/queue';
import { stopWording } from '../flow/templates';
import { startsWithBrand } from '../compliance/send-gate';
import { applyEvent, type EngineDeps } from '../conversation/engine';
import { machineCan, restoreMachine } from '../conversation/compile';
import { handbackTargets, targetNeedsPromise } from '../conversation/handback';
import type { FlowDefinition } from '../flow/schema';
import { gateDecision } from '../compliance/facts';
import { relay } from '../outbox/relay';

/**
 * What a human collector does with an escalated thread: list the queue, claim, reply (through the
 * one send gate), resolve, hand back to the bot. Every action is audited with its actor.
 * While a person holds a thread the bot sends nothing (invariant 7; the gate enforces it).
 */

type Deps = EngineDeps;
type ConversationRow = typeof conversations.$inferSelect;

export const QueueQuery = z.object({
  status: z.enum(['active', 'escalated', 'resolved', 'opted_out', 'closed']).default('escalated'),
  /** `me`, `none` (unclaimed) or an actor id. */
  heldBy: z.string().trim().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const ReplyBody = z.object({ body: z.string().trim().min(1).max(670) });
export const ResolveBody = z.object({ outcome: z.string().trim().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a lower-case word like paid or settled_offline') });
/** `resumeAt` is one of the conversation's flow's handback targets (conversation/handback.ts), checked in handBack. */
export const HandbackBody = z.object({ resumeAt: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a state name like dunning').optional() });

/** An expected refusal, as a value; `reason` is machine-readable. */
export type CollectorRefusal = { ok: false; code: 'not_found' | 'conflict' | 'bad_request' | 'unprocessable'; message: string; reason?: string };
export type CollectorResult<T> = ({ ok: true } & T) | CollectorRefusal;

/**
 * How the caller acts: `audit` is the audit-row actor (`user:<id>`; defaults to the actor id);
 * `mustHold` (collectors) refuses resolve/handback on a thread they have not claimed;
 * `ownOnly` (collectors) lists only unclaimed threads and their own.
 */
export interface ActingAs {
  audit?: string;
  mustHold?: boolean;
  ownOnly?: boolean;
}

/** Reasons that need a person's explicit choice before the bot resumes reminders. */
export const SENSITIVE_ESCALATIONS = new Set(['dispute', 'hardship', 'wrong_number']);

/**
 * True when `audit` (a `user:<id>` audit actor) once claimed this thread: collectors may read a
 * thread they handled after handing it back or resolving it, for the record (read-only).
 */
export async function handledBy(db: Deps['db'], conversationId: string, audit: string): Promise<boolean> {
  const [row] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.conversationId, conversationId), eq(auditEvents.actor, audit), eq(auditEvents.type, 'conversation.claimed')))
    .limit(1);
  return Boolean(row);
}

const notFound: CollectorRefusal = { ok: false, code: 'not_found', message: 'no such conversation' };
const conflict = (reason: string, message: string): CollectorRefusal => ({ ok: false, code: 'conflict', message, reason });

/** Escalated first-come first-served; other lists newest activity first. */
function sortKey(status: string): SQL {
  return status === 'escalated' ? sql`coalesce(${conversations.escalatedAt}, ${conversations.updatedAt})` : sql`${conversations.updatedAt}`;
}

function encodeCursor(key: string, id: string): string {
  // ASCII only (a timestamp and a uuid), so btoa is enough; no Node Buffer (the API also runs on Workers).
  return btoa(JSON.stringify([key, id])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const CURSOR_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Postgres's timestamptz text form, on a day that exists (2026-02-30 would fail in the cast). */
function realDay(t: string): boolean {
  if (!CURSOR_TIME.test(t)) return false;
  const [y, m, d] = t.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    // Both parts are checked in full: a lookalike would reach Postgres's casts and fail there (a 500).
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && realDay(v[0]) && CURSOR_ID.test(v[1])) return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  return null;
}

/** The collectors' queue (or any status list), keyset-paginated by an opaque cursor. */
export async function listConversations(deps: Pick<Deps, 'db' | 'clock'>, q: QueueQuery, actor: string, as: ActingAs = {}): Promise<CollectorResult<{ items: unknown[]; nextCursor: string | null }>> {
  const key = sortKey(q.status);
  const asc_ = q.status === 'escalated';
  const where: Array<SQL | undefined> = [eq(conversations.status, q.status)];
  if (as.ownOnly) where.push(or(isNull(conversations.heldBy), eq(conversations.heldBy, actor)));
  if (q.heldBy === 'none') where.push(isNull(conversations.heldBy));
  else if (q.heldBy) where.push(eq(conversations.heldBy, q.heldBy === 'me' ? actor : q.heldBy));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (!c || Number.isNaN(Date.parse(c[0]))) return { ok: false, code: 'unprocessable', message: 'cursor is not one this API returned' };
    // The key travels as Postgres's own text form, so microsecond timestamps compare exactly.
    where.push(asc_ ? sql`(${key}, ${conversations.id}) > (${c[0]}::timestamptz, ${c[1]}::uuid)` : sql`(${key}, ${conversations.id}) < (${c[0]}::timestamptz, ${c[1]}::uuid)`);
  }
  const lastInbound = sql`(select max(m.created_at) from ${messages} m where m.conversation_id = ${conversations.id} and m.direction = 'inbound')`;
  const rows = await deps.db
    .select({
      conv: conversations,
      amount: debts.amount,
      paidAmount: debts.paidAmount,
      currency: debts.currency,
      debtStatus: debts.status,
      locale: debtors.locale,
      sortKey: sql<string>`(${key})::text`,
      lastInboundAt: sql<string | null>`(${lastInbound})::text`,
    })
    .from(conversations)
    .innerJoin(debts, eq(debts.id, conversations.debtId))
    .innerJoin(debtors, eq(debtors.id, conversations.debtorId))
    .where(and(...where))
    .orderBy(asc_ ? asc(key) : desc(key), asc_ ? asc(conversations.id) : desc(conversations.id))
    .limit(q.limit + 1);
  const now = deps.clock.now().getTime();
  const page = rows.slice(0, q.limit);
  const items = page.map((r) => ({
    id: r.conv.id,
    status: r.conv.status,
    state: r.conv.state,
    reason: r.conv.escalationReason,
    escalatedAt: r.conv.escalatedAt,
    waitingSeconds: r.conv.status === 'escalated' && r.conv.escalatedAt ? Math.max(0, Math.floor((now - r.conv.escalatedAt.getTime()) / 1000)) : null,
    amount: r.amount,
    balance: Math.max(0, Math.round((r.amount - r.paidAmount) * 100) / 100),
    currency: r.currency,
    debtId: r.conv.debtId,
    debtStatus: r.debtStatus,
    locale: r.locale,
    heldBy: r.conv.heldBy,
    heldAt: r.conv.heldAt,
    outcome: r.conv.outcome,
    lastInboundAt: r.lastInboundAt ? new Date(r.lastInboundAt) : null,
    flow: { key: r.conv.flowKey, version: r.conv.flowVersion },
  }));
  const last = page[page.length - 1];
  return { ok: true, items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.sortKey, last.conv.id) : null };
}

async function lockConversation(tx: Tx, id: string): Promise<ConversationRow | undefined> {
  const [conv] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('no key update');
  return conv;
}

function heldByOther(conv: ConversationRow, actor: string): CollectorRefusal | null {
  // The holder is not named: a collector may not learn who holds another thread.
  return conv.heldBy && conv.heldBy !== actor ? conflict('held_by_other', 'held by another person') : null;
}

/** Takes an escalated thread; claiming one's own again is a no-op success. */
export async function claimConversation(deps: Deps, id: string, actor: string, as: ActingAs = {}): Promise<CollectorResult<{ heldBy: string; heldAt: Date }>> {
  return deps.db.transaction(async (tx) => {
    const conv = await lockConversation(tx, id);
    if (!conv) return notFound;
    if (conv.status !== 'escalated') return conflict('not_escalated', `only an escalated conversation can be claimed (this one is ${conv.status})`);
    const other = heldByOther(conv, actor);
    if (other) return other;
    if (conv.heldBy === actor) return { ok: true as const, heldBy: actor, heldAt: conv.heldAt! };
    const now = deps.clock.now();
    // rowVersion moves so the UI's change feed sees the claim.
    await tx.update(conversations).set({ heldBy: actor, heldAt: now, rowVersion: conv.rowVersion + 1, updatedAt: now }).where(eq(conversations.id, id));
    await tx.insert(auditEvents).values({ actor: as.audit ?? actor, type: 'conversation.claimed', conversationId: id, debtorId: conv.debtorId, data: { reason: conv.escalationReason }, createdAt: now });
    return { ok: true as const, heldBy: actor, heldAt: now };
  });
}

/**
 * What the gate requires of every text, added when a person left it out rather than refusing:
 * the brand first (COMPLIANCE rule 3) and, in the US, the STOP notice (rule 15).
 */
function senderIdentity(body: string, flow: { brand: string; jurisdiction: string }, locale: string): string {
  let out = startsWithBrand(body, flow.brand) ? body : locale === 'ja' ? `【${flow.brand}】${body}` : `${flow.brand}: ${body}`;
  if (flow.jurisdiction === 'us' && !/\bSTOP\b/.test(out)) out = `${out} ${stopWording('en')}`;
  return out;
}

/**
 * A collector's reply: only by the holder; asks the one send gate now with the sender's own facts,
 * queues only when the gate would send (the sender asks again at send time). `idempotencyKey`
 * makes a client retry return the same message.
 */
export async function replyAsCollector(
  deps: Deps,
  id: string,
  actor: string,
  input: { body: string; idempotencyKey?: string },
  as: ActingAs = {},
): Promise<CollectorResult<{ messageId: string; status: string }>> {
  const now = deps.clock.now();
  const out = await deps.db.transaction(async (tx) => {
    const conv = await lockConversation(tx, id);
    if (!conv) return notFound;
    const refuse = async (reason: string, message: string, data: Record<string, unknown> = {}) => {
      await tx.insert(auditEvents).values({ actor: as.audit ?? actor, type: 'collector.reply_refused', conversationId: conv.id, debtorId: conv.debtorId, data: { reason, ...data }, createdAt: now });
      return conflict(reason, message);
    };
    // An opt-out releases the hold; say why rather than "not held".
    if (conv.status === 'opted_out') return refuse('opted_out', 'the debtor has opted out; nothing was queued');
    if (conv.heldBy !== actor) return conflict(conv.heldBy ? 'held_by_other' : 'not_held', conv.heldBy ? 'held by another person' : 'claim the conversation before replying');
    const [debtor] = await tx.select().from(debtors).where(eq(debtors.id, conv.debtorId));
    const loaded = await deps.flows.get(conv.flowKey, conv.flowVersion, tx);
    const author = `collector:${actor}`;
    const body = senderIdentity(input.body, loaded.flow, debtor!.locale);
    const idempotencyKey = `collector:${conv.id}:${input.idempotencyKey ?? crypto.randomUUID()}`;
    if (input.idempotencyKey) {
      const [prior] = await tx.select({ messageId: outbox.messageId, status: outbox.status }).from(outbox).where(eq(outbox.idempotencyKey, idempotencyKey));
      if (prior) return { ok: true as const, messageId: prior.messageId, status: prior.status, post: null };
    }
    const d = await gateDecision(tx, deps, { debtorId: debtor!.id, conversationId: conv.id, phone: debtor!.phone, kind: 'collector', author, body }, now);
    if (d.action !== 'send') {
      const why = d.action === 'hold' ? `not now: ${d.reason} until ${d.until.toISOString()}` : `refused: ${d.reason}`;
      return refuse(d.reason, `the send gate would not send this reply (${why}); nothing was queued`, {
        action: d.action,
        ...(d.action === 'hold' ? { until: d.until.toISOString() } : {}),
      });
    }
    const row = await queueOutbound(tx, { conversationId: conv.id, debtorId: debtor!.id, phone: debtor!.phone, body, kind: 'collector', author, idempotencyKey, provider: deps.provider.name, notBefore: now });
    const [queued] = await tx.select({ messageId: outbox.messageId }).from(outbox).where(eq(outbox.idempotencyKey, idempotencyKey));
    await tx.insert(auditEvents).values({ actor: as.audit ?? actor, type: 'collector.reply', conversationId: conv.id, debtorId: conv.debtorId, data: { messageId: queued!.messageId, outboxId: row?.id }, createdAt: now });
    await tx.update(conversations).set({ rowVersion: conv.rowVersion + 1, updatedAt: now }).where(eq(conversations.id, id));
    return { ok: true as const, messageId: queued!.messageId, status: 'queued', post: row ? { outbox: [row], timers: [] } : null };
  });
  if (!out.ok) return out;
  if (out.post) await relay(deps, out.post);
  return { ok: true, messageId: out.messageId, status: out.status };
}

/**
 * Sends `event` into the machine for a human action, under the row lock. Refused (nothing written)
 * when someone else holds the thread, when `check` says no, or when the flow does not take the event here.
 */
async function humanEvent(
  deps: Deps,
  id: string,
  actor: string,
  make: (now: string) => FlowEvent,
  opts: { auditType: string; data: Record<string, unknown> | ((flow: FlowDefinition) => Record<string, unknown>); check?: (conv: ConversationRow, ctx: FlowContext, flow: FlowDefinition) => CollectorRefusal | null; before?: (tx: Tx, conv: ConversationRow) => Promise<void> },
  as: ActingAs = {},
): Promise<CollectorResult<{ status: string; state: string }>> {
  let refusal: CollectorRefusal | null = notFound;
  const r = await applyEvent(deps, id, async (tx, conv, ctx) => {
    const loaded = await deps.flows.get(conv.flowKey, conv.flowVersion, tx);
    refusal = heldByOther(conv, actor) ?? (as.mustHold && conv.heldBy !== actor ? conflict('not_held', 'claim the conversation first') : null) ?? opts.check?.(conv, ctx, loaded.flow) ?? null;
    if (refusal) return null;
    const event = make(deps.clock.now().toISOString());
    if (!machineCan(restoreMachine(loaded.machine, conv.snapshot), event)) {
      refusal = conflict('not_allowed_in_state', `${event.type} is not possible in state ${conv.state} (${conv.status})`);
      return null;
    }
    await opts.before?.(tx, conv);
    await tx.insert(auditEvents).values({ actor: as.audit ?? actor, type: opts.auditType, conversationId: conv.id, debtorId: conv.debtorId, data: { ...(typeof opts.data === 'function' ? opts.data(loaded.flow) : opts.data), from: conv.state }, createdAt: deps.clock.now() });
    return event;
  });
  if (!r) return refusal ?? notFound;
  const [conv] = await deps.db.select({ status: conversations.status, state: conversations.state }).from(conversations).where(eq(conversations.id, id));
  return { ok: true, status: conv!.status, state: conv!.state };
}

/** Closes an escalated thread with an outcome (`resolve` into the machine: timers cancelled). */
export function resolveConversation(deps: Deps, id: string, actor: string, outcome: string, as: ActingAs = {}) {
  return humanEvent(
    deps,
    id,
    actor,
    (now) => ({ type: 'resolve', now }),
    {
      auditType: 'conversation.resolved',
      data: { outcome },
      before: async (tx, conv) => {
        await tx.update(conversations).set({ outcome }).where(eq(conversations.id, conv.id));
      },
    },
    as,
  );
}

/**
 * Gives the thread back to the bot at `resumeAt` (default: the flow's default handback target); the
 * hold is released. The targets are the flow's own (conversation/handback.ts). A thread escalated
 * for a dispute, hardship or a wrong number does not restart reminders by default: the person must
 * choose `resumeAt` explicitly.
 */
export function handBack(deps: Deps, id: string, actor: string, resumeAt?: string, as: ActingAs = {}) {
  return humanEvent(
    deps,
    id,
    actor,
    (now) => ({ type: 'handback', now, ...(resumeAt ? { target: resumeAt } : {}) }),
    {
      auditType: 'conversation.handback',
      data: (flow) => ({ resumeAt: resumeAt ?? handbackTargets(flow).default }),
      check: (conv, ctx, flow) => {
        const targets = handbackTargets(flow);
        if (resumeAt && !targets.targets.includes(resumeAt)) return { ok: false, code: 'unprocessable', reason: 'unknown_target', message: `resumeAt: this flow hands back to ${targets.targets.join(', ')}` };
        if (!resumeAt && conv.escalationReason && SENSITIVE_ESCALATIONS.has(conv.escalationReason)) {
          return conflict('resume_choice_required', `this thread was escalated for ${conv.escalationReason}: choose resumeAt (${targets.targets.join(', ')}) explicitly to restart reminders`);
        }
        return !ctx.promiseDate && targetNeedsPromise(flow, resumeAt ?? targets.default ?? '') ? conflict('no_promise', 'there is no promise date to resume at') : null;
      },
    },
    as,
  );
}
