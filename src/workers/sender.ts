import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { auditEvents, deadLetters, debtors, messages, outbox } from '../../db/schema';
import { isForwardMove, type DeliveryStatus, type RichCard, type SendResult } from '../channels/port';
import { gatherFactsMany, readOutboxFacts, type GateSubject } from '../compliance/facts';
import { decide, suppressionRefusal } from '../compliance/send-gate';
import { fromJsonRow, jsonParam, plainIndexScans, readWithPlainIndexScans, recordsetIds, rowsOf, uuidArray } from '../db/batch';
import { dueOfStatus, oldestDue } from '../outbox/due';
import { commitPipelined, pipelinedTransaction, type DbOrTx, type Tx } from '../db/client';
import type { Services } from '../services';
import { countSegments } from '../channels/segments';
import { renderAt } from '../flow/templates';
import { localDate } from '../shared/time';
import { relay } from '../outbox/relay';
import { jobIds, sweepSuffix } from '../queue/port';
import { wakeDeliverAt } from '../queue/wake';
import { adapterFor, planRoutes, recordFailover, routerOf } from '../outbox/routes';
import { departures, gcra, HORIZON_MS, reserveSlots, senderBudget } from '../outbox/throttle';
import { cardsFor, fallbackGo, FALLBACK_KIND, queueFallback, rcsPlans } from './rcs';
import { SENDING_STALE_MS } from './reconcile';
import { sendRouted, type RoutedSend } from '../channels/routing';
import { trace, traceNow, tracing } from '../shared/trace';

type Deps = Pick<Services, 'db' | 'queue' | 'clock' | 'flows' | 'provider' | 'router' | 'log' | 'config'>;
type OutboxRow = typeof outbox.$inferSelect;
type MessageRow = typeof messages.$inferSelect;
type DebtorRow = typeof debtors.$inferSelect;

/** What became of one outbox id: the gate's action at the claim, then the provider's outcome. */
export type SendOutcome = 'send' | 'hold' | 'refuse' | 'noop' | 'sent' | 'failed' | 'retry' | 'throttled';

/** Rows claimed per statement; a longer list is taken in rounds. */
const MAX_BATCH = 200;
/**
 * Provider calls in flight at once per deliverOutbox call (the provider pool, keepAliveFetch, has 64 connections
 * per origin: the process's ceiling towards one provider). 64 here was measured and not kept (start19, decision
 * 0178): at the start of a 1,000/s burst the calls per 500 ms stayed where they were at 16, because the app's one
 * thread, not the calls in flight, bounds them; the extra calls queued in the pool and held the deliveries' slots.
 */
export const SEND_CONCURRENCY = 16;
/** A due row is claimed up to this early (its wake-up may fire a moment before notBefore). */
const EARLY_MS = 1000;
/** The reason a row waits for its slot of the sender's throttle: it owns that slot when it comes back. */
export const THROTTLED = 'throttled';

/** One UPDATE of many outbox rows (jsonb_to_recordset): only the fields given change; `guard` = only while still 'sending'. */
interface OutboxWrite {
  id: string;
  status: OutboxRow['status'];
  reason?: string;
  not_before?: string;
  sent_at?: string;
  inc?: number;
  guard?: boolean;
}
/** One UPDATE of many message rows: only the fields given change. */
interface MessageWrite {
  id: string;
  status?: MessageRow['status'];
  provider?: string;
  provider_message_id?: string;
  channel?: string;
  rich?: RichCard;
  error_code?: string | null;
  set_error?: boolean;
  body?: string;
  segments?: number;
}
type AuditWrite = typeof auditEvents.$inferInsert;

/** One source row per target (UPDATE … FROM applies only one of several): later fields win. */
function mergeById<T extends { id: string }>(rows: T[]): T[] {
  const by = new Map<string, T>();
  for (const r of rows) by.set(r.id, { ...by.get(r.id), ...r });
  return [...by.values()];
}

interface Writes {
  outbox: OutboxWrite[];
  messages: Array<MessageWrite & { outbox_id: string }>;
  audit: AuditWrite[];
  /** Conversations whose first send fixes their route (only where none is stored yet). */
  routes?: Array<{ id: string; route: string }>;
  /** Phones whose active suppressions the same statement reads (after its writes' snapshot: the crossed-STOP check). */
  suppressionsOf?: string[];
}

/**
 * Every write of a step in ONE statement (data-modifying CTEs: atomic without BEGIN/COMMIT): the
 * outbox rows, their messages and their audit rows. A message or audit row goes in only when its
 * outbox row was updated (a guarded row another worker or the reconciler moved is left alone).
 * Returns the active suppressions of `w.suppressionsOf` (read by the same statement; the CTEs' writes
 * run whether or not the final select reads them).
 */
