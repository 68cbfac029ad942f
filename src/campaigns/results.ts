import { sql, type SQL } from 'drizzle-orm';
import { rowsOf as rows } from '../db/batch';
import type { DbOrTx } from '../db/client';
import { twoProportionTest, verdict, type ProportionTest } from './stats';

export interface ResultRow {
  flowKey: string | null;
  flowVersion: number | null;
  /** null on the total row. */
  variant: number | null;
  debts: number;
  sent: number;
  delivered: number;
  clicked: number;
  replied: number;
  promised: number;
  paid: number;
  recovered: number;
  optedOut: number;
  escalated: number;
  /** Hours from the debt's load to its first payment, median over paid debts. */
  medianHoursToPay: number | null;
  ctr: number;
  cvr: number;
  optOutRate: number;
  escalationRate: number;
}

export interface CampaignResults {
  rows: ResultRow[];
  total: ResultRow;
  ab: (ProportionTest & { verdict: string; measure: 'paid / debts' }) | null;
  daily: Array<{ day: string; sent: number; delivered: number; clicked: number; replied: number; paid: number; recovered: number }>;
}

/**
 * Every figure in SQL from the records kept, one row per conversation first (EXISTS and per-debt
 * sums, so a debtor who replies five times or pays in three parts counts once), then aggregated:
 * sent/delivered from outbound messages, clicked from payment links, replied from inbound messages,
 * promised from promises, paid and recovered from payments after the debt was loaded, opted out
 * from STOP suppressions after it, escalated from the audited transitions.
 */
