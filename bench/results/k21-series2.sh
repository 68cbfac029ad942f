#!/bin/bash
# k21 (decision 0182), from c2 on: as k21-series.sh, but inside the lock first wait (at most 90 s) until the box is
# quiet — under 30 % of the two cores busy over 3 s by /proc/stat — since jobs outside the lock (other helpers'
# tsc, vitest, a hand-run app) disturbed w1 and c1. The busy share seen at the start is logged with the load.
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
cd /work/wt/k21
LOG=bench/results/k21-loads.txt
busy() { # share of the box busy over 3 s, percent
  read -r _ u n s i w q sq st _ < /proc/stat; local b0=$((u+n+s+q+sq+st)) t0=$((u+n+s+i+w+q+sq+st)); sleep 3
  read -r _ u n s i w q sq st _ < /proc/stat; local b1=$((u+n+s+q+sq+st)) t1=$((u+n+s+i+w+q+sq+st))
  echo $(( 100 * (b1-b0) / (t1-t0) ))
}
export -f busy
run() { # label, flags...
  local label=$1; shift
  flock /work/notes/bench.lock bash -c "
    for k in \$(seq 1 30); do b=\$(busy); [ \$b -lt 30 ] && break; done
    echo \"\$(date -u +%H:%M:%S) start $label: \$(cut -d' ' -f1-3 /proc/loadavg) busy \$b % flags: $*\" >> $LOG
    npm run bench -- $* --out=k21-$label > /tmp/k21-$label.log 2>&1; rc=\$?
    echo \"\$(date -u +%H:%M:%S) end   $label: \$(cut -d' ' -f1-3 /proc/loadavg) rc \$rc\" >> $LOG"
  grep -E "steady state|app .*answered" /tmp/k21-$label.log | cut -c1-300 | head -6
}
for item in "$@"; do
  label=${item%%:*}; flags=${item#*:}
  [ "$(date -u +%H%M)" -ge 0440 ] && { echo "past 04:40, stopping"; break; }
  run "$label" $flags
done
