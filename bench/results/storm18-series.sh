#!/bin/bash
# storm18: scenario 4 pairs, base (main, worktree storm18-base) and new (branch storm18) alternating, one run per
# lock hold; the load is logged inside the hold, just before and after the run.
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
log=/work/wt/storm18/bench/results/storm18-loads.txt
run() { # name tree args...
  local name=$1 tree=$2; shift 2
  flock /work/notes/bench.lock bash -c "echo \"$name start \$(date -u +%T) load \$(cat /proc/loadavg) tree \$(git -C $tree rev-parse --short HEAD)\" >> $log
    cd $tree && npm run bench -- $* --out=storm18-$name > /tmp/s18/$name.log 2>&1; rc=\$?
    echo \"$name end   \$(date -u +%T) load \$(cat /proc/loadavg) rc=\$rc\" >> $log"
  mv -f /work/wt/storm18-base/bench/results/storm18-$name.* /work/wt/storm18/bench/results/ 2>/dev/null
}
B=/work/wt/storm18-base N=/work/wt/storm18
run t20k-1-base $B --quick --only=timers --timers=20000
run t20k-1-new  $N --quick --only=timers --timers=20000
run t20k-2-base $B --quick --only=timers --timers=20000
run t20k-2-new  $N --quick --only=timers --timers=20000
run t100k-1-base $B --only=timers --timers=100000
run t100k-1-new  $N --only=timers --timers=100000
if [ $(date -u +%H%M) -lt 2000 ]; then
  run t100k-2-base $B --only=timers --timers=100000
  run t100k-2-new  $N --only=timers --timers=100000
fi
echo "series done $(date -u +%T)" >> $log
