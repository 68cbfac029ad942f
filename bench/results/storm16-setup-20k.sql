-- storm16: the 20,000 storm state (on a copy of a kept scenario-4 20,000 database, storm16-keep-base-20k)
-- a storm's state: N pending timers due at one instant, then half fired in rounds of 200 (bitmap, entries not marked)
\set n 20000
insert into timers (conversation_id, name, event, due_at)
  select c.id, 'reminder', '{"type":"reminder","step":1}', now() - interval '1 minute' from conversations c, generate_series(1, greatest(1, :n / 20000)) g limit :n;
update outbox set status = 'pending', not_before = now() - interval '1 minute', sent_at = null where id in (select id from outbox where status='sent' limit :n);
set enable_indexscan = off; set enable_seqscan = off;
do $$ begin
  for i in 1 .. (select count(*) from timers where status='pending' and due_at <= now()) / 400 loop
    update timers set status = 'fired', fired_at = now() where id in (select id from timers where status = 'pending' and due_at <= now() order by due_at, id limit 200);
    update outbox set status = 'sending' where id in (select id from outbox where status = 'pending' order by not_before, id limit 200);
    update outbox set status = 'sent' where status = 'sending';
  end loop;
end $$;
reset enable_indexscan; reset enable_seqscan;
select status, count(*) from timers group by 1;
select status, count(*) from outbox group by 1;