async function writeAll(db: DbOrTx, w: Writes): Promise<Map<string, string>> {
  if (!w.outbox.length) return new Map();
  const audit = w.audit.map((a) => ({ actor: a.actor, type: a.type, conversation_id: a.conversationId ?? null, debtor_id: a.debtorId ?? null, data: a.data ?? {}, outbox_id: (a.data as { outboxId?: string } | undefined)?.outboxId ?? null }));
  const r = await rowsOf<{ phone: string; reason: string }>(
    db,
    sql`with ob as (
        update outbox o set status = x.status, reason = coalesce(x.reason, o.reason), not_before = coalesce(x.not_before, o.not_before),
          sent_at = coalesce(x.sent_at, o.sent_at), attempts = o.attempts + coalesce(x.inc, 0)
        from jsonb_to_recordset(${jsonParam(mergeById(w.outbox))}) as x(id uuid, status text, reason text, not_before timestamptz, sent_at timestamptz, inc int, guard boolean)
        where ${recordsetIds('o', 'id', w.outbox.map((r) => r.id))} and (x.guard is not true or o.status = 'sending') returning o.id
      ), mb as (
        update messages m set status = coalesce(x.status, m.status), provider = coalesce(x.provider, m.provider),
          provider_message_id = coalesce(x.provider_message_id, m.provider_message_id), channel = coalesce(x.channel, m.channel), rich = coalesce(x.rich, m.rich),
          error_code = case when x.set_error then x.error_code else m.error_code end, body = coalesce(x.body, m.body), segments = coalesce(x.segments, m.segments)
        from jsonb_to_recordset(${jsonParam(mergeById(w.messages))}) as x(id uuid, outbox_id uuid, status text, provider text, provider_message_id text, channel text, rich jsonb, set_error boolean, error_code text, body text, segments int)
        where ${recordsetIds('m', 'id', w.messages.map((r) => r.id))} and x.outbox_id in (select id from ob) returning m.id
      ), ab as (
        insert into audit_events (actor, type, conversation_id, debtor_id, data)
        select x.actor, x.type, x.conversation_id, x.debtor_id, x.data
        from jsonb_to_recordset(${jsonParam(audit)}) as x(actor text, type text, conversation_id uuid, debtor_id uuid, data jsonb, outbox_id uuid)
        where x.outbox_id is null or x.outbox_id in (select id from ob) returning id
      ), cb as (
        update conversations c set route = x.route from jsonb_to_recordset(${jsonParam(w.routes ?? [])}) as x(id uuid, route text)
        where ${recordsetIds('c', 'id', (w.routes ?? []).map((r) => r.id))} and c.route is null returning c.id
      )
      ${activeSuppressions(w.suppressionsOf ?? [])}`,
  );
  return reasonPerPhone(r);
}

/** The first active suppression's reason per phone. */
function reasonPerPhone(rows: ReadonlyArray<{ phone: string; reason: string }>): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.phone)) out.set(r.phone, r.reason);
  return out;
}

const auditOf = (row: OutboxRow, type: string, data: Record<string, unknown>): AuditWrite => ({
  actor: 'gate',
  type,
  conversationId: row.conversationId,
  debtorId: row.debtorId,
  data: { outboxId: row.id, kind: row.kind, ...data },
});

/**
 * The active suppressions of these phones, as a query (writeAll's last select and suppressionsOf). The phones as
 * one jsonb parameter: one prepared statement whatever the batch's size. As an array (an InitPlan) they are the
 * index condition of `suppressions_active_uq`; `in (select …)` was a hash semi join over every active suppression.
 */
const activeSuppressions = (phones: readonly string[]) =>
  sql`select s.phone, s.reason from suppressions s where s.phone = any(array(select jsonb_array_elements_text(${JSON.stringify(phones)}::jsonb))) and s.lifted_at is null`;

/** Active suppressions of these phones (one statement). */
export async function suppressionsOf(db: DbOrTx, phones: string[]): Promise<Map<string, string>> {
  if (!phones.length) return new Map();
  return reasonPerPhone(await rowsOf<{ phone: string; reason: string }>(db, activeSuppressions([...new Set(phones)])));
}

const supOf = (m: Map<string, string>, phone: string) => (m.get(phone) as Parameters<typeof suppressionRefusal>[1] | undefined) ?? null;

/**
 * The claim, one statement: the due rows of `ids` nobody else holds (FOR UPDATE SKIP LOCKED), their
 * messages, their debtors locked in id order (so two workers cannot both pass one debtor's daily
 * cap, and never deadlock on each other), and each conversation's stored route. NO KEY UPDATE, not
 * UPDATE: a transition holding its conversation takes KEY SHARE on the debtor (the FK check of the rows
 * it writes); FOR UPDATE here deadlocked with it (decision in the commit of 1004103).
 * Every row is reached by its primary key, one lateral lookup per id (decision 0159): as `o.id = any($ids) and
 * o.status in (…) and o.not_before <= $now` the plan walked `outbox_due_idx` over every due row and filtered
 * the ids (39–49 ms a claim in a 20,000-timer storm, 50–67 ms with 20,000 due of 100,000 in psql); the
 * debtors, messages and conversations joins could be hash joins over sequential scans in a generic plan
 * made on an empty table; and the debtors were joined back to a CTE scanned once per row (200 × 200).
 * `limit 1` keeps each lookup a subquery the planner cannot flatten into a join. The locked debtors go
 * back by id from one jsonb object (an InitPlan, read once).
 */
export async function claimRows(tx: Tx, ids: readonly string[], now: Date) {
  const raw = await rowsOf<{ row: Record<string, unknown>; msg: Record<string, unknown>; debtor: Record<string, unknown> | null; route: string | null }>(
    tx,
    sql`with c as materialized (
        select o.id, o.debtor_id from (select distinct u.id from unnest(${uuidArray(ids)}) as u(id) order by u.id) i
          cross join lateral (
            select o.id, o.debtor_id from outbox o
            where o.id = i.id and o.status in ('pending', 'held') and o.not_before <= ${new Date(now.getTime() + EARLY_MS).toISOString()}::timestamptz
            limit 1 for update skip locked
          ) o
      ), d as materialized (
        select dd.* from (select distinct c.debtor_id from c where c.debtor_id is not null order by c.debtor_id) k
          cross join lateral (select dd.* from debtors dd where dd.id = k.debtor_id limit 1 for no key update) dd
      )
      select to_jsonb(o.*) as row, to_jsonb(m.*) as msg, (select jsonb_object_agg(d.id, to_jsonb(d.*)) from d) -> (o.debtor_id::text) as debtor, cv.route as route
      from c cross join lateral (select o.* from outbox o where o.id = c.id limit 1) o
        cross join lateral (select m.* from messages m where m.id = o.message_id limit 1) m
        left join lateral (select cv.route from conversations cv where cv.id = o.conversation_id limit 1) cv on true
      order by o.not_before, m.seq`,
  );
  return raw.map((r) => ({
    row: fromJsonRow(outbox, r.row),
    msg: fromJsonRow(messages, r.msg),
    debtor: r.debtor ? (fromJsonRow(debtors, r.debtor) as DebtorRow) : undefined,
    storedRoute: r.route,
  }));
}

