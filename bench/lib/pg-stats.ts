/**
 * Postgres backend CPU per statement from the server log (log_statement_stats + log_min_duration_statement = 0 on one
 * database; bench/round-cost.ts sets them with BENCH_PG_STATS=<log file>). Alone, over a log already written:
 *   npx tsx bench/lib/pg-stats.ts <server log> <database> <replies> [<byte offset>]
 */
import { readFileSync } from 'node:fs';
import { round } from './stats';

/**
 * BENCH_PG_STATS: the server log since `from`, this database's lines only: each "duration: … <parse|bind|execute>
 * <name>: <statement>" line is followed (same pid) by its "! system usage stats" detail; user + system CPU summed per
 * statement and message kind (simple-protocol statements under "statement"). Per reply = ÷ every reply of the run
 * (warm-up rounds included, seeding left out).
 */
export function printPgStats(file: string, from: number, db: string, replies: number) {
  const buf = readFileSync(file);
  const text = buf.subarray(from).toString('utf8');
  const lines = text.split('\n');
  const pending = new Map<string, string>();
  const by = new Map<string, { n: number; us: number }>();
  let lastPid = '';
  for (const line of lines) {
    const head = /^\S+ \S+ UTC \[(\d+)\] (\S*)@(\S*) /.exec(line);
    if (head) {
      lastPid = head[3] === db ? head[1]! : '';
      if (!lastPid) continue;
      const d = /duration: [\d.]+ ms\s+(parse|bind|execute|statement)(?: [^:]*)?: (.*)$/.exec(line);
      if (d) pending.set(lastPid, `${d[1]}  ${d[2]!.replace(/\s+/g, ' ').slice(0, 110)}`);
      continue;
    }
    if (!lastPid) continue;
    const u = /([\d.]+) s user, ([\d.]+) s system(?! total)/.exec(line);
    // A statement over several lines: its next lines (no prefix) until the text is long enough to tell it apart.
    const p = pending.get(lastPid);
    if (!u && p !== undefined && !line.includes('!') && p.length < 120) pending.set(lastPid, `${p} ${line.trim()}`.slice(0, 120));
    if (u) {
      const key = pending.get(lastPid) ?? '(unmatched)';
      pending.delete(lastPid);
      const x = by.get(key) ?? { n: 0, us: 0 };
      x.n++;
      x.us += (Number(u[1]) + Number(u[2])) * 1e6;
      by.set(key, x);
    }
  }
  const all = [...by.values()].reduce((a, x) => a + x.us, 0);
  console.log(`Postgres backend CPU by statement (log_statement_stats; ${replies} replies): ${round(all / replies, 0)} µs per reply in all`);
  for (const [k, x] of [...by].sort((a, b) => b[1].us - a[1].us)) console.log(`  ${String(round(x.us / replies, 1)).padStart(7)} µs/reply ${String(x.n).padStart(6)}×  ${round(x.us / x.n, 0)} µs each  ${k}`);
}


if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [file, db, replies, from] = process.argv.slice(2);
  if (!file || !db || !replies) throw new Error('usage: pg-stats.ts <server log> <database> <replies> [<byte offset>]');
  printPgStats(file, Number(from ?? 0), db, Number(replies));
}
