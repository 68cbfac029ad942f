-- storm17: storm16's 100,000 storm state (storm16-setup-100k.sql, on a copy of a kept 20,000 bench database), with the
-- claim's 'sending' step as the app writes it: not_before becomes the claim time. Half of the rows moved on were
-- claimed "within the last minute" (not_before = now() + 10 min, so they stay inside busyConversations' 60 s window
-- for the whole probe), half "over a minute ago" (now() - 5 min: the reconciler's stale range). Each went
-- pending → sending → sent in rounds of 200 with bitmap scans, so no entry is marked dead, as on main.
insert into timers (conversation_id, name, event, due_at)
  select c.id, 'reminder', '{"type":"reminder","step":1}', now() - interval '1 minute' from conversations c, generate_series(1, 5) g;
insert into outbox (conversation_id, debtor_id, message_id, idempotency_key, kind, status, not_before)
  select o.conversation_id, o.debtor_id, o.message_id, o.idempotency_key || '-s' || g, o.kind, 'pending', now() - interval '1 minute'
  from (select * from outbox where status = 'sent' limit 25000) o, generate_series(1, 4) g;
set enable_indexscan = off; set enable_seqscan = off;
do $$ begin
  for i in 1 .. 250 loop
    update timers set status = 'fired', fired_at = now() where id in (select id from timers where status = 'pending' and due_at <= now() order by due_at, id limit 200);
    update outbox set status = 'sending', not_before = case when i % 2 = 0 then now() + interval '10 minutes' else now() - interval '5 minutes' end
      where id in (select id from outbox where status = 'pending' order by not_before, id limit 200);
    update outbox set status = 'sent' where status = 'sending';
  end loop;
end $$;
reset enable_indexscan; reset enable_seqscan;
select 'timers', status, count(*) from timers group by 2 union all select 'outbox', status, count(*) from outbox group by 2;
