import { inArray, sql } from 'drizzle-orm';
import { campaigns, debtors, outbox } from '../../db/schema';
import type { DbOrTx } from '../db/client';
import { jsonParam, rowsOf, uuidArray } from '../db/batch';
import type { Services } from '../services';
import { localDate, zonedTime } from '../shared/time';
import { decide, type GateDecision, type GateFacts } from './send-gate';
import { DEFAULT_DEBTOR_TIMEZONE, gateFacts } from './gate-facts';

type DebtorRow = typeof debtors.$inferSelect;

/** Statuses of a send that may have gone out: they count against the caps like 'sending'. */
export const MAYBE_SENT = ['sending', 'unknown', 'uncertain'] as const;
export const maybeSent = () => inArray(outbox.status, [...MAYBE_SENT]);

/** What the gate needs to know about one outbound, queued or only proposed (a collector's reply). */
export interface GateSubject {
  debtorId: string | null;
  conversationId: string | null;
  phone: string;
  kind: string;
  author: string;
  body: string;
}

/** One subject of a batched gather, with its debtor row when the caller read it under its lock. */
export interface GateItem {
  subject: GateSubject;
  lockedDebtor?: DebtorRow;
}

/** What the batched gather knows of each subject besides the facts: the debt its weekly cap counts. */
export interface GatheredFacts {
  facts: GateFacts;
  debtId: string | null;
}

const MAYBE_SENT_SQL = sql.raw(MAYBE_SENT.map((s) => `'${s}'`).join(', '));

/** One subject's facts as read from Postgres (gatherFactsMany's statement, or readOutboxFacts'). */
export interface FactsRead {
  conv_id: string | null;
  debt_id: string | null;
  flow_key: string | null;
  flow_version: number | null;
  status: GateFacts['conversationStatus'];
  held_by: string | null;
  campaign_id: string | null;
  sup: string | null;
  today: number;
  week: number;
}

/**
 * The gate's facts as columns over a row set `x` (phone, debtor_id, day_start, conversation_id) left-joined to its
 * conversation `c` and to its cap counts `k` (capCounts): suppression, reminders today (the debtor's day) and this
 * week (the debt's). One text for both reads, the pipelined one behind the claim and the per-item one.
 */
function factColumns() {
  return sql`c.id as conv_id, c.debt_id, c.flow_key, c.flow_version, c.status, c.held_by, c.campaign_id,
      (select s.reason from suppressions s where s.phone = x.phone and s.lifted_at is null limit 1) as sup,
      k.today, k.week`;
}

/**
 * Both caps' counts over one walk of the debtor's reminders (`k`, joined after `c`). The debt's reminders are its one
 * conversation's (conversations_debt_uq), read through the debtor's reminder index like the day's (every reminder
 * carries its conversation's debtor: decision 0145, which dropped the outbox's index by conversation). Each count's
 * filter is its own whole condition (today: `x`'s debtor, from the start of its day; week: `c`'s debtor and
 * conversation, from `weekStart`), over the reminders of either debtor (`= any`, one key when they are the same, as
 * they are for every row the app writes), so each is exactly the count it was as its own subquery. As two
 * subqueries they walked the same index entries and fetched the same heap rows twice: about 16 buffers each per
 * claimed row in a 100,000 storm's state, 6,400 of readOutboxFacts' ~9,000 a claim of 200 (storm18, decision 0175).
 */
function capCounts(weekStart: string) {
  return sql`cross join lateral (select
      (count(*) filter (where x.debtor_id is not null and o.debtor_id = x.debtor_id
        and ((o.status = 'sent' and o.sent_at >= x.day_start) or (o.status in (${MAYBE_SENT_SQL}) and o.not_before >= x.day_start))))::int as today,
      (count(*) filter (where c.debt_id is not null and o.debtor_id = c.debtor_id and o.conversation_id = c.id
        and ((o.status = 'sent' and o.sent_at >= ${weekStart}::timestamptz) or (o.status in (${MAYBE_SENT_SQL}) and o.not_before >= ${weekStart}::timestamptz))))::int as week
    from outbox o where o.debtor_id = any(array[x.debtor_id, c.debtor_id]) and o.kind = 'reminder') k`;
}

