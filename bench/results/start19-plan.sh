#!/bin/bash
# start19's pairs, alternating base/new (order reversed each pair), one run per lock hold (start19-series.sh)
S=/work/wt/start19/bench/results/start19-series.sh
K="--quick --only=reply --rates=1000 --step-s=10 --grow-to=0 --conversations=16000"
$S base b10-1 -- $K
$S new  n10-1 -- $K
$S new  n10-2 -- $K
$S base b10-2 -- $K
$S base b10-3 -- $K
$S new  n10-3 -- $K
T="--quick --only=reply --rates=200 --step-s=10 --grow-to=0 --conversations=6500"
$S new  n200-1 -- $T
$S base b200-1 -- $T
rm -f /tmp/start19-trb.jsonl /tmp/start19-trn.jsonl
$S base trb SAISOKU_TRACE=/tmp/start19-trb.jsonl -- $K
$S new  trn SAISOKU_TRACE=/tmp/start19-trn.jsonl -- $K
echo plan done >> /work/wt/start19/bench/results/start19-loads.txt
