#!/bin/bash
# tail19 pairs: base (main, worktree tail19-base) vs new (tail19), one run per lock hold, loads logged inside the hold.
# usage: tail19-series.sh <series-name> "<pair list>"   e.g. s1 "200:base,new 500:new,base 200:base,new 500:new,base 200:new,base"
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
log=/work/wt/tail19/bench/results/tail19-loads.txt
series=$1; shift
declare -A conv=([200]=6500 [500]=16000)
declare -A k
for pair in $1; do
  rate=${pair%%:*}; order=${pair#*:}
  k[$rate]=$(( ${k[$rate]:-0} + 1 ))
  for tree in ${order//,/ }; do
    wt=/work/wt/tail19; [ $tree = base ] && wt=/work/wt/tail19-base
    name=$series-p${k[$rate]}-$rate-$tree
    echo "$name queued $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $log
    flock /work/notes/bench.lock bash -c "cd $wt; echo \"$name start \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg) ($(git -C $wt rev-parse --short HEAD))\" >> $log; npm run bench -- --quick --only=reply --rates=$rate --step-s=10 --grow-to=0 --conversations=${conv[$rate]} --out=tail19-$name > /tmp/tail19/$name.log 2>&1; echo \"$name end   \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg) rc=\$?\" >> $log"
  done
done
echo "$series done $(date +%T)" >> $log
