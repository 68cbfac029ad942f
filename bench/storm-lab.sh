#!/usr/bin/env bash
# The instant storm seen from inside Postgres (session 40, decision 0189). Starts a throwaway Postgres 15 cluster with the
# CI server's settings (shared_buffers 128 MB, max_wal_size 1 GB, autovacuum off) plus pg_stat_statements on a free port,
# runs scenario 4 against it (`--only=timers --timers=N`, the full form) and, from the instant shape's first due time,
# for WINDOW_S seconds (default 12): resets and then reads pg_stat_statements (per statement: calls, time, rows,
# buffers hit/read/dirtied/written, WAL records/FPIs/bytes), pg_stat_wal, pg_stat_bgwriter and pg_stat_database's
# block counters. PERF=1 also runs `perf record -a -g` over the same window (perf report -i <out>.perf).
#   bench/storm-lab.sh <out-prefix> [timers=100000]      (needs root for the cluster's postgres user; REDIS_URL as usual)
#   PG_EXTRA='max_wal_size = 8GB;wal_compression = lz4' bench/storm-lab.sh <out-prefix>   (settings on top of CI's)
set -euo pipefail
out=${1:?usage: bench/storm-lab.sh <out-prefix> [timers]}; n=${2:-100000}; win=${WINDOW_S:-12}
bin=/usr/lib/postgresql/15/bin
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dir=$(mktemp -d /tmp/storm-lab.XXXXXX); chown postgres "$dir"
su postgres -c "$bin/initdb -D $dir/data -A trust -U postgres" >/dev/null
cat >> "$dir/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
autovacuum = off
shared_buffers = 128MB
max_wal_size = 1GB
jit = off
shared_preload_libraries = 'pg_stat_statements'
CONF
# PG_EXTRA='max_wal_size = 8GB;wal_compression = lz4': settings appended after the CI ones (an operator's tuning, measured).
if [ -n "${PG_EXTRA:-}" ]; then tr ';' '\n' <<<"$PG_EXTRA" >> "$dir/data/postgresql.conf"; fi
su postgres -c "$bin/pg_ctl -D $dir/data -l $dir/log start -w" >/dev/null
trap 'su postgres -c "$bin/pg_ctl -D $dir/data stop -m fast" >/dev/null; rm -rf "$dir"' EXIT
P="psql -h 127.0.0.1 -p $port -U postgres postgres -X"
$P -qc "create database test" -c "create extension pg_stat_statements"
export DATABASE_URL=postgres://postgres@127.0.0.1:$port/test REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
log=$out.log
cd "$(dirname "$0")/.."
npx tsx bench/run.ts --only=timers --timers="$n" --out="storm-lab-$(basename "$out")" > "$log" 2>&1 &
bp=$!
while kill -0 $bp 2>/dev/null; do
  if grep -q "timers instant: armed" "$log"; then
    s=$(grep "timers instant: armed" "$log" | sed -E 's/.*, ([0-9.]+) s from now.*/\1/')
    sleep "$(awk -v s="$s" 'BEGIN { print s + 0.3 }')"
    $P -qc "select pg_stat_statements_reset(); select pg_stat_reset_shared('wal'); select pg_stat_reset_shared('bgwriter')" >/dev/null
    $P -Atc "select 'start', sum(blks_read), sum(blks_hit) from pg_stat_database" > "$out.stats"
    if [ "${PERF:-0}" = 1 ]; then perf record -a -g -F 299 -o "$out.perf" -- sleep "$win" >/dev/null 2>&1; else sleep "$win"; fi
    $P -Atc "select 'end', sum(blks_read), sum(blks_hit) from pg_stat_database" >> "$out.stats"
    $P -c "select calls, round(total_exec_time::numeric) ms, round((total_exec_time / calls)::numeric, 2) per, rows, shared_blks_hit hit, shared_blks_read rd, shared_blks_dirtied dirt, shared_blks_written wr, wal_records walr, wal_fpi fpi, round(wal_bytes / 1024) walkb, left(regexp_replace(query, '\s+', ' ', 'g'), 200) q from pg_stat_statements order by total_exec_time desc limit 40" \
       -c "select * from pg_stat_wal" -c "select * from pg_stat_bgwriter" >> "$out.stats"
    break
  fi
  sleep 1
done
wait $bp
