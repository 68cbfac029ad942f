import { and, asc, eq, inArray, isNotNull, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { auditEvents, conversations, debtors, debts, installments, messages, timerPending, timers } from '../../db/schema';
import { handedToDriver, pipelinedTransaction, type DbOrTx, type Tx } from '../db/client';
import { causeOf, insertJsonRows, plainIndexScans, recordset, recordsetIds, rowsOf, uuidArray, uuidList } from '../db/batch';
import { ph, prebuilt } from '../db/prebuilt';
import { relay } from '../outbox/relay';
import { emptyPostCommit, type PostCommit } from '../outbox/queue';
import type { Services } from '../services';
import { restoreMachine, stateName, statusFromTags, stepMachine } from './compile';
import type { FlowContext, FlowEvent } from './context';
import { interpretInput, transitionAudit, writeEffects, type AuditRow, type EffectBatchItem, type EffectConversation, type EffectDebt, type EffectDebtor, type EffectInput } from './effects';
import type { LoadedFlow } from './flow-store';
import { eventTypeOf, inboundEvents, storedClassification, WINDOW, WINDOW_APPLIED } from './inbound';
import { interpret, type PlanRow } from './interpret';
import { trace, traceNow, tracing } from '../shared/trace';

/**
 * The conversation stage in batches (issue #12): many ready conversations per round — those with
 * unprocessed inbound and those with due timers — taken with FOR NO KEY UPDATE SKIP LOCKED, their events
 * applied in order in memory (the pure transitions and the one interpreter), and everything written
 * in one transaction with multi-row statements. Classification happens before, outside any lock.
 */

type MessageRow = typeof messages.$inferSelect;
type TimerRow = Pick<typeof timers.$inferSelect, 'id' | 'conversationId' | 'name' | 'event' | 'dueAt'>;
type DebtorRow = typeof debtors.$inferSelect;

export type DrainDeps = Pick<Services, 'db' | 'queue' | 'clock' | 'flows' | 'provider' | 'log' | 'config'>;

/** What the classify read takes of a waiting message (the locked read takes whole rows again). */
export type WaitingMessage = Pick<MessageRow, 'id' | 'conversationId' | 'body'>;

export type ClassifyFn = (msg: WaitingMessage, context: FlowContext, flow: LoadedFlow['flow']) => Promise<{
  intent: string;
  confidence: number;
  classifiedBy: string;
  entities: Record<string, unknown>;
  explanation: string;
  tier?: string;
  secondary?: string[];
  optOutSuspected?: boolean;
  rule?: string;
}>;

export interface DrainOptions {
  /** Conversations taken at most in one transaction. */
  limit: number;
  /** Only these conversations, waiting for their locks (one conversation's own job); otherwise any ready ones, skipping locked rows. */
  only?: readonly string[];
  /** Conversations not to take (they failed in this process; their own job retries them). */
  skip?: readonly string[];
  /**
   * Take only these ready conversations, in this order, skipping locked rows (not waiting, as `only` does): the drainer
   * hands a storm's loops disjoint slices of one read of the ready set (decision 0187), so no round's lock reads the
   * ready set again nor walks past the rows its sibling rounds hold.
   */
  candidates?: readonly string[];
  /** True when a wake-up arrived during this round (the caller runs another round): readyLeft is then not looked up. */
  woken?: () => boolean;
  /** Called with the round's new rows as soon as its transaction has committed, before the look for ready work left (the caller's hand-off need not wait for it). */
  committed?: (round: { post: PostCommit; fired: number }) => void;
}

export interface DrainFailure {
  conversationId: string;
  error: unknown;
  /** The failing event was this timer's (its own job can retry and dead-letter it). */
  timerId?: string;
}

export interface DrainResult {
  /** Messages classified (outside the lock) this round. */
  classified: number;
  /** Conversations taken under lock. */
  claimed: number;
  /** Events applied (replies, timers). */
  applied: number;
  /** Of those, timers fired (a storm's rounds are mostly these). */
  fired: number;
  /** Conversations whose classification or transition threw: nothing from the failing event on was applied. */
  failed: DrainFailure[];
  /** The new outbox rows and timers, for after the commit. */
  post: PostCommit;
  /**
   * Ready work is left that this round did not take (a full batch; a conversation another worker
   * holds; a reply that arrived during the round): worth another round. False for `only`.
   */
  readyLeft: boolean;
}

/** Not dead-lettered as a conversation (an admin decides about those). */
const liveConversation = (id: AnyColumn) =>
  sql`not exists (select 1 from dead_letters d where d.queue = 'conversation' and d.subject_id = ${id} and d.status = 'dead')`;

/**
 * Conversations with something to apply — unprocessed inbound that is classified (one not yet
 * classified is the next round's: locked before its classify pass, its conversation applied nothing
 * and held its reply a round longer), or a due pending timer that is not dead-lettered — oldest
 * event first, at most `cap`, read without a lock. The ready set is computed
 * once and drives the claim: as an `id in (union)` filter on the conversations scan, a storm of due
 * timers (statistics not yet aware of them) was planned as a rescan of the union per conversation,
 * and the claim ran for 10–17 s of CPU while 9,000 timers waited.
 *
 * "Oldest" is arrival order: the event's time, then (for replies) messages.seq, then the id. A clock
 * that stands still (the simulator's, the tests', the bench's) gives every reply the same created_at;
 * ordered by conversation id after it, a backlog was served in uuid order — a reply that came first but
 * whose conversation's id sorts last waited until the whole backlog had drained (k18, decision 0174:
 * at 1,000/s the step's p99 was the backlog's length, not its depth). Timers have no seq (null: after
 * replies of the same instant).
 */
async function readyConversations(db: DbOrTx, now: Date, o: DrainOptions, cap: number): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`select g.id from (${readyGroups({
      now: sql`${now.toISOString()}::timestamptz`,
      cap: sql`${cap}`,
      cap2: sql`${cap * 2}`,
      ...(o.only ? { only: uuidArray(o.only) } : {}),
      ...(o.skip?.length ? { skip: uuidArray(o.skip) } : {}),
    })}) g order by ${arrivalOrder('g')}`,
  );
  return rows.map((r) => r.id);
}

