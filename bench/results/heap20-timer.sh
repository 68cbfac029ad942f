#!/bin/sh
# heap20: one reply-bench run at 200/s on heap20 with --trace-gc after timedFetch's timer is cleared when the call ends
# (was AbortSignal.timeout): heap growth per scavenge against g1-base / g1-new.
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
name=$1
echo "$name start $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> bench/results/heap20-loads.txt
BENCH_NODE_FLAGS="--trace-gc $2" flock /work/notes/bench.lock npm run bench -- --quick --only=reply --rates=200 --step-s=10 --grow-to=0 --conversations=6500 --out=heap20-$name > bench/results/heap20-$name.log 2>&1
echo "$name end   $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> bench/results/heap20-loads.txt
