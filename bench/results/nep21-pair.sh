#!/bin/sh
# nep21: one base/new pair of reply quick runs at a rate, each with --trace-gc (read by heap20-gc.py) and BENCH_GC (gc-steps.ts).
# base = main in /work/wt/nep21-base (main's node_modules), new = nep21 (its own node_modules with patch "young closures").
#   sh nep21-pair.sh <label> [rate=200] [conversations=6500] [order=base-new]
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
rate=${2:-200}; conv=${3:-6500}; order=${4:-base-new}
R=/work/wt/nep21/bench/results
for side in $(echo $order | tr - ' '); do
  dir=/work/wt/nep21; [ $side = base ] && dir=/work/wt/nep21-base
  name=$1-$side
  echo "$name start $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> $R/nep21-loads.txt
  (cd $dir && BENCH_GC=/tmp/nep21/gc-$name BENCH_NODE_FLAGS=--trace-gc flock /work/notes/bench.lock npm run bench -- --quick --only=reply --rates=$rate --step-s=10 --grow-to=0 --conversations=$conv --out=nep21-$name > $R/nep21-$name.log 2>&1)
  echo "$name end   $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> $R/nep21-loads.txt
  [ $side = base ] && cp /work/wt/nep21-base/bench/results/nep21-$name.* $R/ 2>/dev/null
done