/**
 * The ready set's text (id, oldest event `at`), with its values as given: literal parameters
 * (readyConversations) or placeholders (the lock, prebuilt, reads it as its candidates). `only` and
 * `skip` are uuid arrays.
 */
function readyGroups(p: { now: SQL; cap: SQL; cap2: SQL; only?: SQL; skip?: SQL }): SQL {
  // Every filter sits inside each side, so the timers' side can stop early: its oldest due rows
  // through timers_due_idx (2 per place: a conversation may have more than one due), not the whole
  // backlog grouped and sorted every round (100k due timers: ~0.9 s of Postgres per round vs ~0.07 s).
  const scoped = (col: SQL) => sql`not exists (select 1 from dead_letters d where d.queue = 'conversation' and d.subject_id = ${col} and d.status = 'dead')
        ${p.only ? sql`and ${col} = any(${p.only}::uuid[])` : sql``}
        ${p.skip ? sql`and not (${col} = any(${p.skip}::uuid[]))` : sql``}`;
  return sql`select r.conversation_id as id, min(r.at) as at, min(r.seq) as seq from (
        select m.conversation_id, m.created_at as at, m.seq from messages m where m.direction = 'inbound' and m.processed_at is null and m.intent is not null and m.conversation_id is not null
          and ${scoped(sql`m.conversation_id`)}
        union all
        (select t.conversation_id, t.due_at as at, null::bigint as seq from timers t where t.status = 'pending' and t.due_at <= ${p.now}
          and not exists (select 1 from dead_letters d where d.queue = 'timer' and d.subject_id = t.id and d.status = 'dead')
          and ${scoped(sql`t.conversation_id`)}
          order by t.due_at limit ${p.cap2})) r
      group by r.conversation_id order by ${arrivalOrder()} limit ${p.cap}`;
}

/**
 * Arrival order over readyGroups' rows (id, at, seq; decision 0174): the event's time, then messages.seq, then the
 * conversation id. Unqualified, the names are readyGroups' own output columns (its min(at), min(seq), conversation id);
 * `of` qualifies them for a query over it.
 */
const arrivalOrder = (of?: string): SQL => sql.raw(['at', 'seq', 'id'].map((c) => (of ? `${of}.${c}` : c)).join(', '));

/** Still ready (re-checked under the lock, per row through the conversation_id indexes): another round may have applied it since the read. */
const stillReady = sql`(
  exists (select 1 from messages m where m.conversation_id = ${conversations.id} and m.direction = 'inbound' and m.processed_at is null and m.intent is not null)
  or exists (select 1 from timers t where t.conversation_id = ${conversations.id} and t.status = 'pending' and t.due_at <= ${ph('now')}::timestamptz
    and not exists (select 1 from dead_letters d where d.queue = 'timer' and d.subject_id = t.id and d.status = 'dead')))`;

/*
 * The round's selects, built once (db/prebuilt.ts: building them was drizzle's largest cost per
 * round); their values are `ids` (a uuid array literal), `now` (ISO text), `n`/`limit`, `only`/`skip`.
 */
const idIn = (col: AnyColumn, name: string) => sql`${col} = any(${ph(name)}::uuid[])`;

/**
 * The waiting messages with their conversation's flow and context (the persisted snapshot's context
 * as is; the whole snapshot only where it has none, for a machine restore). Of each message only what
 * classifying needs: the locked read takes the whole rows again, so every other column was parsed twice.
 */
