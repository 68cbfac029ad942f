#!/bin/bash
# k21 (decision 0182): 1,000/s in the goal's 30 s form, warm (--warmup-replies=1600, i.e. --sustain=1000) and cold
# (--warmup-replies=100, the quick form's), interleaved, one run per bench-lock hold; load logged before and after.
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
cd /work/wt/k21
LOG=bench/results/k21-loads.txt
run() { # label, flags...
  local label=$1; shift
  flock /work/notes/bench.lock bash -c "
    echo \"\$(date -u +%H:%M:%S) start $label: \$(cut -d' ' -f1-3 /proc/loadavg) flags: $*\" >> $LOG
    npm run bench -- $* --out=k21-$label > /tmp/k21-$label.log 2>&1
    echo \"\$(date -u +%H:%M:%S) end   $label: \$(cut -d' ' -f1-3 /proc/loadavg) rc \$?\" >> $LOG"
  grep -E "steady state|1000/s app|1200/s app|1100/s app|warm-up" /tmp/k21-$label.log | head -8
}
for item in "$@"; do
  label=${item%%:*}; flags=${item#*:}
  [ "$(date -u +%H%M)" -ge 0440 ] && { echo "past 04:40, stopping"; break; }
  run "$label" $flags
done
