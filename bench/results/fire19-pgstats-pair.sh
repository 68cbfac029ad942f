#!/bin/bash
# fire19: the instant storm's Postgres backend CPU per statement (BENCH_PG_STATS + SAISOKU_TRACE), base then new, one run per lock hold.
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
log=/work/wt/fire19/bench/results/fire19-loads.txt
PGLOG=/var/log/postgresql/postgresql-15-main.log
for tree in base new; do
  dir=/work/wt/fire19; [ $tree = base ] && dir=/work/wt/fire19-base
  name=pgstats2-$tree
  cd $dir
  echo "$name ($tree $(git rev-parse --short HEAD)) wait $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $log
  (
    flock 9
    echo "$name start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $log
    wc -c < $PGLOG > /tmp/fire19/$name.off
    rm -f /tmp/fire19/$name-trace.jsonl
    SAISOKU_TRACE=/tmp/fire19/$name-trace.jsonl BENCH_PG_STATS=$PGLOG npm run bench -- --quick --only=timers --timers=20000 --out=fire19-$name > /tmp/fire19/$name.log 2>&1
    echo "$name end   $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg) rc=$?" >> $log
  ) 9>/work/notes/bench.lock
  [ $tree = base ] && cp $dir/bench/results/fire19-$name.* /work/wt/fire19/bench/results/
  tail -c +$(( $(cat /tmp/fire19/$name.off) + 1 )) $PGLOG > /tmp/fire19/$name-pglog.txt
done