const toClassify = (only: boolean, skip: boolean) =>
  prebuilt((h) =>
    h
      .select({
        m: { id: messages.id, conversationId: messages.conversationId, body: messages.body },
        flowKey: conversations.flowKey,
        flowVersion: conversations.flowVersion,
        context: sql<FlowContext | null>`${conversations.snapshot} -> 'context'`,
        snapshot: sql<Record<string, unknown> | null>`case when ${conversations.snapshot} ? 'context' then null else ${conversations.snapshot} end`,
      })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(
        and(
          eq(messages.direction, 'inbound'),
          isNull(messages.processedAt),
          isNull(messages.intent),
          isNotNull(messages.conversationId),
          only ? idIn(messages.conversationId, 'only') : undefined,
          skip ? sql`not ${idIn(messages.conversationId, 'skip')}` : undefined,
          liveConversation(messages.conversationId),
        ),
      )
      .orderBy(asc(messages.seq))
      .limit(ph('limit')),
  );
const TO_CLASSIFY = [toClassify(false, false), toClassify(false, true), toClassify(true, false), toClassify(true, true)] as const;

/**
 * The lock, one statement with its candidates: the ready set (readyGroups, read in this statement's
 * snapshot) in its order, each looked up by id, with their debt and debtor, up to `n`. Oldest event
 * first (a storm's earliest timers fire first): the candidates go in as one array unnested with
 * ordinality, so the join is a lookup per id and the limit stops it (array_position sorted them all:
 * 7.4 vs 2.5 ms). The array is an InitPlan (a scalar subquery) and the unnest a base relation of the
 * statement, so the planner keeps the ordinality order through the lookups: unnested behind a join
 * with a subquery's row (rt9's first form), the order was lost — every candidate (5 per place) was
 * joined with its debt and debtor, then all sorted by `ord` under the lock: at a storm's round of 200,
 * 1,000 wide rows, a 20 MB external sort, 150–300 ms against 20–60 for the three statements (rt10, 0136).
 *
 * `rv` is the row's row_version in the statement's snapshot, read by a subquery in the select list:
 * a row locked after another round committed it is returned as its newest version (the lock), while
 * the subquery, like the WHERE's re-check, reads the snapshot (checked on Postgres 15: locked 2, rv 1).
 * A version that differs marks a row that may have nothing left to apply: only those are read again
 * (STILL_READY). Read per row that reaches the lock (≈ n), not per candidate.
 */
/**
 * The columns the round reads of what it locks: the machine's (flow, snapshot, state, status, row version) and the
 * effects' (EffectInput, effects.ts). Not whole rows (storm23, decision 0186): 27 of the 41 columns, nine of them
 * timestamps, were formatted, sent, parsed and mapped for every fired timer and never read.
 */
const LOCKED = {
  conv: {
    id: conversations.id,
    debtorId: conversations.debtorId,
    flowKey: conversations.flowKey,
    flowVersion: conversations.flowVersion,
    snapshot: conversations.snapshot,
    status: conversations.status,
    state: conversations.state,
    rowVersion: conversations.rowVersion,
  },
  debt: { id: debts.id, dueDate: debts.dueDate, currency: debts.currency },
  debtor: { id: debtors.id, phone: debtors.phone, contactWindows: debtors.contactWindows },
} satisfies { conv: Record<keyof EffectConversation | 'flowKey' | 'flowVersion' | 'snapshot', unknown>; debt: Record<keyof EffectDebt, unknown>; debtor: Record<keyof EffectDebtor, unknown> };
/** The strength of a round's lock on its conversations (decision 0149). */
export const DRAIN_LOCK = 'no key update' as const;
/**
 * The lock over candidates given as a uuid array expression (`ids`, in order): the rows up to `n`, with their debt and
 * debtor, re-checked under the lock. `wait`: one conversation's own job waits for its lock; otherwise locked rows are
 * skipped.
 */
const lockOver = (ids: SQL, wait: boolean) =>
  prebuilt((tx) =>
    tx
      .select({ ...LOCKED, rv: sql<number>`(select c2.row_version from conversations c2 where c2.id = cand.id)`.mapWith(Number) })
      .from(conversations)
      .innerJoin(sql`unnest(${ids}) with ordinality as cand(id, ord)`, sql`cand.id = ${conversations.id}`)
      .innerJoin(debts, eq(debts.id, conversations.debtId))
      .innerJoin(debtors, eq(debtors.id, conversations.debtorId))
      .where(and(stillReady, liveConversation(conversations.id)))
      .orderBy(sql`cand.ord`)
      .limit(ph('n'))
      // One conversation's own job waits for its lock; the batch takes what no one else holds.
      // NO KEY UPDATE (as engine.ts): rounds still exclude each other, but a row that merely references the
      // conversation — an inbound reply being stored, whose foreign key takes KEY SHARE — is not held until
      // the round commits (a whole group commit of webhooks waited behind a firing round; decision 0149).
      .for(DRAIN_LOCK, wait ? { of: conversations } : { of: conversations, skipLocked: true }),
  );
