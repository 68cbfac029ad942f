select array(select id from outbox order by random() limit 2000) as ids \gset
create temp table a as execute facts(:'ids'::uuid[], '2026-11-20 03:00+00', '2026-11-13 03:00+00');
create temp table b as execute facts_new(:'ids'::uuid[], '2026-11-20 03:00+00', '2026-11-13 03:00+00');
select (select count(*) from a) na, (select count(*) from b) nb, (select count(*) from (select * from a except select * from b) z) a_not_b, (select count(*) from (select * from b except select * from a) z) b_not_a,
  (select sum(today) from a) today, (select sum(week) from a) week, (select count(*) from a where today > 0) today_pos;
