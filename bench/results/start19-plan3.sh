#!/bin/bash
# start19, third part: a V8 CPU profile of the app over the lead (its first 2 s) and the counted step (profile-reply.ts)
S=/work/wt/start19/bench/results/start19-series.sh
K="--quick --only=reply --rates=1000 --step-s=10 --grow-to=0 --conversations=16000"
while ! grep -q "plan2 done" /work/wt/start19/bench/results/start19-loads.txt; do sleep 5; done
rm -rf /tmp/start19-prof; mkdir -p /tmp/start19-prof
$S new prof1 BENCH_CPU_PROF=/tmp/start19-prof -- $K
echo plan3 done >> /work/wt/start19/bench/results/start19-loads.txt
