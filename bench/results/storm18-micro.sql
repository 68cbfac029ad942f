set enable_bitmapscan = off;
select array(select id from outbox where kind = 'reminder' order by not_before desc, id limit 200) as ids \gset
\o /dev/null
execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
execute facts_new(:'ids'::uuid[], now(), now() - interval '7 days');
\o
explain (analyze, buffers, timing off, costs off) execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts_new(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts_new(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts_new(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts_new(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts_new(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts_new(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts_new(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts(:'ids'::uuid[], now(), now() - interval '7 days');
explain (analyze, buffers, timing off, costs off) execute facts_new(:'ids'::uuid[], now(), now() - interval '7 days');
