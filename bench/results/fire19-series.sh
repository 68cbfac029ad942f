#!/bin/bash
# fire19: alternating base (main, worktree fire19-base) / new (branch fire19) storm pairs, one run per lock hold.
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
log=/work/wt/fire19/bench/results/fire19-loads.txt
run() { # tree name args...
  local tree=$1 name=$2; shift 2
  local dir=/work/wt/fire19; [ "$tree" = base ] && dir=/work/wt/fire19-base
  cd $dir
  echo "$name ($tree $(git -C $dir rev-parse --short HEAD)) wait $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $log
  flock /work/notes/bench.lock bash -c "echo \"$name start \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\" >> $log; npm run bench -- $* --out=fire19-$name > /tmp/fire19/$name.log 2>&1; echo \"$name end   \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg) rc=\$?\" >> $log"
  [ "$tree" = base ] && cp $dir/bench/results/fire19-$name.* /work/wt/fire19/bench/results/ 2>/dev/null
}
Q="--quick --only=timers --timers=20000"
run base t20k-1-base $Q; run new t20k-1-new $Q
run new t20k-2-new $Q;   run base t20k-2-base $Q
run base t20k-3-base $Q; run new t20k-3-new $Q
if [ "$(date +%H%M)" -le 2315 ] && [ "${SKIP100K:-0}" = 0 ]; then
  run new t100k-1-new --only=timers --timers=100000
  if [ "$(date +%H%M)" -le 2335 ]; then run base t100k-1-base --only=timers --timers=100000; fi
fi
echo "series done $(date +%T)" >> $log
