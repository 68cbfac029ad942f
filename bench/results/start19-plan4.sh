#!/bin/bash
# start19, fourth part: untraced, main (start19-base): the quick 100-reply warm-up vs 1,600, alternating
S=/work/wt/start19/bench/results/start19-series.sh
K="--quick --only=reply --rates=1000 --step-s=10 --grow-to=0 --conversations=16000"
while ! grep -q "plan3 done" /work/wt/start19/bench/results/start19-loads.txt; do sleep 5; done
$S base wu-1 -- $K --warmup-replies=1600
$S base b10-4 -- $K
$S base b10-5 -- $K
$S base wu-2 -- $K --warmup-replies=1600
echo plan4 done >> /work/wt/start19/bench/results/start19-loads.txt
