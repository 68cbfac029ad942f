#!/bin/sh
# heap20: one reply-bench run at 200/s with two heap snapshots of the app in the counted step (BENCH_HEAP_SNAPSHOT).
# usage: bench/results/heap20-run.sh <name> [extra env...]   (from the worktree root)
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
name=$1; shift
echo "$name start $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> bench/results/heap20-loads.txt
env "$@" BENCH_HEAP_SNAPSHOT=/tmp/heap20/$name flock /work/notes/bench.lock npm run bench -- --quick --only=reply --rates=200 --step-s=10 --grow-to=0 --conversations=6500 --out=heap20-$name > bench/results/heap20-$name.log 2>&1
echo "$name end   $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> bench/results/heap20-loads.txt
