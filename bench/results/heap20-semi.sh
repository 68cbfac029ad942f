#!/bin/sh
# heap20: one reply-bench run at 200/s on heap20 with --trace-gc and a 64 MiB semi-space: does promotion per reply fall
# when scavenges come ~6x less often (then the promoted objects live between ~175 ms and ~1 s)?
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
name=semi64-new
echo "$name start $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> bench/results/heap20-loads.txt
BENCH_NODE_FLAGS='--trace-gc --max-semi-space-size=64' flock /work/notes/bench.lock npm run bench -- --quick --only=reply --rates=200 --step-s=10 --grow-to=0 --conversations=6500 --out=heap20-$name > bench/results/heap20-$name.log 2>&1
echo "$name end   $(date -u +%H:%M:%S) $(cat /proc/loadavg)" >> bench/results/heap20-loads.txt
