#!/bin/sh
# like run.sh, but the caller holds the bench lock (a pair back to back under one lock).
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
label=$1; side=$2; shift 2
dir=/work/wt/lat23; [ $side = base ] && dir=/work/wt/lat23-base
R=/work/wt/lat23/bench/results
name=lat23-$label-$side
echo "$name start $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> $R/lat23-loads.txt
(cd $dir && BENCH_NODE_FLAGS=--trace-gc npm run bench -- $* --out=$name > /tmp/lat23/$name.log 2>&1)
echo "$name end   $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> $R/lat23-loads.txt
[ $side = base ] && mv /work/wt/lat23-base/bench/results/$name.* $R/ 2>/dev/null
true
