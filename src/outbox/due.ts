import { sql, type SQL } from 'drizzle-orm';

/**
 * One status's due outbox rows (id, not_before), oldest first, at most `limit`: an ordered plain index scan of
 * outbox_due_idx (status, not_before) from the key's start, which marks the entries of rows that left the status
 * (claimed, sent; autovacuum off) dead as it passes them, so the next read skips them. As one filter over several
 * statuses the plan was bitmap scans ORed over every such entry on every read, never marked (storm16 and storm18,
 * decisions 0168 and 0175). `also` narrows the rows further. Run it with bitmap scans off (readWithPlainIndexScans).
 */
export function dueOfStatus(status: 'pending' | 'held' | 'sending' | 'unknown', upTo: Date | string, limit: number, also: SQL = sql``): SQL {
  const at = typeof upTo === 'string' ? upTo : upTo.toISOString();
  return sql`(select o.id, o.not_before from outbox o
      where o.status = ${status} and o.not_before <= ${at}::timestamptz ${also}
      order by o.not_before limit ${limit})`;
}

/** Several dueOfStatus reads merged oldest first and limited again (a Merge Append of ordered plain scans): id, not_before. */
export function oldestDue(sides: SQL[], limit: number): SQL {
  return sql`select u.id, u.not_before from (${sql.join(sides, sql` union all `)}) u order by u.not_before limit ${limit}`;
}
