#!/bin/bash
# quiet-box series on the landing tree: 200/s x3, 500/s x3, 1000/s x1 (one run per lock hold)
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
cd /work/wt/merge17
log=bench/results/q33-loads.txt
run() { # name args...
  local name=$1; shift
  echo "$name start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $log
  flock /work/notes/bench.lock npm run bench -- "$@" --out=q33-$name > /tmp/q33-$name.log 2>&1; local rc=$?
  echo "$name end   $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg) rc=$rc" >> $log
}
for i in 1 2 3; do
  run 200-$i --quick --only=reply --rates=200 --step-s=10 --grow-to=0 --conversations=6500
  run 500-$i --quick --only=reply --rates=500 --step-s=10 --grow-to=0 --conversations=16000
done
run 1000-1 --quick --only=reply --rates=1000 --step-s=10 --grow-to=0 --conversations=16000
echo done >> $log
