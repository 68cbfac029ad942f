import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { deliveryRank, type DeliveryStatus } from './port';

// The status order as SQL, from the one table in port.ts (isForwardMove): CASE status WHEN … THEN rank.
const rankOf = (col: string) =>
  sql.raw(`case ${col} ${Object.entries(deliveryRank).map(([s, r]) => {
    if (!/^[a-z_]+$/.test(s)) throw new Error(`bad status ${s}`);
    return `when '${s}' then ${r}`;
  }).join(' ')} end`);
const CURRENT_RANK = rankOf('messages.status');

/**
 * Status callbacks move a message forward only (COMPLIANCE rule 4); unknown ids are ignored.
 * One statement: the UPDATE's WHERE holds the forward check, so a row locked by a concurrent
 * writer (the sender recording its result) is re-checked on the version that writer committed,
 * as the SELECT … FOR UPDATE + UPDATE transaction did, in one round trip instead of four.
 */
export async function applyStatus(deps: { db: Db }, provider: string, providerMessageId: string, status: DeliveryStatus, errorCode?: string) {
  const res = (await deps.db.execute(sql`
    with found as (select id from messages where provider = ${provider} and provider_message_id = ${providerMessageId}),
    moved as (
      update messages set status = ${status}, error_code = coalesce(${errorCode || null}::text, messages.error_code)
      where messages.id in (select id from found) and ${CURRENT_RANK} < ${deliveryRank[status]}::int
      returning messages.id
    )
    select (select count(*) from found)::int as found, (select count(*) from moved)::int as moved
  `)) as unknown as Counts[] | { rows: Counts[] };
  const [c] = Array.isArray(res) ? res : res.rows;
  if (!c?.found) return 'unknown' as const;
  return c.moved ? ('updated' as const) : ('ignored' as const);
}

type Counts = { found: number; moved: number };
