/**
 * Where a CSV import's time goes, in one process (issue #12, scenario 3): the import of N rows
 * (default 20,000; the bench's file) into a fresh Postgres database and a BullMQ prefix of its own,
 * with every statement of the import's transactions timed (wall, from send to answer), the
 * transactions' BEGIN…COMMIT, the relay's time, this process's CPU, and the CPU Postgres spent
 * (the backends of the fresh database, /proc) and Redis spent (INFO cpu) meanwhile.
 *
 *   DATABASE_URL=… REDIS_URL=… npx tsx bench/profile-import.ts --rows=20000 [--batch=1000] [--keep] [--twice]
 *
 * --batch: rows per transaction (default: the import's). --twice: the same file imported again
 * (a re-import: every row `exists`). --keep: the database is kept (its name is
 * printed) to look at its rows or EXPLAIN ANALYZE a batch's statements by hand.
 * Not a bench scenario: no baseline, no lock; compare variants back to back and read the CPU figures.
 */
import { performance, PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { campaignCsv } from './scenarios/import';
import { pidsCpuUs } from './lib/proc-cpu';
import { BENCH_PUBLIC_BASE_URL } from './lib/twilio-body';
import { deleteKeys } from '../test/support/redis-keys';

const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const rows = Number(arg('rows', '20000'));
const url = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!url || !redisUrl) throw new Error('DATABASE_URL and REDIS_URL are needed');

const { default: postgres } = await import('postgres');
const { openPostgres } = await import('../src/db/client');
const { createBullmqQueue } = await import('../src/queue/bullmq-queue');
const { parseEnv } = await import('../src/config/env');
const { buildServices } = await import('../src/bootstrap');
const { createLogger } = await import('../src/log');
const { ManualClock } = await import('../src/shared/clock');
const { importDebts } = await import('../src/dunning/import');
const { Redis } = await import('ioredis');

