\set ON_ERROR_STOP 1
prepare f(timestamptz, timestamptz, timestamptz, text, text, uuid[]) as
select x.outbox_id, c.id as conv_id, c.debt_id, c.flow_key, c.flow_version, c.status, c.held_by, c.campaign_id,
      (select s.reason from suppressions s where s.phone = x.phone and s.lifted_at is null limit 1) as sup,
      (select count(*)::int from outbox o where x.debtor_id is not null and o.debtor_id = x.debtor_id and o.kind = 'reminder'
        and ((o.status = 'sent' and o.sent_at >= x.day_start) or (o.status in ('sending', 'unknown', 'uncertain') and o.not_before >= x.day_start))) as today,
      (select count(*)::int from outbox o join conversations oc on oc.id = o.conversation_id where c.debt_id is not null and oc.debt_id = c.debt_id and o.kind = 'reminder'
        and ((o.status = 'sent' and o.sent_at >= $1::timestamptz) or (o.status in ('sending', 'unknown', 'uncertain') and o.not_before >= $2::timestamptz))) as week
      from (
        select ob.id as outbox_id, ob.conversation_id, m.phone, d.id as debtor_id,
          date_trunc('day', $3::timestamptz at time zone coalesce(d.timezone, $4)) at time zone coalesce(d.timezone, $5) as day_start
        from outbox ob join messages m on m.id = ob.message_id left join debtors d on d.id = ob.debtor_id
        where ob.id = any($6::uuid[])
      ) x
      left join conversations c on c.id = x.conversation_id;
prepare p(uuid[], text, text) as select "conversation_id", "seq", "due_date", "amount" from "installments" where ("installments"."conversation_id" = any($1::uuid[]) and "installments"."status" in ($2, $3)) order by "installments"."seq";