/** The lock with its candidates: the ready set, read in the statement (`only`: these conversations, waiting). */
const lockQuery = (wait: boolean, skip: boolean) =>
  lockOver(
    sql`(select array_agg(g.id order by ${arrivalOrder('g')}) from (${readyGroups({ now: sql`${ph('now')}::timestamptz`, cap: sql`${ph('cap')}`, cap2: sql`${ph('cap2')}`, ...(wait ? { only: sql`${ph('only')}` } : {}), ...(skip ? { skip: sql`${ph('skip')}` } : {}) })}) g)`,
    wait,
  );
/**
 * The lock over given candidates (DrainOptions.candidates): the same rows, joins, re-check and order, the candidates a
 * parameter instead of the ready set read in the statement; locked rows skipped.
 */
const LOCK_GIVEN = lockOver(sql`${ph('ids')}::uuid[]`, false);
/** [wait (only)][skip]. */
const LOCK = [
  [lockQuery(false, false), lockQuery(false, true)],
  [lockQuery(true, false), lockQuery(true, true)],
] as const;
const STILL_READY = prebuilt((tx) => tx.select({ id: conversations.id }).from(conversations).where(and(idIn(conversations.id, 'ids'), stillReady)));
const WAITING = prebuilt((tx) =>
  tx
    .select()
    .from(messages)
    .where(and(idIn(messages.conversationId, 'ids'), eq(messages.direction, 'inbound'), isNull(messages.processedAt)))
    .orderBy(asc(messages.seq)),
);
/** Of a due timer the round reads its id, conversation, name, event and due time (not its status, fired or created time). */
const DUE = prebuilt((tx) =>
  tx
    .select({ id: timers.id, conversationId: timers.conversationId, name: timers.name, event: timers.event, dueAt: timers.dueAt })
    .from(timers)
    .where(
      and(
        idIn(timers.conversationId, 'ids'),
        timerPending,
        sql`${timers.dueAt} <= ${ph('now')}::timestamptz`,
        sql`not exists (select 1 from dead_letters d where d.queue = 'timer' and d.subject_id = ${timers.id} and d.status = 'dead')`,
      ),
    )
    .orderBy(asc(timers.dueAt)),
);
const PLANS = prebuilt((tx) =>
  tx
    .select({ conversationId: installments.conversationId, seq: installments.seq, dueDate: installments.dueDate, amount: installments.amount })
    .from(installments)
    .where(and(idIn(installments.conversationId, 'ids'), inArray(installments.status, ['pending', 'missed'])))
    .orderBy(asc(installments.seq)),
);

/** Candidates read per claim: other loops hold the first ones (SKIP LOCKED), so a few batches' worth. */
const CANDIDATES_PER_BATCH = 5;

/** One round: classify what waits, then take up to `limit` ready conversations and apply their events. */
export async function drainConversations(deps: DrainDeps, classify: ClassifyFn, o: DrainOptions): Promise<DrainResult> {
  const failed: DrainFailure[] = [];
  const t0 = performance.now();
  const w0 = traceNow();
  const classified = await classifyWaiting(deps, classify, o, failed);
  const t1 = performance.now();
  const skip = [...(o.skip ?? []), ...failed.map((f) => f.conversationId)];
  const opts = { ...o, skip };
  let r: Applied;
  try {
    r = await pipelinedTransaction(deps.db, (tx) => applyReady(tx, deps, opts));
  } catch (e) {
    // One bad row must not hold the others back: the batch failed as a whole, so each of its
    // conversations is tried alone; those that still fail are reported.
    if (o.only?.length === 1) return { classified, claimed: 0, applied: 0, fired: 0, failed: [...failed, { conversationId: o.only[0]!, error: causeOf(e) }], post: emptyPostCommit(), readyLeft: false };
    // (Postgres away: this read throws too, and the caller tries again later.)
    deps.log.warn({ err: causeOf(e) }, 'a drain batch failed; its conversations are tried one by one');
    const ids = await claimableIds(deps.db, deps.clock.now(), opts);
    const merged: Applied = { claimed: 0, applied: 0, fired: 0, failed: [], post: emptyPostCommit() };
    for (const id of ids) {
      try {
        const one = await pipelinedTransaction(deps.db, (tx) => applyReady(tx, deps, { limit: 1, only: [id] }));
        merged.claimed += one.claimed;
        merged.applied += one.applied;
        merged.fired += one.fired;
        merged.failed.push(...one.failed);
        merged.post.outbox.push(...one.post.outbox);
        merged.post.timers.push(...one.post.timers);
      } catch (err) {
        merged.failed.push({ conversationId: id, error: causeOf(err) });
      }
    }
    r = merged;
  }
  failed.push(...r.failed);
  const t2 = performance.now();
  o.committed?.({ post: r.post, fired: r.fired });
  // A wake-up that came during a round that made progress means another round anyway: no need to look.
  const woken = !!o.woken?.() && r.applied + classified > 0;
  const readyLeft = o.only ? false : r.claimed >= o.limit || woken || (await claimableIds(deps.db, deps.clock.now(), { ...opts, skip: [...skip, ...failed.map((f) => f.conversationId)], limit: 1 })).length > 0;
  if (tracing && r.claimed) trace('round', { t0: w0, cls: Math.round(t1 - t0), tx: Math.round(t2 - t1), chk: Math.round(performance.now() - t2), n: r.claimed, convs: r.convs ?? [] });
  if (r.claimed) deps.log.debug({ classified, claimed: r.claimed, applied: r.applied, failed: failed.length, classifyMs: Math.round(t1 - t0), applyMs: Math.round(t2 - t1), checkMs: Math.round(performance.now() - t2) }, 'drain round');
  return { classified, claimed: r.claimed, applied: r.applied, fired: r.fired, failed, post: r.post, readyLeft };
}