/**
 * The row set `x`'s conversation, looked up by its primary key per row: as a plain left join, a generic plan made on an
 * empty table was a hash join over a sequential scan of every conversation (decision 0159). `limit 1` keeps it a
 * per-row subquery the planner cannot flatten into a join.
 */
const conversationOfX = sql.raw('left join lateral (select c.* from conversations c where c.id = x.conversation_id limit 1) c on true');

/**
 * gatherFactsMany's read for outbox rows, keyed by outbox id, in one statement that needs nothing
 * from the claim's answer (the phone from the message, the debtor's day start from its timezone in
 * SQL), so the sender sends it in the same round trip as its claim: issued right after the claim on
 * the transaction's connection, it runs after the claim has taken its locks (a statement's snapshot
 * is taken when it starts), as the separate read did. Rows the claim did not take are read and ignored.
 * Each row by its primary key (lateral lookups, decision 0159): as joins, a generic plan made on an empty
 * table scanned every message, debtor and conversation (35–41 ms a round at 100,000 in psql; 3.7–4.7 ms now).
 */
export async function readOutboxFacts(tx: DbOrTx, outboxIds: readonly string[], now: Date): Promise<Map<string, FactsRead>> {
  const weekStart = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const rows = await rowsOf<FactsRead & { outbox_id: string }>(
    tx,
    sql`select x.outbox_id, ${factColumns()}
      from (
        select ob.id as outbox_id, ob.conversation_id, m.phone, d.id as debtor_id,
          date_trunc('day', ${now.toISOString()}::timestamptz at time zone coalesce(d.timezone, ${DEFAULT_DEBTOR_TIMEZONE})) at time zone coalesce(d.timezone, ${DEFAULT_DEBTOR_TIMEZONE}) as day_start
        from (select distinct u.id from unnest(${uuidArray(outboxIds)}) as u(id)) i
          cross join lateral (select ob.id, ob.conversation_id, ob.message_id, ob.debtor_id from outbox ob where ob.id = i.id limit 1) ob
          cross join lateral (select m.phone from messages m where m.id = ob.message_id limit 1) m
          left join lateral (select d.id, d.timezone from debtors d where d.id = ob.debtor_id limit 1) d on true
      ) x
      ${conversationOfX}
      ${capCounts(weekStart)}`,
  );
  return new Map(rows.map(({ outbox_id, ...r }) => [outbox_id, r]));
}

/**
 * The facts the send gate decides on, for many subjects at once, read inside the caller's
 * transaction in ONE statement whatever their number (conversation, active suppression, both caps'
 * counts), plus campaigns when a campaign loaded any and debtors when not given already locked. Shared by the sender (at send
 * time, batched) and by anything that must know the gate's answer before queueing (a batch of 1).
 * Counts are what is committed or claimed: two counted subjects of one debtor in one batch see the
 * same count, so the sender never decides two of them in one batch.
 */