const isCounted = (row: OutboxRow, msg: MessageRow) => row.kind === 'reminder' && !(msg.author ?? 'system').startsWith('collector');

/**
 * Conversations of `ids` with a send claimed by another delivery whose provider call may still be
 * in flight: 'sending' since less than `staleMs` (older claims are a dead worker's, the reconciler's).
 * Sent on the claim's connection right behind it (one round trip), so it reads after the claim's
 * locks: a delivery that claimed a row of the same debtor before us has committed by then.
 * The claimed rows' conversations as an array (an InitPlan: their pkey lookups, once), then the 'sending' rows
 * through `outbox_due_idx` filtered by it, whatever plan the cache holds: as `in (select …)` the generic plan could
 * be a semi join probing the pkey per 'sending' row, and the statement took 2–5 s at 400/s (decision 0157).
 */
async function busyConversations(tx: Tx, ids: readonly string[], now: Date, staleMs: number): Promise<Set<string>> {
  const rows = await rowsOf<{ conversation_id: string }>(
    tx,
    sql`select distinct s.conversation_id from outbox s
      where s.status = 'sending' and s.not_before > ${new Date(now.getTime() - staleMs).toISOString()}::timestamptz
        and s.conversation_id = any(array(select ob.conversation_id from outbox ob where ob.id = any(${uuidArray(ids)})))`,
  );
  return new Set(rows.map((r) => r.conversation_id));
}

/**
 * One conversation's turn at the provider in this process: `before` settles when the delivery that
 * claimed a send of it earlier has had its provider answers; `release` lets the next one go.
 */
interface Lane {
  before: Promise<void>;
  release: () => void;
}
/** Per conversation, the turn of the last delivery in this process that claimed a send of it (gone once released). */
const turns = new Map<string, Promise<void>>();
function takeTurn(conversationId: string): Lane {
  const before = turns.get(conversationId) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((res) => (done = res));
  turns.set(conversationId, mine);
  let released = false;
  return {
    before,
    release: () => {
      if (released) return;
      released = true;
      done();
      if (turns.get(conversationId) === mine) turns.delete(conversationId);
    },
  };
}
/** A retry of a row whose conversation another process is sending: after its call has had time to end. */
const BUSY_RETRY_MS = 1000;
/**
 * The longest a row waits for its conversation's earlier call in this process: past every adapter's
 * timeout (10 s) and the throttle's horizon, so only a turn whose holder vanished (a cancelled edge
 * invocation) is given up on; order is then lost for that one row, never the send.
 */
const TURN_WAIT_MAX_MS = 15_000;
async function waitTurn(lane: Lane): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([lane.before, new Promise<void>((res) => (timer = setTimeout(res, TURN_WAIT_MAX_MS)))]);
  clearTimeout(timer);
}

