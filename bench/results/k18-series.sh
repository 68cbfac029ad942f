#!/bin/bash
# k18: one run per lock hold; usage: k18-series.sh <tree: base|new> <name> [ENV=VAL ...] -- <bench args>
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
tree=$1; name=$2; shift 2
envs=()
while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
if [ "$tree" = base ]; then dir=/work/wt/k18-base; else dir=/work/wt/k18; fi
log=/work/wt/k18/bench/results/k18-loads.txt
cd $dir
flock /work/notes/bench.lock bash -c "echo \"$name ($tree $(git -C $dir rev-parse --short HEAD)) start \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\" >> $log; env ${envs[*]} npm run bench -- $* --out=k18-$name > /tmp/k18-$name.log 2>&1; rc=\$?; echo \"$name end   \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg) rc=\$rc\" >> $log"
# results land in $dir/bench/results; copy to the branch's tree
[ "$dir" != /work/wt/k18 ] && cp $dir/bench/results/k18-$name.* /work/wt/k18/bench/results/ 2>/dev/null
true
