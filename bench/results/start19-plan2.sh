#!/bin/bash
# start19, second part: traced runs of the branch (16 calls per delivery, loop busy % in the trace), default warm-up vs a
# 1,600-reply warm-up (is the cold app what builds the start backlog?), alternating; then the 30 s pair if time allows
S=/work/wt/start19/bench/results/start19-series.sh
K="--quick --only=reply --rates=1000 --step-s=10 --grow-to=0 --conversations=16000"
rm -f /tmp/start19-tr16-*.jsonl /tmp/start19-trwu-*.jsonl
$S new tr16-1 SAISOKU_TRACE=/tmp/start19-tr16-1.jsonl -- $K
$S new trwu-1 SAISOKU_TRACE=/tmp/start19-trwu-1.jsonl -- $K --warmup-replies=1600
$S new trwu-2 SAISOKU_TRACE=/tmp/start19-trwu-2.jsonl -- $K --warmup-replies=1600
$S new tr16-2 SAISOKU_TRACE=/tmp/start19-tr16-2.jsonl -- $K
echo plan2 done >> /work/wt/start19/bench/results/start19-loads.txt