/**
 * Up to `cap` ready conversations' ids, oldest event first, read without a lock (a storm's candidates for the drainer's
 * loops to share; decision 0187). Not dead-lettered, none of `skip`.
 */
export function readyConversationIds(db: DbOrTx, now: Date, o: { skip?: readonly string[] }, cap: number): Promise<string[]> {
  return readyConversations(db, now, { limit: cap, ...(o.skip?.length ? { skip: o.skip } : {}) }, cap);
}

/** Ready conversations, read without a lock. */
async function claimableIds(db: DbOrTx, now: Date, o: DrainOptions): Promise<string[]> {
  return readyConversations(db, now, o, o.limit);
}

/** Classifies the waiting messages that have no intent yet, outside any lock, and stores them in one UPDATE. */
async function classifyWaiting(deps: DrainDeps, classify: ClassifyFn, o: DrainOptions, failed: DrainFailure[]): Promise<number> {
  // One statement: the waiting messages with their conversation's flow and context.
  const skip = !!o.skip?.length;
  const waiting = await TO_CLASSIFY[(o.only ? 2 : 0) + (skip ? 1 : 0)]!(deps.db, {
    limit: o.limit * 2,
    ...(o.only ? { only: uuidList(o.only) } : {}),
    ...(skip ? { skip: uuidList(o.skip!) } : {}),
  });
  if (!waiting.length) return 0;
  const contexts = new Map<string, { context: FlowContext; flow: LoadedFlow['flow'] }>();
  for (const c of waiting) {
    const id = c.m.conversationId!;
    if (contexts.has(id) || failed.some((f) => f.conversationId === id)) continue;
    try {
      const loaded = await deps.flows.get(c.flowKey, c.flowVersion);
      contexts.set(id, { context: c.context ?? restoreMachine(loaded.machine, c.snapshot).context, flow: loaded.flow });
    } catch (error) {
      failed.push({ conversationId: id, error });
    }
  }
  const rows: Array<Record<string, unknown>> = [];
  const bad = new Set<string>();
  // The LLM tier (when configured) is a network call: a few at a time, never under a lock.
  await mapLimit(waiting, 8, async ({ m }) => {
    const c = contexts.get(m.conversationId!);
    if (!c || bad.has(m.conversationId!)) return;
    try {
      const r = await classify(m, c.context, c.flow);
      const stored = storedClassification(m.body, r);
      rows.push({ id: m.id, intent: stored.intent, explanation: stored.explanation, secondary_intents: stored.secondaryIntents, confidence: r.confidence, classified_by: r.classifiedBy, entities: r.entities, tier: r.tier ?? null, rule: r.rule ?? null, opt_out_suspected: r.optOutSuspected === true });
    } catch (error) {
      bad.add(m.conversationId!);
      failed.push({ conversationId: m.conversationId!, error });
    }
  });
  if (rows.length)
    await deps.db.execute(sql`update messages as m set intent = x.intent, explanation = x.explanation, secondary_intents = x.secondary_intents, confidence = x.confidence,
        classified_by = x.classified_by, entities = x.entities, tier = x.tier, rule = x.rule, opt_out_suspected = x.opt_out_suspected
      from ${recordset(rows, { id: 'uuid', intent: 'text', explanation: 'text', secondary_intents: 'jsonb', confidence: 'real', classified_by: 'text', entities: 'jsonb', tier: 'text', rule: 'text', opt_out_suspected: 'boolean' })}
      where ${recordsetIds('m', 'id', rows.map((r) => r.id as string))} and m.intent is null`);
  return rows.length;
}

