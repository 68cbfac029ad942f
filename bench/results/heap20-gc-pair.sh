#!/bin/sh
# heap20: a base/new pair of reply-bench runs at 200/s with --trace-gc (no snapshots): how much each scavenge promotes.
# base = main in /work/wt/heap20-base (main's node_modules), new = heap20 (its own node_modules/postgres with the patch).
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
for side in base new; do
  dir=/work/wt/heap20; [ $side = base ] && dir=/work/wt/heap20-base
  name=g$1-$side
  echo "$name start $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> /work/wt/heap20/bench/results/heap20-loads.txt
  (cd $dir && BENCH_NODE_FLAGS=--trace-gc flock /work/notes/bench.lock npm run bench -- --quick --only=reply --rates=200 --step-s=10 --grow-to=0 --conversations=6500 --out=heap20-$name > /work/wt/heap20/bench/results/heap20-$name.log 2>&1)
  echo "$name end   $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> /work/wt/heap20/bench/results/heap20-loads.txt
done
