#!/bin/bash
# start19: one run per lock hold; usage: start19-series.sh <tree: base|new> <name> [ENV=VAL ...] -- <bench args>
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
tree=$1; name=$2; shift 2
envs=()
while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
if [ "$tree" = base ]; then dir=/work/wt/start19-base; else dir=/work/wt/start19; fi
log=/work/wt/start19/bench/results/start19-loads.txt
cd $dir
flock /work/notes/bench.lock bash -c "echo \"$name ($tree $(git -C $dir rev-parse --short HEAD)) start \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\" >> $log; env ${envs[*]} npm run bench -- $* --out=start19-$name > /tmp/start19-$name.log 2>&1; rc=\$?; echo \"$name end   \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg) rc=\$rc\" >> $log"
# results land in $dir/bench/results; copy to the branch's tree
[ "$dir" != /work/wt/start19 ] && cp $dir/bench/results/start19-$name.* /work/wt/start19/bench/results/ 2>/dev/null
true