type Applied = { claimed: number; applied: number; fired: number; failed: DrainFailure[]; post: PostCommit; convs?: string[] };

type Entry = { kind: 'message'; m: MessageRow; at: number } | { kind: 'timer'; t: TimerRow; at: number };

/** One transaction: lock ready conversations, apply their events in order, write the batch. */
async function applyReady(tx: Tx, deps: DrainDeps, o: DrainOptions): Promise<Applied> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const cap = o.only ? o.only.length : o.limit * CANDIDATES_PER_BATCH;
  // Candidates, lock and the re-check of what still needs it: one round trip (three before), BEGIN's too.
  const lock = (skipIds: readonly string[], n: number) =>
    o.candidates
      ? LOCK_GIVEN(tx, { ids: uuidList(o.candidates), now: nowIso, n })
      : LOCK[o.only ? 1 : 0][skipIds.length ? 1 : 0](tx, {
      now: nowIso,
      cap,
      cap2: cap * 2,
      n,
      ...(o.only ? { only: uuidList(o.only) } : {}),
      ...(skipIds.length ? { skip: uuidList(skipIds) } : {}),
    });
  // The round's reads of the pending-only indexes as plain index scans (storm16, decision 0168): see plainIndexScans.
  // The prebuilt lock reaches the driver at once, rowsOf's setting a few promise jobs later: sent together, the lock went
  // first and its custom plans (the first five on each connection) were still bitmaps of all of timers_due_idx
  // (storm17, decision 0171). The lock is started once the setting is with the driver; same round trip.
  const plain = rowsOf(tx, plainIndexScans());
  plain.catch(() => {});
  await handedToDriver();
  let claimed = await lock(o.skip ?? [], o.limit);
  await plain;
  if (!o.only && claimed.length) {
    // A row another loop committed while this claim ran is locked all the same (the lock's re-check
    // reads this statement's snapshot; the row's version shows it moved since): a fresh read drops
    // those whose events are all applied, and the places go to the next candidates once. (Kept, it
    // would only waste its place: the round's reads of its events run after the lock, and find none.)
    const fresh = async (rows: typeof claimed) => {
      const moved = rows.filter((c) => c.conv.rowVersion !== c.rv);
      if (!moved.length) return rows;
      const live = new Set(
        (await STILL_READY(tx, { ids: uuidList(moved.map((c) => c.conv.id)), now: nowIso })).map((r) => r.id),
      );
      return rows.filter((c) => c.conv.rowVersion === c.rv || live.has(c.conv.id));
    };
    const tried = new Set(claimed.map((c) => c.conv.id));
    claimed = await fresh(claimed);
    // Rare (rounds racing for the same rows): the lock again, its candidates read afresh past the tried ones.
    if (!o.candidates && claimed.length < o.limit && tried.size - claimed.length >= o.limit / 4) claimed = [...claimed, ...(await fresh(await lock([...(o.skip ?? []), ...tried], o.limit - claimed.length)))];
  }
  const out: Applied = { claimed: claimed.length, applied: 0, fired: 0, failed: [], post: emptyPostCommit(), ...(tracing ? { convs: claimed.map((c) => c.conv.id) } : {}) };
  if (!claimed.length) return out;
  const ids = claimed.map((c) => c.conv.id);
  // Three independent reads, pipelined on the transaction's connection: one round trip, not three.
  // `= any($1::uuid[])`: one parameter whatever the batch's size, so each read is built cheaply and is
  // ONE prepared statement per connection (an `in ($1, …, $n)` list was a new text, parsed and
  // planned again, for every batch size, and cost drizzle one chunk per id to build).
  const idList = uuidList(ids);
  const [waiting, due, plans] = await Promise.all([WAITING(tx, { ids: idList }), DUE(tx, { ids: idList, now: nowIso }), PLANS(tx, { ids: idList })]);
  const by = <T extends { conversationId: string | null }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) (m.get(r.conversationId!) ?? (m.set(r.conversationId!, []), m.get(r.conversationId!)!)).push(r);
    return m;
  };
  const waitingBy = by(waiting);
  const dueBy = by(due);
  const plansBy = by(plans);

  const items: EffectBatchItem[] = [];
  const transitions: AuditRow[] = [];
  const messageRows: Array<{ id: string; processed: boolean; secondary_intents: string[] | null }> = [];
  const fired: string[] = [];
  const snapshots: Array<Record<string, unknown>> = [];

  for (const { conv, debt, debtor } of claimed) {
    let loaded: LoadedFlow;
    let snap: ReturnType<typeof restoreMachine>;
    try {
      loaded = await deps.flows.get(conv.flowKey, conv.flowVersion, tx);
      snap = restoreMachine(loaded.machine, conv.snapshot);
    } catch (error) {
      out.failed.push({ conversationId: conv.id, error });
      continue;
    }
    const entries = merge(waitingBy.get(conv.id) ?? [], dueBy.get(conv.id) ?? []);
    let plan: PlanRow[] = (plansBy.get(conv.id) ?? []).map(({ seq, dueDate, amount }) => ({ seq, dueDate, amount }));
    let windows: DebtorRow['contactWindows'] = debtor.contactWindows;
    let rowVersion = conv.rowVersion;
    let status = conv.status;
    let state = conv.state;
    let clearHeld = false;
    let changed = false;
    const cancelled: Array<string | null> = [];
    const isCancelled = (name: string) => cancelled.some((n) => n === null || n === name);
    // A mixed message's contact window applied, its intent not (yet): marked applied, left unprocessed.
    const windowApplied = (m: MessageRow, processed: boolean) =>
      messageRows.push({ id: m.id, processed, secondary_intents: m.secondaryIntents?.includes(WINDOW) ? m.secondaryIntents.map((i) => (i === WINDOW ? WINDOW_APPLIED : i)) : null });
    entries: for (const entry of entries) {
      let events: Array<{ event: FlowEvent; last: boolean }>;
      if (entry.kind === 'message') {
        const m = entry.m;
        if (!m.intent) break; // classified by the next round; nothing after it may go first
        const types = inboundEvents(m);
        events = types.map((type, i) => ({
          event:
            i < types.length - 1
              ? { type: WINDOW, now: nowIso, entities: {}, messageId: m.id }
              : { type: eventTypeOf(m), now: nowIso, entities: (m.entities ?? {}) as FlowEvent['entities'], confidence: m.confidence ?? undefined, messageId: m.id },
          last: i === types.length - 1,
        }));
      } else {
        // Cancelled by an event applied before it in this round: still pending, the cancel UPDATE closes it.
        if (isCancelled(entry.t.name)) continue;
        events = [{ event: { ...entry.t.event, now: nowIso } as FlowEvent, last: true }];
      }
      for (const [k, { event, last }] of events.entries()) {
        let item: EffectBatchItem;
        let next: ReturnType<typeof restoreMachine>;
        let actions: ReturnType<typeof stepMachine>[1];
        try {
          [next, actions] = stepMachine(loaded.machine, snap, event);
          const inp: EffectInput = {
            conv: { ...conv, status, state, rowVersion },
            debt,
            debtor: { ...debtor, contactWindows: windows },
            flow: loaded.flow,
            context: next.context,
            event,
            now,
            publicBaseUrl: deps.config.publicBaseUrl,
            transitionKey: `bot:${conv.id}:${rowVersion + 1}`,
            provider: deps.provider.name,
          };
          item = { inp, effects: interpret(interpretInput(inp, plan, windows, entry.kind === 'message' ? entry.m.body : null), actions) };
        } catch (error) {
          out.failed.push({ conversationId: conv.id, error, ...(entry.kind === 'timer' ? { timerId: entry.t.id } : {}) });
          if (entry.kind === 'message' && k > 0) windowApplied(entry.m, false);
          break entries;
        }
        // Applied (in memory): carry forward what this conversation's later events read.
        rowVersion++;
        const to = stateName(next.value);
        const nextStatus = statusFromTags(next.tags);
        if (status === 'escalated' && nextStatus !== 'escalated') clearHeld = true;
        transitions.push(transitionAudit(conv, event, { from: state, to, status: nextStatus, actions, rowVersion }));
        items.push(item);
        for (const e of item.effects) {
          if (e.type === 'replacePlan') plan = [...e.plan];
          else if (e.type === 'cancelPlan') plan = [];
          else if (e.type === 'setContactWindow') windows = e.windows;
          else if (e.type === 'cancelTimers') cancelled.push(e.name ?? null);
        }
        snap = next;
        state = to;
        status = nextStatus;
        changed = true;
        out.applied++;
        if (entry.kind === 'timer') fired.push(entry.t.id);
        else if (last) windowApplied(entry.m, true);
      }
    }
    if (!changed) continue;
    snapshots.push({ id: conv.id, snapshot: loaded.machine.getPersistedSnapshot(snap), state, status, row_version: rowVersion, clear_held: clearHeld });
  }
  if (!items.length) return out;

  // The round's writes go out as one pipeline on the transaction's connection (one round trip, not
  // eight), and its COMMIT with them (writeEffects' `commit`; the transaction is pipelinedTransaction's,
  // so its BEGIN went out with the lock): each statement is started in order and none needs another's
  // result; one that fails aborts the transaction, and the COMMIT is answered ROLLBACK. The timers this
  // round fired are marked fired and left alone by the effects' cancels, in whichever order they run;
  // that statement goes last, so `fired_at` is when the round's writes were done (the round's clock
  // plus the transaction's age: the commit follows), not when the round started.
  const early: Array<Promise<unknown>> = [];
  if (messageRows.length)
    early.push(
      rowsOf(tx, sql`update messages as m set processed_at = case when x.processed then ${nowIso}::timestamptz else m.processed_at end,
        secondary_intents = coalesce(x.secondary_intents, m.secondary_intents)
      from ${recordset(messageRows, { id: 'uuid', processed: 'boolean', secondary_intents: 'jsonb' })} where ${recordsetIds('m', 'id', messageRows.map((r) => r.id))}`),
    );
  // Settled together below; handled at once, so a failure here is never an unhandled rejection meanwhile.
  const earlyDone = Promise.all(early);
  earlyDone.catch(() => {});
  const finish = (audits: AuditRow[][]) => {
    const auditRows = items.flatMap((_, i) => [...audits[i]!, transitions[i]!]);
    return [
      rowsOf(tx, sql`update conversations as c set snapshot = x.snapshot, state = x.state, status = x.status, row_version = x.row_version, updated_at = ${nowIso}::timestamptz,
          held_by = case when x.clear_held then null else c.held_by end, held_at = case when x.clear_held then null else c.held_at end
        from ${recordset(snapshots, { id: 'uuid', snapshot: 'jsonb', state: 'text', status: 'text', row_version: 'integer', clear_held: 'boolean' })} where ${recordsetIds('c', 'id', snapshots.map((x) => x.id as string))}`),
      insertJsonRows(
        tx,
        auditEvents,
        { actor: 'text', type: 'text', conversation_id: 'uuid', debtor_id: 'uuid', data: 'jsonb' },
        auditRows.map((a) => ({ actor: a.actor, type: a.type, conversation_id: a.conversationId, debtor_id: a.debtorId, data: a.data })),
      ),
      ...(fired.length
        ? [rowsOf(tx, sql`update timers set status = 'fired', fired_at = ${nowIso}::timestamptz + (clock_timestamp() - now()) where id = any(${uuidArray(fired)}) and status = 'pending'`)]
        : []),
    ];
  };
  let written: Awaited<ReturnType<typeof writeEffects>>;
  try {
    written = await writeEffects(tx, items, { consumed: fired, after: finish, commit: true });
  } catch (e) {
    // A statement before the effects' failed first: its error is the cause (the later ones only saw an aborted transaction).
    await earlyDone;
    throw e;
  }
  await earlyDone;
  const { post } = written;
  out.post = post;
  out.fired = fired.length;
  return out;
}