/** At most `n` holders at once, first come first served; a waiting caller holds nothing. */
function limiter(n: number) {
  let free = n;
  const waiting: Array<() => void> = [];
  return async <R>(fn: () => Promise<R>): Promise<R> => {
    if (free > 0) free--;
    else await new Promise<void>((res) => waiting.push(res));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

interface ToSend {
  row: OutboxRow;
  msg: MessageRow;
  routes: string[];
  rich?: RichCard;
  /** The sender's throttle gave it this moment (within HORIZON_MS of the claim): the provider call waits for it. */
  departAt?: Date;
  /** Its sender's budget, when it has one: this process paces the provider calls by it too. */
  pace?: { key: string; perSecond: number };
  /** Its conversation's turn in this process (shared by the conversation's rows of this round). */
  lane?: Lane;
}

/**
 * This process's own pacing per sender. The departure plan spaces the claims, but a stalled event
 * loop (a loaded machine) would let departures planned apart leave together: each throttled
 * provider call waits for the one before it in this process, then for its planned moment and for
 * the rate (plus the burst) counted from when the one before really left.
 */
const lanes = new Map<string, { tail: Promise<void>; tat: number }>();
function awaitTurn(deps: Pick<Deps, 'clock'>, c: ToSend): Promise<void> {
  if (!c.pace) return Promise.resolve();
  const { key, perSecond } = c.pace;
  const g = gcra(perSecond);
  let lane = lanes.get(key);
  if (!lane) lanes.set(key, (lane = { tail: Promise.resolve(), tat: 0 }));
  const l = lane;
  const mine = l.tail.then(async () => {
    const now = deps.clock.now().getTime();
    const wait = g.at(l.tat, c.departAt?.getTime() ?? 0, now) - now;
    if (wait > 0) await new Promise((res) => setTimeout(res, Math.min(wait, HORIZON_MS)));
    l.tat = g.after(l.tat, deps.clock.now().getTime());
  });
  l.tail = mine;
  return mine;
}

/**
 * Claims, gates and records one round of rows (at most MAX_BATCH), then calls the provider for the
 * rows allowed. `again`: rows left untouched this round (a second counted send of one debtor: the
 * caps are counted from committed rows, so it waits for the first one's claim).
 */
async function deliverRound(deps: Deps, ids: readonly string[], outcome: Map<string, SendOutcome>, claimed?: () => void): Promise<string[]> {
  /** The conversations' turns this round took: released as their provider calls end, at the latest when the round ends (a fault included). */
  const taken: Lane[] = [];
  try {
    return await claimAndSend(deps, ids, outcome, taken, claimed);
  } finally {
    for (const l of taken.splice(0)) l.release();
  }
}

async function claimAndSend(deps: Deps, ids: readonly string[], outcome: Map<string, SendOutcome>, taken: Lane[], claimed?: () => void): Promise<string[]> {
  const now = deps.clock.now();
  const w0 = traceNow();
  // RCS first when the number can take it (a capability check before the conversation's first send).
  const rcs = await rcsPlans(deps, ids);
  const wakes: Array<{ id: string; notBefore: Date }> = [];
  const throttledIds = new Set<string>();
  const again: string[] = [];
  // BEGIN goes out with the claim, COMMIT with the writes (pipelinedTransaction: two round trips fewer).
  const toSend = await pipelinedTransaction(deps.db, async (tx) => {
    // A transaction tried again starts with no turn taken.
    for (const l of taken.splice(0)) l.release();
    // The claim, the gate's facts and the conversations another delivery is sending, in one round
    // trip: the reads are sent behind the claim on this connection and run once the claim has its
    // locks (readOutboxFacts). Started in this order, through the same path (rowsOf), so the driver
    // sends them in this order. Bitmap scans are off for the whole transaction, sent first in the same round trip
    // (plainIndexScans, storm17, decision 0171): busyConversations' read of the 'sending' range of outbox_due_idx
    // then marks the entries of rows already sent as dead instead of walking them all on every claim.
    const [, claimed, factsRead, busy] = await Promise.all([rowsOf(tx, plainIndexScans()), claimRows(tx, ids, now), readOutboxFacts(tx, ids, now), busyConversations(tx, ids, now, deps.config.reconcileAfterMs ?? SENDING_STALE_MS)]);
    const oWrites: OutboxWrite[] = [];
    const mWrites: Writes['messages'] = [];
    const audits: AuditWrite[] = [];
    const routeOf: Array<{ id: string; route: string }> = [];
    const counted = new Set<string>();
    const live: typeof claimed = [];
    for (const c of claimed) {
      // A throttled row owns its slot and leaves at it, not earlier: too early, it is woken again then.
      if (c.row.reason === THROTTLED && c.row.notBefore.getTime() > now.getTime() + HORIZON_MS) {
        wakes.push({ id: c.row.id, notBefore: c.row.notBefore });
        outcome.set(c.row.id, 'noop');
        continue;
      }
      // One conversation at the provider one call at a time, in the order written (issue #12): a
      // send of it claimed by a delivery in another process may still be in flight, so this row
      // stays pending, untouched (no gate decision yet), and is woken again shortly. One claimed
      // by this process: this row is claimed and waits for that call's answer in memory (its turn).
      if (c.row.conversationId && busy.has(c.row.conversationId) && !turns.has(c.row.conversationId)) {
        wakes.push({ id: c.row.id, notBefore: new Date(now.getTime() + BUSY_RETRY_MS) });
        outcome.set(c.row.id, 'noop');
        continue;
      }
      // One counted send per debtor per round: the next one sees this one's claim counted.
      if (isCounted(c.row, c.msg) && c.row.debtorId) {
        if (counted.has(c.row.debtorId)) {
          again.push(c.row.id);
          continue;
        }
        counted.add(c.row.debtorId);
      }
      // A date said relative to the send day ("today", "2 days overdue") is worded for the day it really goes.
      if (c.msg.deferredRender) {
        const body = renderAt(c.msg.deferredRender, localDate(now, c.debtor?.timezone ?? 'Asia/Tokyo'));
        if (body !== c.msg.body) {
          c.msg.body = body;
          mWrites.push({ outbox_id: c.row.id, id: c.msg.id, body, segments: countSegments(body).segments });
        }
      }
      live.push(c);
    }
    const subjects = live.map((c) => ({
      subject: { debtorId: c.row.debtorId, conversationId: c.row.conversationId, phone: c.msg.phone, kind: c.row.kind, author: c.msg.author ?? 'system', body: c.msg.body } satisfies GateSubject,
      ...(c.debtor ? { lockedDebtor: c.debtor } : {}),
    }));
    const facts = await gatherFactsMany(tx, deps, subjects, now, live.map((c) => factsRead.get(c.row.id)));
    const allowed: Array<{ c: (typeof live)[number]; reason: string; routes: string[] }> = [];
    live.forEach((c, i) => {
      const { row } = c;
      const d = decide(facts[i]!.facts);
      if (d.action === 'refuse') {
        oWrites.push({ id: row.id, status: 'refused', reason: d.reason });
        mWrites.push({ outbox_id: row.id, id: row.messageId, status: 'refused', error_code: d.reason, set_error: true });
        audits.push(auditOf(row, 'send.refused', { reason: d.reason }));
        outcome.set(row.id, 'refuse');
        return;
      }
      if (d.action === 'hold') {
        // The row sleeps in Postgres until `until`: the sweep wakes only due rows, so a night in quiet
        // hours costs no gate evaluation until the morning.
        oWrites.push({ id: row.id, status: 'held', not_before: d.until.toISOString(), reason: d.reason });
        mWrites.push({ outbox_id: row.id, id: row.messageId, status: 'held' });
        audits.push(auditOf(row, 'send.held', { reason: d.reason, until: d.until.toISOString() }));
        wakes.push({ id: row.id, notBefore: d.until });
        outcome.set(row.id, 'hold');
        return;
      }
      // The route (COMPLIANCE rule 12: a +81 number only over a domestic route), decided with the claim.
      const route = planRoutes(deps, { phone: c.msg.phone, storedRoute: c.storedRoute, rcs: rcs.has(row.id) });
      if (!route.ok) {
        oWrites.push({ id: row.id, status: 'refused', reason: route.reason });
        mWrites.push({ outbox_id: row.id, id: row.messageId, status: 'refused', error_code: route.reason, set_error: true });
        audits.push(auditOf(row, 'send.refused', { reason: route.reason, detail: route.detail, ...(route.reason === 'no_domestic_route' ? { rule: 12 } : {}) }));
        outcome.set(row.id, 'refuse');
        return;
      }
      allowed.push({ c, reason: d.reason, routes: route.routes });
    });
    // The sender's throttle: slots reserved per sending number/service; a row whose slot is more
    // than HORIZON_MS away waits in Postgres (notBefore = its slot) and is woken then, never in a
    // worker. A row whose slot is near (reserved now, or owned and woken) passes the departure
    // check: it is claimed and leaves at its turn, so rows woken late do not leave together (at most
    // the rate plus a small burst in any second).
    type Group = { perSecond: number; rows: Array<{ a: (typeof allowed)[number]; slot: Date }> };
    const add = (m: Map<string, Group>, key: string, perSecond: number, a: (typeof allowed)[number], slot: Date) => {
      const g = m.get(key) ?? { perSecond, rows: [] };
      g.rows.push({ a, slot });
      m.set(key, g);
    };
    const groups = new Map<string, Group>();
    const near = new Map<string, Group>();
    const go: Array<(typeof allowed)[number] & { departAt?: Date; pace?: ToSend['pace'] }> = [];
    const throttle = (a: (typeof allowed)[number], key: string, slot: Date, departure: boolean) => {
      const { row } = a.c;
      oWrites.push({ id: row.id, status: 'pending', not_before: slot.toISOString(), reason: THROTTLED });
      if (row.status === 'held') mWrites.push({ outbox_id: row.id, id: row.messageId, status: 'queued' });
      audits.push(auditOf(row, 'send.throttled', { reason: a.reason, sender: key, until: slot.toISOString(), ...(departure ? { departure: true } : {}) }));
      wakes.push({ id: row.id, notBefore: slot });
      throttledIds.add(row.id);
      outcome.set(row.id, 'throttled');
    };
    for (const a of allowed) {
      const budget = senderBudget(deps.config.sendRateLimits, a.routes[0]!, adapterFor(deps, a.routes[0]!)?.sender);
      if (budget.perSecond === null) {
        go.push(a);
        continue;
      }
      const owned = a.c.row.reason === THROTTLED && a.c.row.status === 'pending';
      if (owned) add(near, budget.key, budget.perSecond, a, a.c.row.notBefore);
      else add(groups, budget.key, budget.perSecond, a, now);
    }
    // Locks in one order everywhere: every reservation row by key, then every departure row by key.
    const byKey = (m: Map<string, Group>) => [...m].sort(([a], [b]) => a.localeCompare(b));
    for (const [key, g] of byKey(groups)) {
      const slots = await reserveSlots(tx, key, g.rows.length, g.perSecond, now);
      g.rows.forEach(({ a }, i) => {
        const slot = slots[i]!;
        if (slot.getTime() <= now.getTime() + HORIZON_MS) add(near, key, g.perSecond, a, slot);
        else throttle(a, key, slot, false);
      });
    }
    for (const [key, g] of byKey(near)) {
      g.rows.sort((x, y) => x.slot.getTime() - y.slot.getTime());
      const plan = await departures(tx, key, g.rows.map((r) => r.slot), g.perSecond, now);
      g.rows.forEach(({ a }, i) => {
        const d = plan[i]!;
        if (d.go) go.push({ ...a, pace: { key, perSecond: g.perSecond }, ...(d.at.getTime() > now.getTime() ? { departAt: d.at } : {}) });
        else throttle(a, key, d.at, true);
      });
    }
    // notBefore becomes the claim time while 'sending': the caps count it for that day, the sweep closes it if a crash strands it.
    const convRoutes = new Map<string, string>();
    for (const { c, reason, routes } of go) {
      const { row, msg } = c;
      oWrites.push({ id: row.id, status: 'sending', not_before: now.toISOString(), inc: 1, reason });
      mWrites.push({ outbox_id: row.id, id: row.messageId, status: 'sending', provider: routes[0]! });
      audits.push(auditOf(row, 'send.allowed', { reason, route: routes[0] }));
      if (row.conversationId && !c.storedRoute && !convRoutes.has(row.conversationId)) convRoutes.set(row.conversationId, routes[0]!);
      msg.provider = routes[0]!;
      outcome.set(row.id, 'send');
    }
    for (const [id, route] of convRoutes) routeOf.push({ id, route });
    // Each conversation's turn is taken before the claim commits: a delivery here that claims a later
    // send of it reads our claim only after our commit (the debtor's lock), so it finds the turn taken.
    const laneOf = new Map<string, Lane>();
    for (const { c } of go) {
      const conv = c.row.conversationId;
      if (conv && !laneOf.has(conv)) {
        const lane = takeTurn(conv);
        laneOf.set(conv, lane);
        taken.push(lane);
      }
    }
    // The rich cards are read first (nothing written here changes what they read), so the writes are
    // the transaction's last statement and its COMMIT goes out with them.
    const richOnes = go.filter(({ routes }) => routes[0] === 'rbm' || adapterFor(deps, routes[0]!)?.richCards);
    const cards = await cardsFor(tx, deps, richOnes.map(({ c }) => c.msg));
    await Promise.all([writeAll(tx, { outbox: oWrites, messages: mWrites, audit: audits, routes: routeOf }), commitPipelined(tx)]);
    return go.map(({ c, routes, departAt, pace }): ToSend => {
      const lane = c.row.conversationId ? laneOf.get(c.row.conversationId) : undefined;
      return { row: c.row, msg: c.msg, routes, ...(cards.has(c.msg.id) ? { rich: cards.get(c.msg.id)! } : {}), ...(departAt ? { departAt } : {}), ...(pace ? { pace } : {}), ...(lane ? { lane } : {}) };
    });
  });
  // Rows that wait (a later slot, a hold until the morning) wake the send stage at their time: one
  // coalesced `deliver` per time bucket, not a job per row.
  if (wakes.length) {
    try {
      // A throttled row may be claimed up to HORIZON_MS before its slot (it then waits for it in memory): woken a little early, its claim is done by then.
      await wakeDeliverAt(deps.queue, wakes.map((w) => w.notBefore.getTime() - now.getTime() - (throttledIds.has(w.id) ? HORIZON_MS / 2 : 0)));
    } catch (e) {
      deps.log.warn({ err: e }, 'waking the send stage failed; the sweep will');
    }
  }
  const w1 = traceNow();
  claimed?.();
  if (toSend.length) await sendClaimed(deps, toSend, outcome);
  if (tracing) trace('deliv', { t0: w0, t1: w1, n: ids.length, convs: toSend.map((c) => c.row.conversationId) });
  return again;
}

/** After the claim committed: the last STOP check, RCS fallbacks' revoke, the provider calls, the results. */
async function sendClaimed(deps: Deps, claimed: ToSend[], outcome: Map<string, SendOutcome>): Promise<void> {
  const now = deps.clock.now();
  // A STOP may have landed since the claim committed: ask once more, right before the provider.
  const late = await suppressionsOf(deps.db, claimed.map((c) => c.msg.phone));
  const stopped = claimed.flatMap((c) => {
    const reason = suppressionRefusal(c.row.kind, supOf(late, c.msg.phone));
    return reason ? [{ c, reason }] : [];
  });
  if (stopped.length) {
    // Only rows still 'sending' (guard); their message and audit row go with them, in one statement.
    await writeAll(deps.db, {
      outbox: stopped.map(({ c, reason }) => ({ id: c.row.id, status: 'refused' as const, reason, guard: true })),
      messages: stopped.map(({ c, reason }) => ({ outbox_id: c.row.id, id: c.row.messageId, status: 'refused' as const, error_code: reason, set_error: true })),
      audit: stopped.map(({ c, reason }) => auditOf(c.row, 'send.refused', { reason, afterClaim: true })),
    });
    for (const { c } of stopped) outcome.set(c.row.id, 'refuse');
  }
  const stoppedIds = new Set(stopped.map(({ c }) => c.row.id));
  let ready = claimed.filter((c) => !stoppedIds.has(c.row.id));

  // An RCS fallback goes only once its RCS message is revoked (never both): else it closes here.
  const fallbacks = ready.filter((c) => c.row.kind === FALLBACK_KIND);
  if (fallbacks.length) {
    const verdicts = await Promise.all(fallbacks.map(async (c) => ({ c, g: await fallbackGo(deps, c.row) })));
    const blocked = verdicts.flatMap(({ c, g }) => (g.go ? [] : [{ c, g }]));
    if (blocked.length) {
      const retries: Array<{ id: string; notBefore: Date }> = [];
      await pipelinedTransaction(deps.db, async (tx) => {
        const o: OutboxWrite[] = [];
        const m: Writes['messages'] = [];
        const a: AuditWrite[] = [];
        for (const { c, g } of blocked) {
          const retry = g.status === 'pending' && c.row.attempts + 1 < 5;
          const final = g.status === 'pending' ? 'failed' : 'refused';
          const notBefore = new Date(now.getTime() + 2 ** c.row.attempts * 5000);
          o.push({ id: c.row.id, status: retry ? 'pending' : final, reason: g.reason, ...(retry ? { not_before: notBefore.toISOString() } : {}), guard: true });
          m.push({ outbox_id: c.row.id, id: c.row.messageId, status: retry ? 'queued' : final, error_code: g.reason, set_error: true });
          a.push(auditOf(c.row, retry ? 'send.retry' : 'send.refused', { reason: g.reason }));
          if (retry) retries.push({ id: c.row.id, notBefore });
          outcome.set(c.row.id, retry ? 'retry' : 'refuse');
        }
        await Promise.all([writeAll(tx, { outbox: o, messages: m, audit: a }), commitPipelined(tx)]);
      });
      if (retries.length) await relay(deps, { outbox: retries, timers: [] });
      const blockedIds = new Set(blocked.map(({ c }) => c.row.id));
      ready = ready.filter((c) => !blockedIds.has(c.row.id));
    }
  }

  // Provider calls concurrently, bounded. Twilio takes the status callback per message; Rakuten's is the URL registered in its portal.
  const router = routerOf(deps);
  const withRcs = router.rcs ? { ...router, providers: { ...router.providers, rbm: router.rcs.provider } } : router;
  // A conversation whose every claimed row stopped here sends nothing: the next delivery of it may go.
  const going = new Set(ready.map((c) => c.lane));
  for (const c of claimed) if (c.lane && !going.has(c.lane)) c.lane.release();
  // Throttled rows leave at their turn, in order (the lanes take them by departure time).
  ready = [...ready].sort((x, y) => (x.departAt?.getTime() ?? 0) - (y.departAt?.getTime() ?? 0));
  // One conversation's rows one after the other, in the order they were written (issue #12), each
  // once the provider has answered the one before (here or in an earlier delivery of this process);
  // other conversations concurrently, at most SEND_CONCURRENCY calls at once. A row waiting for its
  // conversation's turn holds no call slot.
  const chains = new Map<string, ToSend[]>();
  for (const c of ready) {
    const key = c.row.conversationId ?? c.row.id;
    const chain = chains.get(key);
    if (chain) chain.push(c);
    else chains.set(key, [c]);
  }
  const slot = limiter(SEND_CONCURRENCY);
  const resultOf = new Map<ToSend, RoutedSend>();
  await Promise.all(
    [...chains.values()].map(async (chain) => {
      chain.sort((x, y) => x.msg.seq - y.msg.seq);
      const lane = chain[0]!.lane;
      try {
        if (lane) await waitTurn(lane);
        for (const c of chain) resultOf.set(c, await slot(() => callProvider(c)));
      } finally {
        lane?.release();
      }
    }),
  );
  const results = ready.map((c) => resultOf.get(c)!);
  await recordResults(deps, ready, results, outcome);

  async function callProvider(c: ToSend): Promise<RoutedSend> {
    await awaitTurn(deps, c);
    const k0 = tracing ? traceNow() : 0;
    if (tracing) trace('call', { c: c.row.conversationId });
    const statusCallbackUrl = c.routes.includes('twilio') ? `${deps.config.publicBaseUrl.replace(/\/$/, '')}/webhooks/twilio/status` : undefined;
    try {
      return await sendRouted(withRcs, c.routes, { to: c.msg.phone, body: c.msg.body, idempotencyKey: c.row.idempotencyKey, statusCallbackUrl, ...(c.rich ? { rich: c.rich } : {}) }, (to) =>
        recordFailover(deps, { outboxId: c.row.id, messageId: c.row.messageId, conversationId: c.row.conversationId, debtorId: c.row.debtorId, kind: c.row.kind, from: c.routes[0]!, to }),
      );
    } catch (e) {
      // An adapter that threw may have reached the provider: treated like a timeout (never retried).
      const failed: SendResult = { ok: false, retryable: false, mayHaveSent: true, error: `adapter threw: ${(e as Error).message}` };
      return { ...failed, route: c.routes[0]! };
    } finally {
      // The provider's answer is in (start-trace: calls in flight and their round trip per bin).
      if (tracing) trace('ans', { c: c.row.conversationId, k0 });
    }
  }
}

/** The provider's answers, recorded with one multi-row statement (a transaction only when RCS fallbacks are queued). */
async function recordResults(deps: Deps, sent: ToSend[], results: RoutedSend[], outcome: Map<string, SendOutcome>): Promise<void> {
  if (!sent.length) return;
  const at = deps.clock.now();
  const retries: Array<{ id: string; notBefore: Date }> = [];
  const o: OutboxWrite[] = [];
  const m: Writes['messages'] = [];
  const a: AuditWrite[] = [];
  const ok: Array<{ c: ToSend; providerMessageId: string; rbm: boolean }> = [];
    sent.forEach((c, i) => {
      const { row } = c;
      const result = results[i]!;
      if (result.ok) {
        o.push({ id: row.id, status: 'sent', sent_at: at.toISOString() });
        // Accepted by the provider = sent; a provider that already knows more (delivered) wins.
        m.push({
          outbox_id: row.id,
          id: row.messageId,
          status: forward('sent', result.status),
          provider: result.route,
          provider_message_id: result.providerMessageId,
          channel: result.channel,
          ...(c.rich && result.channel === 'rcs' ? { rich: c.rich } : {}),
        });
        a.push(auditOf(row, 'send.sent', { providerMessageId: result.providerMessageId, route: result.route, ...(result.failedOver ? { failedOverFrom: result.failedOver.from } : {}) }));
        ok.push({ c, providerMessageId: result.providerMessageId, rbm: result.route === 'rbm' });
        outcome.set(row.id, 'sent');
        return;
      }
      // A timeout may have reached the provider: never retry those (at most once, invariant 4).
      const mayHaveSent = result.mayHaveSent === true;
      const retry = result.retryable && !mayHaveSent && row.attempts + 1 < 5;
      const error = result.error.slice(0, 200);
      if (mayHaveSent) {
        // Not failed, not retried: the sweep asks the provider whether it went out (reconcile.ts).
        // notBefore stays the claim time, which is what the lookup searches from.
        o.push({ id: row.id, status: 'unknown', reason: `may or may not have been sent: ${result.error}`.slice(0, 200), guard: true });
      } else if (retry) {
        const notBefore = new Date(at.getTime() + 2 ** row.attempts * 5000);
        o.push({ id: row.id, status: 'pending', not_before: notBefore.toISOString(), reason: error });
        m.push({ outbox_id: row.id, id: row.messageId, status: 'queued' });
        retries.push({ id: row.id, notBefore });
      } else {
        o.push({ id: row.id, status: 'failed', reason: error });
        m.push({ outbox_id: row.id, id: row.messageId, status: 'failed', error_code: result.error.slice(0, 100), set_error: true });
      }
      a.push(auditOf(row, mayHaveSent ? 'send.unknown' : retry ? 'send.retry' : 'send.failed', { error, mayHaveSent }));
      outcome.set(row.id, retry ? 'retry' : 'failed');
    });
  // The results statement also reads the sent phones' active suppressions (the crossed-STOP check below).
  const writes: Writes = { outbox: o, messages: m, audit: a, suppressionsOf: ok.map(({ c }) => c.msg.phone) };
  const rbm = ok.filter((x) => x.rbm);
  // One statement; with RCS sends, one transaction that also queues each one's SMS fallback.
  const { sups, fallbacks } = !rbm.length
    ? { sups: await writeAll(deps.db, writes), fallbacks: [] }
    : await pipelinedTransaction(deps.db, async (tx) => {
        const sups = await writeAll(tx, writes);
        const out: Array<{ id: string; notBefore: Date }> = [];
        for (const { c } of rbm) {
          const f = await queueFallback(tx, deps, c.row, c.msg, at);
          if (f) out.push(f);
        }
        return { sups, fallbacks: out };
      });
  // A STOP that arrived while the provider had the message: it went out before the opt-out was
  // known. Recorded against the conversation so it can be disclosed (docs/decisions/0111-stop-race.md);
  // rare, so its audit rows cost a statement only when there are some.
  const crossed = ok.flatMap(({ c, providerMessageId }) => {
    const reason = suppressionRefusal(c.row.kind, supOf(sups, c.msg.phone));
    return reason ? [auditOf(c.row, 'send.crossed_opt_out', { reason, providerMessageId })] : [];
  });
  if (crossed.length) await deps.db.insert(auditEvents).values(crossed);
  if (fallbacks.length || retries.length) await relay(deps, { outbox: [...fallbacks, ...retries], timers: [] });
}

/**
 * Delivers many outbox rows: the send stage (issue #12). Each row passes the gate at send time and
 * goes to the provider at most once. In rounds of up to MAX_BATCH rows: one statement claims them
 * (FOR UPDATE SKIP LOCKED, debtors locked in id order), a few statements gather the gate's facts for
 * all, decide() runs per row, the sender's throttle reserves slots, and every decision and claim is
 * written with multi-row statements and committed BEFORE any provider call; then the provider calls
 * run concurrently across conversations (bounded), one conversation's one at a time in the order
 * written, never beside another delivery's call for it (decision 0148), and their results are
 * written together. Rows that are not due, already taken or done, or whose conversation another
 * process is sending, are 'noop'. Returns one outcome per id, in order.
 */
export async function deliverOutbox(deps: Deps, outboxIds: readonly string[], opts: { claimed?: () => void } = {}): Promise<SendOutcome[]> {
  const outcome = new Map<string, SendOutcome>();
  let queue = [...new Set(outboxIds)];
  while (queue.length) {
    const round = queue.slice(0, MAX_BATCH);
    const again = await deliverRound(deps, round, outcome, opts.claimed);
    queue = [...again, ...queue.slice(MAX_BATCH)];
  }
  return outboxIds.map((id) => outcome.get(id) ?? 'noop');
}

/**
 * Every send that is due now (pending or held, notBefore passed, not dead-lettered), oldest first,
 * through deliverOutbox in batches: what the sweep's coalesced `deliver` wake-up runs instead of
 * one `send` job per row. When a batch fails (a row that cannot be sent, Postgres gone mid-way),
 * its rows get one `send` job each, which is retried and dead-lettered alone: one bad row cannot
 * hold every send back. Returns how many ids it took.
 */
export async function deliverDue(deps: Deps, opts: { limit?: number } = {}): Promise<number> {
  const now = deps.clock.now();
  const limit = opts.limit ?? 1000;
  const nowIso = now.toISOString();
  // One ordered, limited read per status, merged by not_before (dueOfStatus, decision 0168). Pending rows: due now,
  // or a throttled row's slot within the horizon (claimed now, it leaves at its slot: the sender waits for it);
  // held rows: their hold has ended. Dead-lettered rows are not due.
  const live = sql`and not exists (select 1 from dead_letters d where d.queue = 'send' and d.subject_id = o.id and d.status = 'dead')`;
  const [rows] = await readWithPlainIndexScans<[Array<{ id: string; not_before: string | Date }>]>(deps.db, (tx) => [
    rowsOf(
      tx,
      oldestDue(
        [
          dueOfStatus('pending', new Date(now.getTime() + HORIZON_MS), limit, sql`and (o.not_before <= ${nowIso}::timestamptz or o.reason = ${THROTTLED}) ${live}`),
          dueOfStatus('held', nowIso, limit, live),
        ],
        limit,
      ),
    ),
  ]);
  const due = rows.map((r) => ({ id: r.id, notBefore: new Date(r.not_before) }));
  if (!due.length) return 0;
  try {
    await deliverOutbox(deps, due.map((d) => d.id));
  } catch (e) {
    deps.log.warn({ err: e, rows: due.length }, 'a batch of due sends failed; each row gets its own send job');
    const swept = sweepSuffix(now);
    await deps.queue.addBulk('send', due.map((d) => ({ data: { outboxId: d.id }, opts: { jobId: `${jobIds.send(d.id, d.notBefore)}-${swept}` } })));
  }
  return due.length;
}

/** The `deliver` job: deliverDue until a call finds less than a full batch due (at most `rounds` calls; the next sweep wakes it again). */
export async function deliverAllDue(deps: Deps, opts: { limit?: number; rounds?: number } = {}): Promise<number> {
  const limit = opts.limit ?? 1000;
  let total = 0;
  for (let i = 0; i < (opts.rounds ?? 5); i++) {
    const n = await deliverDue(deps, { limit });
    total += n;
    if (n < limit) break;
  }
  return total;
}

/** One outbox row through the send stage (a batch of one): what the `send` job and tests call. */
export async function processSend(deps: Deps, outboxId: string): Promise<SendOutcome> {
  const [r] = await deliverOutbox(deps, [outboxId]);
  return r!;
}

function forward(from: DeliveryStatus, to: DeliveryStatus): DeliveryStatus {
  return isForwardMove(from, to) ? to : from;
}