const name = `saisoku_bench_prof_${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
const admin = postgres(url, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const u = new URL(url);
u.pathname = `/${name}`;

// Statement timing: postgres.js calls `debug` as it sends a query; the answer is timed by wrapping the client's promise.
const stats = new Map<string, { n: number; ms: number }>();
const label = (q: string) => {
  const s = q.replace(/\s+/g, ' ').trim();
  const m = /^(insert into "?(\w+)"?|select .* from "?(\w+)"?|begin|commit|rollback|savepoint|release|update "?(\w+)"?)/i.exec(s);
  return (m?.[0] ?? s.slice(0, 40)).slice(0, 60);
};
let statements = 0;
const database = await openPostgres(u.toString(), { max: 10, onStatement: () => statements++ });
const prefix = `benchprof${crypto.randomUUID().slice(0, 6)}`;
const queue = createBullmqQueue(redisUrl, { prefix });
const env = parseEnv({ PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL, ADMIN_API_TOKEN: 'bench-admin-token-0123456789', SWEEP_INTERVAL_MS: '600000', DATA_DIR: '/tmp/saisoku-bench-unused', SEND_RATE_LIMITS: 'twilio=off' });
const services = await buildServices(env, { database, queue, clock: new ManualClock('2026-11-20T10:00:00+09:00'), log: createLogger('silent') });

// Time every execute() and transaction of the import (drizzle's db and tx objects).
const timed = <T extends object>(target: T, tag: string): T =>
  new Proxy(target, {
    get(t, prop) {
      const v = Reflect.get(t, prop, t) as unknown;
      if (typeof v !== 'function') return v;
      if (prop === 'execute')
        return async (q: { queryChunks?: unknown[] } & object) => {
          const text = (services.db as unknown as { dialect: { sqlToQuery(q: unknown): { sql: string } } }).dialect.sqlToQuery(q).sql;
          const t0 = performance.now();
          try {
            return await (v as (x: unknown) => Promise<unknown>).call(t, q);
          } finally {
            const k = `${tag} ${label(text)}`;
            const s = stats.get(k) ?? { n: 0, ms: 0 };
            s.n++;
            s.ms += performance.now() - t0;
            stats.set(k, s);
          }
        };
      if (prop === 'transaction')
        return async (fn: (tx: unknown) => Promise<unknown>, ...rest: unknown[]) => {
          const t0 = performance.now();
          try {
            return await (v as (...a: unknown[]) => Promise<unknown>).call(t, (tx: object) => fn(timed(tx, 'tx')), ...rest);
          } finally {
            const s = stats.get('transaction total') ?? { n: 0, ms: 0 };
            s.n++;
            s.ms += performance.now() - t0;
            stats.set('transaction total', s);
          }
        };
      return v;
    },
  });
const deps = { ...services, db: timed(services.db, 'db') };

const pgCpu = async () => {
  const pids = (await admin.unsafe(`select pid from pg_stat_activity where datname = $1`, [name])) as Array<{ pid: number }>;
  return pidsCpuUs(pids.map((p) => p.pid)) / 1000;
};
const redis = new Redis(redisUrl);
const redisCpu = async () => {
  const info = await redis.info('cpu');
  const g = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (g('used_cpu_sys') + g('used_cpu_user')) * 1000;
};

const csv = campaignCsv(rows);
// Garbage collection during the import, by kind (scavenges of the young generation vs full mark-compacts).
const gc = { minor: { n: 0, ms: 0 }, major: { n: 0, ms: 0 }, other: { n: 0, ms: 0 } };
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    const k = kind === perfConstants.NODE_PERFORMANCE_GC_MINOR ? 'minor' : kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR ? 'major' : 'other';
    gc[k].n++;
    gc[k].ms += e.duration;
  }
});
const cpu0 = process.cpuUsage();
// Backends exist only once connected: warm the pool so their CPU is counted from here.
await Promise.all(Array.from({ length: 4 }, () => database.db.execute('select 1' as never).catch(() => null)));
const pg0 = await pgCpu();
const r0 = await redisCpu();
gcObserver.observe({ entryTypes: ['gc'] });
const t0 = performance.now();
const res = await importDebts(deps as never, (async function* () {
  for (let i = 0; i < csv.length; i += 64 * 1024) yield csv.subarray(i, i + 64 * 1024);
})(), { batchSize: Number(arg('batch', '0')) || undefined });
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const pg1 = await pgCpu();
const r1 = await redisCpu();
if (!res.ok) throw new Error(res.error);
console.log(`rows ${rows}: ${(wall / 1000).toFixed(2)} s wall, ${JSON.stringify(res.summary)}`);
gcObserver.disconnect();
console.log(`statements ${statements}; GC ${Object.entries(gc).map(([k, v]) => `${k} ${v.n}× ${v.ms.toFixed(0)} ms`).join(', ')}; heap used after ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
console.log(`node CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; Postgres backends CPU ${(pg1 - pg0).toFixed(0)} ms (pool connections of the fresh db; others' backends not counted); Redis CPU ${(r1 - r0).toFixed(0)} ms (whole server)`);
for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${s.ms.toFixed(0).padStart(8)} ms ${String(s.n).padStart(6)}×  ${k}`);

if (process.argv.includes('--twice')) {
  // The same file again: every row is already loaded (exists), nothing is written twice.
  const c0 = process.cpuUsage();
  const t1 = performance.now();
  const again = await importDebts(deps as never, (async function* () {
    yield csv;
  })(), { batchSize: Number(arg('batch', '0')) || undefined });
  if (!again.ok) throw new Error(again.error);
  const c1 = process.cpuUsage(c0);
  console.log(`again: ${((performance.now() - t1) / 1000).toFixed(2)} s wall, node CPU ${((c1.user + c1.system) / 1000).toFixed(0)} ms, ${JSON.stringify(again.summary)}`);
}
await queue.close();
redis.disconnect();
await database.close();
if (process.argv.includes('--keep')) console.log(`kept database ${name}`);
else await admin.unsafe(`drop database if exists ${name} with (force)`);
await deleteKeys(redisUrl, prefix);
await admin.end();
