/**
 * What one statement's round trip costs in CPU over loopback TCP and over the Unix socket, on both
 * sides: this process (postgres.js) and the Postgres backends serving it (read from /proc, same
 * machine only). Statements are small (the reply path's are: a lock, a read of a few rows), so the
 * transport is a visible share of them.
 *   npx tsx bench/pg-transport.ts [--n=20000] [--rounds=5] [--socket=/var/run/postgresql]
 * Uses DATABASE_URL's database (read-only statements); variants alternate, order reversed each round.
 */
import { performance } from 'node:perf_hooks';
import { pgClient } from './lib/pg';
import { pidsCpuUs } from './lib/proc-cpu';
import { median, round } from './lib/stats';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const N = Number(flag('n') ?? 20000);
const ROUNDS = Number(flag('rounds') ?? 5);
const SOCKET = flag('socket') ?? '/var/run/postgresql';
const CONCURRENCY = 10;

async function once(url: string) {
  const sql = pgClient(url, { max: CONCURRENCY, onnotice: () => {} });
  try {
    // Open every connection and learn its backend's pid.
    const pids = new Set<number>();
    await Promise.all(Array.from({ length: CONCURRENCY * 3 }, async () => pids.add((await sql`select pg_backend_pid() as p`)[0]!.p as number)));
    const q = (i: number) => sql`select ${i}::int as i, now() as at, ${'x'.repeat(40)}::text as t`;
    for (let i = 0; i < 500; i++) await q(i);
    const srv0 = pidsCpuUs([...pids]);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) await q(next++);
    }));
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const srv = pidsCpuUs([...pids]) - srv0;
    return { perS: N / s, clientUs: (c.user + c.system) / N, serverUs: srv / N };
  } finally {
    await sql.end();
  }
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (a TCP one; the socket variant adds ?host=)');
  const u = new URL(url);
  u.searchParams.delete('host');
  const tcp = u.toString();
  u.searchParams.set('host', SOCKET);
  const unix = u.toString();
  const got: Record<string, Array<Awaited<ReturnType<typeof once>>>> = { tcp: [], unix: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? (['unix', 'tcp'] as const) : (['tcp', 'unix'] as const);
    for (const v of order) got[v]!.push(await once(v === 'tcp' ? tcp : unix));
  }
  for (const [v, xs] of Object.entries(got)) {
    const m = (f: (x: (typeof xs)[number]) => number) => `${round(median(xs.map(f)), 1)} (${round(Math.min(...xs.map(f)), 1)}–${round(Math.max(...xs.map(f)), 1)})`;
    console.log(`${v}: ${m((x) => x.perS)} statements/s; CPU µs per statement: client ${m((x) => x.clientUs)}, server ${m((x) => x.serverUs)}, both ${m((x) => x.clientUs + x.serverUs)} (${ROUNDS} rounds of ${N}, ${CONCURRENCY} in flight)`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
