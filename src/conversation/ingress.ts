import { sql } from 'drizzle-orm';
import { jsonParam, rowsOf } from '../db/batch';
import type { Database, Db } from '../db/client';
import type { InboundMessage } from '../channels/port';
import { intentOfPostback } from '../channels/rcs-card';
import { Intent } from '../classify/port';
import { wakeDrain } from '../queue/wake';
import type { Services } from '../services';
import { createCoalescer, type Submit } from '../shared/coalescer';
import { trace, traceNow, tracing } from '../shared/trace';

export type IngestResult =
  | { status: 'duplicate' }
  | { status: 'stored'; messageId: string; conversationId: string | null; optOut: boolean };

type IngestDeps = Pick<Services, 'db' | 'queue' | 'clock' | 'isOptOut' | 'isOptIn' | 'log'> & StoreDeps;
/** `database.ingestDb`, when the process has one, is where the group commit writes (decision 0170). */
type StoreDeps = Pick<Services, 'db' | 'log'> & { database?: Pick<Database, 'ingestDb'> };

/**
 * The webhook's whole job: store the inbound once (dedupe on the provider's id), write the
 * suppression in the same transaction when it is an opt-out, and wake the conversation.
 * Classification and the reply happen in the worker.
 *
 * Concurrent webhooks are stored together (group commit, `storeInbound`): the answer waits for
 * the commit of its own row, so a 200 still means stored.
 */
export async function ingestInbound(deps: IngestDeps, input: InboundMessage): Promise<IngestResult> {
  const a0 = tracing ? traceNow() : 0;
  const row = inboundRow(input, deps);
  const r = await storeInbound(deps, row);
  if (r.status === 'duplicate') return r;
  const a1 = tracing ? traceNow() : 0;
  if (tracing) trace('stored', { c: r.conversationId });
  if (r.conversationId) await wakeConversation(deps);
  if (tracing) traceAck(row, a0, a1);
  return { status: 'stored', messageId: r.messageId, conversationId: r.conversationId, optOut: row.optOut };
}

/** One inbound as it is written: sanitised text, its opt-out/opt-in reading, a tapped intent. */
export interface InboundRow {
  phone: string;
  body: string;
  channel: InboundMessage['channel'];
  provider: string;
  providerMessageId: string;
  optOut: boolean;
  /** Which conversation hears it: 'in' (START) prefers the opted-out one; 'out'/'in' also reach settled ones. */
  mode: 'out' | 'in' | 'plain';
  intent: string | null;
  explanation: string | null;
  createdAt: string;
}

// Lone UTF-16 surrogates cannot be stored as text (the old path stored U+FFFD for them; jsonb refuses them).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (s: string) => s.replace(LONE_SURROGATE, '\ufffd');

/** Pure: the row for one inbound message. */
export function inboundRow(input: InboundMessage, deps: Pick<Services, 'clock' | 'isOptOut' | 'isOptIn'>): InboundRow {
  // A NUL cannot be stored in text; the debtor's message is kept with it replaced, never refused.
  const body = wellFormed(input.body.replace(/\u0000/g, '\ufffd'));
  const phone = wellFormed(input.from.replace(/\u0000/g, ''));
  // A tapped RCS suggestion says its intent outright (confidence 1.0); free text goes to the classifier.
  const tapped = intentOfPostback(input.postback, Intent.options);
  const optOut = tapped === 'stop' || (!tapped && deps.isOptOut(body));
  const optIn = !optOut && deps.isOptIn(body);
  return {
    phone,
    body,
    channel: input.channel,
    provider: input.provider,
    providerMessageId: input.providerMessageId,
    optOut,
    mode: optOut ? 'out' : optIn ? 'in' : 'plain',
    intent: tapped ?? null,
    explanation: tapped ? `RCS suggestion tapped (${input.postback})` : null,
    createdAt: deps.clock.now().toISOString(),
  };
}

