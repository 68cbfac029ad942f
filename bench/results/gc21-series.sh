#!/bin/bash
# gc21: alternating runs of one tree (worktree gc21) with different node/V8 flag sets for the server children
# (BENCH_NODE_FLAGS), one run per hold of the bench lock, the load logged inside the hold.
# usage: gc21-series.sh <series> <rate> <label:flags>...   runs the labels in the order given
#   e.g. gc21-series.sh p1 200 "base:" "nc:--never-compact"
# GC21_TRACE=1 adds --trace-gc --trace-gc-nvp and BENCH_GC (files under /tmp/gc21).
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
wt=/work/wt/gc21
log=$wt/bench/results/gc21-loads.txt
series=$1; rate=$2; shift 2
declare -A conv=([200]=6500 [500]=16000)
for spec in "$@"; do
  label=${spec%%:*}; flags=${spec#*:}
  name=$series-$rate-$label
  trace=""; [ -n "$GC21_TRACE" ] && trace="--trace-gc --trace-gc-nvp"
  echo "$name queued $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg) flags [$flags]" >> $log
  flock /work/notes/bench.lock bash -c "cd $wt; echo \"$name start \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\" >> $log; \
    BENCH_NODE_FLAGS='$flags $trace' ${GC21_TRACE:+BENCH_GC=/tmp/gc21/$name} npm run bench -- --quick --only=reply --rates=$rate --step-s=10 --grow-to=0 --conversations=${conv[$rate]} --out=gc21-$name > /tmp/gc21/$name.log 2>&1; \
    echo \"$name end   \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg) rc=\$?\" >> $log"
done
echo "$series $rate done $(date +%T)" >> $log