export async function campaignResults(db: DbOrTx, scope: { campaignId: string } | { flowKey: string }, opts: { timezone?: string } = {}): Promise<CampaignResults> {
  const where = 'campaignId' in scope ? sql`c.campaign_id = ${scope.campaignId}` : sql`c.flow_key = ${scope.flowKey}`;
  const perConversation = sql`
    with conv as (
      select c.id, c.debt_id, c.flow_key, c.flow_version, coalesce(cp.launched_at, c.created_at) as created_at, dr.phone,
             coalesce((c.snapshot->'context'->>'variant')::int, 0) as variant
      from conversations c join debtors dr on dr.id = c.debtor_id left join campaigns cp on cp.id = c.campaign_id
      where ${where}
    ), per as (
      select conv.*,
        exists (select 1 from messages m where m.conversation_id = conv.id and m.direction = 'outbound' and m.status in ('sent','delivered')) as sent,
        exists (select 1 from messages m where m.conversation_id = conv.id and m.direction = 'outbound' and m.status = 'delivered') as delivered,
        exists (select 1 from payment_links pl where pl.debt_id = conv.debt_id and pl.clicks > 0) as clicked,
        exists (select 1 from messages m where m.conversation_id = conv.id and m.direction = 'inbound') as replied,
        exists (select 1 from promises p where p.conversation_id = conv.id) as promised,
        (select min(py.paid_at) from payments py where py.debt_id = conv.debt_id and py.paid_at >= conv.created_at) as first_paid_at,
        (select coalesce(sum(py.amount), 0) from payments py where py.debt_id = conv.debt_id and py.paid_at >= conv.created_at)::float8 as recovered,
        exists (select 1 from suppressions s where s.phone = conv.phone and s.reason = 'stop' and s.created_at >= conv.created_at) as opted_out,
        exists (select 1 from audit_events a where a.conversation_id = conv.id and a.type = 'conversation.transition' and a.data->>'status' = 'escalated') as escalated
      from conv
    )`;
  const grouped = await rows<Record<string, unknown>>(
    db,
    sql`${perConversation}
    select flow_key, flow_version, variant, grouping(flow_key, flow_version, variant)::int as is_total,
      count(*)::int as debts,
      count(*) filter (where sent)::int as sent,
      count(*) filter (where delivered)::int as delivered,
      count(*) filter (where clicked)::int as clicked,
      count(*) filter (where replied)::int as replied,
      count(*) filter (where promised)::int as promised,
      count(*) filter (where first_paid_at is not null)::int as paid,
      coalesce(sum(recovered), 0)::float8 as recovered,
      count(*) filter (where opted_out)::int as opted_out,
      count(*) filter (where escalated)::int as escalated,
      (percentile_cont(0.5) within group (order by extract(epoch from first_paid_at - created_at)) / 3600)::float8 as median_hours
    from per
    group by grouping sets ((flow_key, flow_version, variant), ())
    order by is_total, flow_key, flow_version, variant`,
  );
  const toRow = (r: Record<string, unknown>): ResultRow => {
    const n = (k: string) => Number(r[k] ?? 0);
    const delivered = n('delivered');
    const debts = n('debts');
    const total = Number(r.is_total) !== 0;
    return {
      flowKey: total ? null : (r.flow_key as string),
      flowVersion: total ? null : n('flow_version'),
      variant: total ? null : n('variant'),
      debts,
      sent: n('sent'),
      delivered,
      clicked: n('clicked'),
      replied: n('replied'),
      promised: n('promised'),
      paid: n('paid'),
      recovered: n('recovered'),
      optedOut: n('opted_out'),
      escalated: n('escalated'),
      medianHoursToPay: r.median_hours === null || r.median_hours === undefined ? null : Math.round(Number(r.median_hours) * 10) / 10,
      ctr: delivered ? n('clicked') / delivered : 0,
      cvr: delivered ? n('paid') / delivered : 0,
      optOutRate: debts ? n('opted_out') / debts : 0,
      escalationRate: debts ? n('escalated') / debts : 0,
    };
  };
  const all = grouped.map(toRow);
  const total = all.find((r) => r.variant === null) ?? toRow({ is_total: 1 });
  const perVariant = all.filter((r) => r.variant !== null);
  // A/B: the two variants of the latest flow version in scope, paid over every debt assigned (intention to treat).
  const latest = Math.max(...perVariant.map((r) => r.flowVersion ?? 0));
  const a = perVariant.find((r) => r.flowVersion === latest && r.variant === 0);
  const b = perVariant.find((r) => r.flowVersion === latest && r.variant === 1);
  const ab = a && b ? (() => {
    const t = twoProportionTest({ n: a.debts, x: a.paid }, { n: b.debts, x: b.paid });
    return { ...t, verdict: verdict(t), measure: 'paid / debts' as const };
  })() : null;

  const tz = opts.timezone ?? 'Asia/Tokyo';
  const daily = await rows<Record<string, unknown>>(
    db,
    sql`with conv as (select c.id, c.debt_id, coalesce(cp.launched_at, c.created_at) as created_at from conversations c left join campaigns cp on cp.id = c.campaign_id where ${where}),
    ev as (
      select o.sent_at as at, 'sent' as k, 0::float8 as amount from outbox o join conv on conv.id = o.conversation_id where o.status = 'sent' and o.sent_at is not null
      union all select o.sent_at, 'delivered', 0 from outbox o join conv on conv.id = o.conversation_id join messages m on m.id = o.message_id where o.status = 'sent' and m.status = 'delivered'
      union all select pl.first_clicked_at, 'clicked', 0 from payment_links pl join conv on conv.debt_id = pl.debt_id where pl.first_clicked_at is not null
      union all select m.created_at, 'replied', 0 from messages m join conv on conv.id = m.conversation_id where m.direction = 'inbound'
      union all select py.paid_at, 'paid', py.amount::float8 from payments py join conv on conv.debt_id = py.debt_id where py.paid_at >= conv.created_at
    )
    select to_char(at at time zone ${tz}, 'YYYY-MM-DD') as day,
      count(*) filter (where k = 'sent')::int as sent,
      count(*) filter (where k = 'delivered')::int as delivered,
      count(*) filter (where k = 'clicked')::int as clicked,
      count(*) filter (where k = 'replied')::int as replied,
      count(*) filter (where k = 'paid')::int as paid,
      coalesce(sum(amount) filter (where k = 'paid'), 0)::float8 as recovered
    from ev group by 1 order by 1`,
  );
  return {
    rows: perVariant,
    total,
    ab,
    daily: daily.map((d) => ({ day: String(d.day), sent: Number(d.sent), delivered: Number(d.delivered), clicked: Number(d.clicked), replied: Number(d.replied), paid: Number(d.paid), recovered: Number(d.recovered) })),
  };
}

const CSV_COLUMNS: Array<keyof ResultRow> = ['flowKey', 'flowVersion', 'variant', 'debts', 'sent', 'delivered', 'clicked', 'replied', 'promised', 'paid', 'recovered', 'optedOut', 'escalated', 'medianHoursToPay', 'ctr', 'cvr', 'optOutRate', 'escalationRate'];

/** The results table as CSV (one row per flow version and variant, then the total). */
export function resultsCsv(r: CampaignResults): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : String(v));
  const lines = [CSV_COLUMNS.join(','), ...[...r.rows, r.total].map((row) => CSV_COLUMNS.map((k) => cell(k === 'flowKey' && row.variant === null ? 'total' : row[k])).join(','))];
  return `${lines.join('\n')}\n`;
}