export type Stored = { status: 'duplicate' } | { status: 'stored'; messageId: string; conversationId: string | null };

/**
 * The ack's stages for the trace (issue #12, ack17): per stored row, when its batch was handed to the
 * database (f) and when the batch's statement was answered (d), and the batch's size. Only with SAISOKU_TRACE.
 */
const batchOf = new WeakMap<InboundRow, { f: number; d: number; n: number }>();
function traceAck(row: InboundRow, a0: number, a1: number) {
  const b = batchOf.get(row);
  // q: queued for a batch (the coalescer's wait, incl. the previous batch's write); db: the batch's statement
  // (a pool connection + its execution + its commit); res: the answer back to this caller; wk: the drain's wake.
  trace('ack', { a0, q: b ? b.f - a0 : -1, db: b ? b.d - b.f : -1, res: b ? a1 - b.d : -1, wk: traceNow() - a1, n: b?.n ?? 0 });
}

/**
 * Group-commit batches written at the same time. Four were measured against two (decision 0170): the wait for a
 * batch slot went (p99 16–24 → 3.9 ms in one traced run) but no ack or reply figure moved in two pairs at 200/s, and
 * the ingest's CPU per webhook was 5–12 % higher in both (smaller batches): kept at two.
 */
export const INGEST_IN_FLIGHT = 2;

/** One coalescer per database handle: on Workers each request has its own, so a batch is one row there. */
const stores = new WeakMap<Db, Submit<InboundRow, Stored>>();

/** Stores one inbound, batched with whatever other webhooks are storing at the same moment. */
export function storeInbound(deps: StoreDeps, row: InboundRow): Promise<Stored> {
  // The ingest's own pool when there is one: a batch never waits for a connection behind the drain's rounds.
  const db = deps.database?.ingestDb ?? deps.db;
  let submit = stores.get(db);
  if (!submit) {
    submit = createCoalescer((rows: InboundRow[]) => storeBatch({ db, log: deps.log }, rows), { maxBatch: 200, maxInFlight: INGEST_IN_FLIGHT });
    stores.set(db, submit);
  }
  return submit(row);
}

/**
 * A batch in one statement; when it fails, row by row, so one bad row fails only its own webhook.
 * A provider id twice in one batch is written once: the later copies are duplicates.
 */
export async function storeBatch(deps: Pick<Services, 'db' | 'log'>, rows: InboundRow[]): Promise<Array<Stored | Error>> {
  const firstOf = new Map<string, number>();
  const unique: InboundRow[] = [];
  rows.forEach((r) => {
    const k = `${r.provider}\u0000${r.providerMessageId}`;
    if (!firstOf.has(k)) {
      firstOf.set(k, unique.length);
      unique.push(r);
    }
  });
  let results: Array<Stored | Error>;
  const f = tracing ? traceNow() : 0;
  try {
    results = await insertInbound(deps.db, unique);
    if (tracing) {
      const b = { f, d: traceNow(), n: rows.length };
      for (const r of rows) batchOf.set(r, b);
    }
  } catch (e) {
    if (unique.length === 1) throw e;
    deps.log.warn({ err: e, rows: unique.length }, 'inbound batch failed; storing its rows one by one');
    results = await Promise.all(unique.map((r) => insertInbound(deps.db, [r]).then((x) => x[0]!, (err: unknown) => (err instanceof Error ? err : new Error(String(err))))));
  }
  const seen = new Set<number>();
  return rows.map((r) => {
    const i = firstOf.get(`${r.provider}\u0000${r.providerMessageId}`)!;
    if (seen.has(i)) return { status: 'duplicate' };
    seen.add(i);
    return results[i]!;
  });
}

/**
 * One statement (its own transaction): find each row's conversation, insert the messages
 * (ON CONFLICT DO NOTHING on the provider's id = dedupe), the STOP suppressions and the audit rows
 * of the rows that were new. Which conversation hears a message: START the one it re-subscribes;
 * otherwise the live one (active or escalated) most recently touched. STOP and START reach a debtor
 * whose debts are all settled too, so the flow still confirms them (COMPLIANCE rules 1, 2).
 */
