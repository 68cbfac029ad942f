#!/bin/bash
# gc21 pairs: like gc21-series.sh, with BENCH_GC always on (perf_hooks GC pauses per window: cheap) and no trace.
# usage: gc21-pairs.sh <series> <rate> <label:flags>...   (labels run in the order given, one run per lock hold)
# A label's flags may start with HGP=<n>, which runs that label with HEAP_GROWING_PERCENT=<n>.
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
wt=/work/wt/gc21
log=$wt/bench/results/gc21-loads.txt
series=$1; rate=$2; shift 2
declare -A conv=([200]=6500 [500]=16000)
for spec in "$@"; do
  label=${spec%%:*}; flags=${spec#*:}
  hgp=30; case $flags in HGP=*) hgp=${flags%% *}; hgp=${hgp#HGP=}; flags=${flags#HGP=$hgp};; esac
  name=$series-$rate-$label
  echo "$name queued $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg) flags [$flags] hgp $hgp" >> $log
  flock /work/notes/bench.lock bash -c "cd $wt; echo \"$name start \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\" >> $log; \
    HEAP_GROWING_PERCENT=$hgp BENCH_NODE_FLAGS='$flags' BENCH_GC=/tmp/gc21/$name npm run bench -- --quick --only=reply --rates=$rate --step-s=10 --grow-to=0 --conversations=${conv[$rate]} --out=gc21-$name > /tmp/gc21/$name.log 2>&1; \
    echo \"$name end   \$(date +%T) load \$(cut -d' ' -f1-3 /proc/loadavg) rc=\$?\" >> $log"
done
echo "$series $rate done $(date +%T)" >> $log
