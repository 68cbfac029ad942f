#!/bin/bash
# gc21 RSS check: bench/rss-growth.ts (10k then files of 50k to 100k conversations, idle 10 s) per flag set, one run per lock hold.
# usage: gc21-rss.sh <label:flags>...
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
wt=/work/wt/gc21; log=$wt/bench/results/gc21-loads.txt
for spec in "$@"; do
  label=${spec%%:*}; flags=${spec#*:}; name=rss-$label
  echo "$name queued $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg) flags [$flags]" >> $log
  flock /work/notes/bench.lock bash -c "cd $wt; echo \"$name start \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\" >> $log; \
    BENCH_NODE_FLAGS='$flags' npx tsx bench/rss-growth.ts --to=100000 --idle=10 > /tmp/gc21/$name.log 2>&1; \
    echo \"$name end   \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg) rc=\$?\" >> $log"
done
