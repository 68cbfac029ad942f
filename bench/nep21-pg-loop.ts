/**
 * nep21: heap20's postgres.js loop with its switches (PG_DIR, ALS, LOOP_EXEC, QUIESCE) — one script, described in
 * bench/heap20-pg-loop.ts:
 *   DATABASE_URL=… PG_DIR=/tmp/pg-copy node --trace-gc --expose-gc --import tsx bench/nep21-pg-loop.ts [rate=1400] [seconds=10] [mode] [rows]
 */
import './heap20-pg-loop';
