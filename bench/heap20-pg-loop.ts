/**
 * heap20: postgres.js alone, no app — does it show the scavenge-only promotion? Run with --trace-gc:
 *   DATABASE_URL=… node --trace-gc --import tsx bench/heap20-pg-loop.ts [rate=1400] [seconds=10] [mode=prepared|unprepared] [rows=3]
 * Open loop: `rate` statements a second (the app's ~7 per reply at 200/s), each a prepared 3-row select,
 * on a pool of 10. Prints the queries sent; read the scavenges with bench/results/heap20-gc.py's logic (growth per scavenge).
 * nep21's switches (bench/nep21-pg-loop.ts runs this file; all off by default): PG_DIR=<a copy of node_modules/postgres>
 * loads that copy, ALS=1 enters an AsyncLocalStorage as the app's request context does, LOOP_EXEC=1 sends each query
 * with no reaction on it, QUIESCE=1 (with --expose-gc) forces three scavenges once nothing is in flight.
 */
const postgres = (await import(process.env.PG_DIR ? process.env.PG_DIR + '/src/index.js' : 'postgres')).default;

if (process.env.ALS) {
  // nep21: async_hooks on (an AsyncLocalStorage entered, as the app's request context does)
  const { AsyncLocalStorage } = await import('node:async_hooks');
  new AsyncLocalStorage().enterWith({ on: true });
}
const rate = Number(process.argv[2] ?? 1400);
const seconds = Number(process.argv[3] ?? 10);
const prepare = (process.argv[4] ?? 'prepared') === 'prepared';
const rows = Number(process.argv[5] ?? 3); // rows per answer (0: `select $1::int as a` with no series)
const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
await Promise.all(Array.from({ length: 10 }, () => sql`select 1`));
let done = 0;
const t0 = performance.now();
console.error(`loop start ${Math.round(t0)}`);
let i = 0;
await new Promise<void>((resolve) => {
  const tick = () => {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    for (; i < due; i++) {
      const q = rows === 0
        ? sql.unsafe('select $1::int as a', [i], { prepare })
        : sql.unsafe(`select $1::int as a, now() as t, repeat($2, 50) as s, g from generate_series(1, ${rows}) g`, [i, 'x'], { prepare });
      if (process.env.LOOP_EXEC) q.execute(); // nep21: no reaction on the query
      else q.then(() => done++);
    }
    if (performance.now() - t0 < seconds * 1000) setTimeout(tick, 5);
    else resolve();
  };
  tick();
});
console.error(`loop end ${Math.round(performance.now())}: ${i} sent, ${done} answered`);
if (process.env.QUIESCE) {
  // nep21: nothing in flight now. Forced scavenges: what survives them was allocated by the loop and is held by no live query.
  await new Promise((r) => setTimeout(r, 300));
  const g = (globalThis as any).gc;
  for (const type of ['minor', 'minor', 'minor']) {
    console.error(`forced ${type}`);
    g({ type, execution: 'sync' });
  }
}
await sql.end();
export {};