async function insertInbound(db: Db, rows: InboundRow[]): Promise<Stored[]> {
  const input = rows.map((r, i) => ({
    i,
    phone: r.phone,
    body: r.body,
    channel: r.channel,
    provider: r.provider,
    provider_message_id: r.providerMessageId,
    opt_out: r.optOut,
    mode: r.mode,
    intent: r.intent,
    explanation: r.explanation,
    created_at: r.createdAt,
  }));
  const res = await rowsOf<InsertedRow>(db, sql`
    with x as (
      select * from jsonb_to_recordset(${jsonParam(input)}) as x(i int, phone text, body text, channel text, provider text, provider_message_id text, opt_out boolean, mode text, intent text, explanation text, created_at timestamptz)
    ),
    -- The sender's debtors by debtors_phone_idx, then their conversations by conversations_debtor_idx: written so that
    -- no plan can read a whole table per row, even before the tables have statistics (a fresh import; decision 0150).
    conv as (
      select x.i, c.id, c.debtor_id from x
      left join lateral (
        select c.id, c.debtor_id from conversations c
        where c.debtor_id = any (array(select d.id from debtors d where d.phone = x.phone))
          and (x.mode <> 'plain' or c.status in ('active', 'escalated', 'opted_out'))
        order by (x.mode = 'in' and c.status = 'opted_out') desc, c.status in ('active', 'escalated') desc, c.updated_at desc
        limit 1
      ) c on true
    ),
    ins as (
      insert into messages (conversation_id, direction, channel, phone, body, provider, provider_message_id, status, created_at, intent, confidence, classified_by, tier, explanation)
      select conv.id, 'inbound', x.channel, x.phone, x.body, x.provider, x.provider_message_id, 'received', x.created_at, x.intent,
        case when x.intent is null then null else 1 end, case when x.intent is null then null else 'rules' end,
        case when x.intent is null then null else 'keyword' end, x.explanation
      from x join conv on conv.i = x.i
      order by x.i
      on conflict (provider, provider_message_id) where provider_message_id is not null do nothing
      returning id, provider, provider_message_id, conversation_id
    ),
    got as (
      select x.i, x.phone, x.opt_out, x.provider, ins.id, ins.conversation_id, conv.debtor_id
      from ins join x on x.provider = ins.provider and x.provider_message_id = ins.provider_message_id join conv on conv.i = x.i
    ),
    sup as (
      insert into suppressions (phone, reason, source_message_id)
      select phone, 'stop', id from got where opt_out order by i
      on conflict do nothing
    ),
    aud as (
      insert into audit_events (actor, type, conversation_id, debtor_id, data)
      select 'debtor', case when opt_out then 'inbound.opt_out' else 'inbound.received' end, conversation_id, debtor_id, jsonb_build_object('messageId', id, 'provider', provider)
      from got order by i
    )
    select i, id, conversation_id from got
  `);
  const byIndex = new Map(res.map((r) => [Number(r.i), r]));
  return rows.map((_, i) => {
    const r = byIndex.get(i);
    return r ? { status: 'stored', messageId: r.id, conversationId: r.conversation_id } : { status: 'duplicate' };
  });
}

type InsertedRow = { i: number; id: string; conversation_id: string | null };

/**
 * The wake after the commit: coalesced into one drain for many replies (queue/wake.ts: in process
 * when this process drains, else one job per time bucket). A failure is logged, never the webhook's
 * failure: the sweep wakes the drain again. Awaited, so on Workers the wake-up is sent before the answer.
 */
export async function wakeConversation(deps: Pick<Services, 'queue' | 'log'>): Promise<void> {
  try {
    await wakeDrain(deps.queue);
  } catch (e) {
    deps.log.warn({ err: e }, 'could not wake the conversation; the sweep will');
  }
}