/** A conversation's events in arrival order: messages by seq, timers by due time, a reply before a timer that fell due after it arrived. */
function merge(msgs: MessageRow[], due: TimerRow[]): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  let j = 0;
  while (i < msgs.length || j < due.length) {
    const m = msgs[i];
    const t = due[j];
    if (m && (!t || m.createdAt.getTime() <= t.dueAt.getTime())) {
      out.push({ kind: 'message', m, at: m.createdAt.getTime() });
      i++;
    } else {
      out.push({ kind: 'timer', t: t!, at: t!.dueAt.getTime() });
      j++;
    }
  }
  return out;
}

async function mapLimit<T>(items: readonly T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/**
 * Applies every unprocessed inbound message (and due timer) of ONE conversation, oldest first:
 * the batch path with N = 1, waiting for the conversation's lock. Throws when it fails, so its job
 * is retried and, after the last attempt, dead-lettered. The new rows are relayed to the queue.
 */
export async function processInbound(deps: DrainDeps, conversationId: string, classify: ClassifyFn): Promise<number> {
  const r = await drainOne(deps, conversationId, classify);
  await relay(deps, r.post);
  return r.applied;
}

/** processInbound without the relay: the caller hands the new rows on (the worker delivers them at once). */
export async function drainOne(deps: DrainDeps, conversationId: string, classify: ClassifyFn): Promise<DrainResult> {
  let applied = 0;
  let fired = 0;
  const post = emptyPostCommit();
  let classified = 0;
  // A message that arrives while the round runs is classified and applied by the next one.
  for (let guard = 0; guard < 100; guard++) {
    const r = await drainConversations(deps, classify, { limit: 1, only: [conversationId] });
    classified += r.classified;
    applied += r.applied;
    fired += r.fired;
    post.outbox.push(...r.post.outbox);
    post.timers.push(...r.post.timers);
    if (r.failed.length) {
      await relay(deps, post);
      throw r.failed[0]!.error;
    }
    if (!r.applied && !r.classified) break;
  }
  return { classified, claimed: applied ? 1 : 0, applied, fired, failed: [], post, readyLeft: false };
}

