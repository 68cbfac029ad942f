begin;
set local enable_bitmapscan = off;
select array(select id from outbox where status = 'pending' order by not_before, id limit 200) as ids \gset
update outbox set status = 'sending', not_before = now() where id = any(:'ids'::uuid[]);
explain (analyze, buffers, timing off, costs off) execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
update outbox set status = 'sent', sent_at = now() where id = any(:'ids'::uuid[]);
commit;
