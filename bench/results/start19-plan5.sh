#!/bin/bash
# start19, fifth part: one more untraced pair on main, 1,600-reply warm-up vs the quick 100 (the second pair split)
S=/work/wt/start19/bench/results/start19-series.sh
K="--quick --only=reply --rates=1000 --step-s=10 --grow-to=0 --conversations=16000"
$S base wu-3 -- $K --warmup-replies=1600
$S base b10-6 -- $K
echo plan5 done >> /work/wt/start19/bench/results/start19-loads.txt