export async function gatherFactsMany(tx: DbOrTx, deps: Pick<Services, 'flows'>, items: readonly GateItem[], now: Date, read?: ReadonlyArray<FactsRead | undefined>): Promise<GatheredFacts[]> {
  if (!items.length) return [];
  const unique = <T>(xs: Array<T | null | undefined>) => [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))];
  const debtorsById = new Map<string, DebtorRow>(items.flatMap((i) => (i.lockedDebtor ? [[i.lockedDebtor.id, i.lockedDebtor] as const] : [])));
  const toRead = unique(items.map((i) => (i.subject.debtorId && !debtorsById.has(i.subject.debtorId) ? i.subject.debtorId : null)));
  if (toRead.length) for (const d of await tx.select().from(debtors).where(inArray(debtors.id, toRead))) debtorsById.set(d.id, d);
  const weekStart = new Date(now.getTime() - 7 * 86_400_000);
  const base = items.map((item) => {
    const debtor = item.subject.debtorId ? debtorsById.get(item.subject.debtorId) : undefined;
    const tz = debtor?.timezone ?? DEFAULT_DEBTOR_TIMEZONE;
    return { item, debtor, tz, dayStart: zonedTime(localDate(now, tz), '00:00', tz) };
  });
  // One statement for every subject: its conversation, the phone's active suppression, and both
  // caps' counts. The daily cap counts across every debt of the debtor (COMPLIANCE rule 10);
  // 'sending' (and the other maybe-sent statuses) count too: a send claimed a moment ago has no
  // sentAt yet, and its notBefore is its claim time, so one a crash left behind counts for its own day only.
  type Read = FactsRead & { i: number };
  // `read`: the same facts already read per item by the caller (readOutboxFacts, pipelined behind its claim).
  const reads: Read[] = read?.every(Boolean) ? read.flatMap((r, i) => (r ? [{ ...r, i }] : [])) : await rowsOf<Read>(
    tx,
    sql`select x.i, ${factColumns()}
      from jsonb_to_recordset(${jsonParam(base.map((b, i) => ({ i, debtor_id: b.debtor?.id ?? null, day_start: b.dayStart.toISOString(), conversation_id: b.item.subject.conversationId, phone: b.item.subject.phone })))})
        as x(i int, debtor_id uuid, day_start timestamptz, conversation_id uuid, phone text)
      ${conversationOfX}
      ${capCounts(weekStart.toISOString())}`,
  );
  const readOf = new Map(reads.map((r) => [Number(r.i), r]));
  const convs = [...new Map(reads.filter((r) => r.conv_id).map((r) => [r.conv_id!, r])).values()];
  const flowsByConv = new Map(await Promise.all(convs.map(async (c) => [c.conv_id!, (await deps.flows.get(c.flow_key!, Number(c.flow_version), tx)).flow] as const)));
  // Only debts a campaign loaded pay for this read.
  const campIds = unique(convs.map((c) => c.campaign_id));
  const camps = campIds.length ? await tx.select({ id: campaigns.id, status: campaigns.status }).from(campaigns).where(inArray(campaigns.id, campIds)) : [];
  const campById = new Map(camps.map((c) => [c.id, c.status]));

  return base.map(({ item, debtor }, i) => {
    const row = item.subject;
    const n = readOf.get(i);
    const conv = n?.conv_id ? n : undefined;
    const flow = conv ? flowsByConv.get(conv.conv_id!) : undefined;
    const camp = conv?.campaign_id ? campById.get(conv.campaign_id) : undefined;
    const facts = gateFacts({
      now,
      subject: row,
      flow: flow ?? null,
      debtor: debtor ?? null,
      suppression: n?.sup ?? null,
      conversation: conv ? { heldBy: conv.held_by, status: conv.status ?? '' } : null,
      automatedToday: debtor ? Number(n?.today ?? 0) : 0,
      debtLast7Days: conv ? Number(n?.week ?? 0) : 0,
      campaignStatus: camp ?? null,
    });
    return { facts, debtId: conv?.debt_id ?? null };
  });
}

/**
 * The facts for one subject: the batched gather with a batch of one (one code path). `lockedDebtor`:
 * the subject's debtor row, already read under its lock in this transaction (not read again).
 */
export async function gatherFacts(tx: DbOrTx, deps: Pick<Services, 'flows'>, row: GateSubject, now: Date, lockedDebtor?: DebtorRow): Promise<GateFacts> {
  const [one] = await gatherFactsMany(tx, deps, [{ subject: row, ...(lockedDebtor ? { lockedDebtor } : {}) }], now);
  return one!.facts;
}

/** The one send gate's answer for `subject` now (invariant 2): facts read in `tx`, decision pure. */
export async function gateDecision(tx: DbOrTx, deps: Pick<Services, 'flows'>, subject: GateSubject, now: Date, lockedDebtor?: DebtorRow): Promise<GateDecision> {
  return decide(await gatherFacts(tx, deps, subject, now, lockedDebtor));
}

