-- readOutboxFacts, one walk of the debtor's reminders for both caps (src/compliance/facts.ts), $1 ids, $2 now, $3 week start
prepare facts_new(uuid[], timestamptz, timestamptz) as
select x.outbox_id, c.id as conv_id, c.debt_id, c.flow_key, c.flow_version, c.status, c.held_by, c.campaign_id,
      (select s.reason from suppressions s where s.phone = x.phone and s.lifted_at is null limit 1) as sup,
      k.today, k.week
      from (
        select ob.id as outbox_id, ob.conversation_id, m.phone, d.id as debtor_id,
          date_trunc('day', $2 at time zone coalesce(d.timezone, 'Asia/Tokyo')) at time zone coalesce(d.timezone, 'Asia/Tokyo') as day_start
        from (select distinct u.id from unnest($1) as u(id)) i
          cross join lateral (select ob.id, ob.conversation_id, ob.message_id, ob.debtor_id from outbox ob where ob.id = i.id limit 1) ob
          cross join lateral (select m.phone from messages m where m.id = ob.message_id limit 1) m
          left join lateral (select d.id, d.timezone from debtors d where d.id = ob.debtor_id limit 1) d on true
      ) x
      left join lateral (select c.* from conversations c where c.id = x.conversation_id limit 1) c on true
      cross join lateral (select
          (count(*) filter (where x.debtor_id is not null and o.debtor_id = x.debtor_id
            and ((o.status = 'sent' and o.sent_at >= x.day_start) or (o.status in ('sending', 'unknown', 'uncertain') and o.not_before >= x.day_start))))::int as today,
          (count(*) filter (where c.debt_id is not null and o.debtor_id = c.debtor_id and o.conversation_id = c.id
            and ((o.status = 'sent' and o.sent_at >= $3) or (o.status in ('sending', 'unknown', 'uncertain') and o.not_before >= $3))))::int as week
        from outbox o where o.debtor_id = any(array[x.debtor_id, c.debtor_id]) and o.kind = 'reminder') k;
