/**
 * Closed-loop cost of the webhook's inbound insert (`storeBatch`, the group commit's one statement per batch) in
 * its Postgres backend, on a copy of a database loaded like the bench's (issue #12, ingest12).
 *   DATABASE_URL=… npx tsx bench/ingest-cost.ts --from=<kept bench database> [--n=2000] [--k=1] [--warm=200] [--set=jit=off]
 * The database named by `--from` (kept by a scenario-2 run with BENCH_KEEP_DB) is copied to a throwaway one
 * (`saisoku_bench_ic_*`, dropped at the end), this tree's migrations are applied to the copy, and one connection
 * stores `n` batches of `k` inbound replies each (fresh provider ids, phones of the copy's debtors; a sequence of
 * `--stop=<every>` rows also has every nth a STOP), one at a time. Reported: the backend's CPU µs per batch and per
 * row (/proc, 10 ms ticks: read over ≥ 1,000 batches), the client's wall per batch (p50 / p99), WAL bytes per batch
 * (pg_current_wal_lsn before and after: the server is shared, so others' WAL counts too — read it on a quiet box).
 * `--set=name=value,…`: ALTER DATABASE … SET on the copy before connecting (e.g. `jit=off`, `synchronous_commit=off`). A copy
 * does not inherit its source's database settings (migration 0015's `jit = off` included): name them here.
 * `--pre=<file.sql>`: statements run on the copy after its migrations (e.g. drop an index or a key to see its share).
 * Also printed: the connection's generic / custom plan counts for the insert (pg_prepared_statements).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { storeBatch, type InboundRow } from '../src/conversation/ingress';
import { openPostgres } from '../src/db/client';
import { rowsOf } from '../src/db/batch';
import { createLogger } from '../src/log';
import { pgClient } from './lib/pg';
import { pidsCpuUs } from './lib/proc-cpu';
import { round } from './lib/stats';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const FROM = flag('from');
const N = Number(flag('n') ?? 2000);
const K = Number(flag('k') ?? 1);
const WARM = Number(flag('warm') ?? 200);
const STOP_EVERY = Number(flag('stop') ?? 0);
const SET = (flag('set') ?? '').split(',').filter(Boolean);
const PRE = flag('pre');
const url = process.env.DATABASE_URL;
if (!url || !FROM || !/^[a-z0-9_]+$/.test(FROM)) throw new Error('usage: DATABASE_URL=… npx tsx bench/ingest-cost.ts --from=<database> [--n=] [--k=] [--warm=] [--set=jit=off]');

const name = `saisoku_bench_ic_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const admin = pgClient(url, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name} template ${FROM}`);
for (const s of SET) {
  const [k, v] = s.split('=');
  if (!/^[a-z_.]+$/.test(k ?? '') || !/^[a-z0-9_.]+$/i.test(v ?? '')) throw new Error(`bad --set ${s}`);
  await admin.unsafe(`alter database ${name} set ${k} = ${v}`);
}
const u = new URL(url);
u.pathname = `/${name}`;
const pg = await openPostgres(u.toString(), { max: 1 });
const log = createLogger('warn');
try {
  if (PRE) {
    const pre = pgClient(u.toString(), { max: 1, onnotice: () => {} });
    await pre.unsafe(readFileSync(PRE, 'utf8'));
    await pre.end();
  }
  const pid = (await rowsOf<{ pid: number }>(pg.db, sql`select pg_backend_pid() as pid`))[0]!.pid;
  const phones = (await rowsOf<{ phone: string }>(pg.db, sql`select phone from debtors order by random()`)).map((r) => r.phone);
  let seq = 0;
  const batch = (): InboundRow[] =>
    Array.from({ length: K }, () => {
      const i = seq++;
      const stop = STOP_EVERY > 0 && i % STOP_EVERY === STOP_EVERY - 1;
      return {
        phone: phones[i % phones.length]!,
        body: stop ? 'STOP' : '払いました',
        channel: 'sms',
        provider: 'twilio',
        providerMessageId: `SMic${name.slice(-12)}${i}`,
        optOut: stop,
        mode: stop ? 'out' : 'plain',
        intent: null,
        explanation: null,
        createdAt: new Date().toISOString(),
      };
    });
  const deps = { db: pg.db, log };
  for (let i = 0; i < WARM; i++) await storeBatch(deps, batch());
  const lsn = async () => (await rowsOf<{ l: string }>(pg.db, sql`select pg_current_wal_lsn()::text as l`))[0]!.l;
  const lsnBytes = (l: string) => {
    const [hi, lo] = l.split('/');
    return Number.parseInt(hi!, 16) * 2 ** 32 + Number.parseInt(lo!, 16);
  };
  const l0 = await lsn();
  const c0 = pidsCpuUs([pid]);
  const walls: number[] = [];
  let stored = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    const r = await storeBatch(deps, batch());
    walls.push(performance.now() - s);
    stored += r.filter((x) => !(x instanceof Error) && x.status === 'stored').length;
  }
  const wall = performance.now() - t0;
  const cpu = pidsCpuUs([pid]) - c0;
  const wal = lsnBytes(await lsn()) - lsnBytes(l0);
  walls.sort((a, b) => a - b);
  const plans = await rowsOf<{ generic_plans: number; custom_plans: number }>(pg.db, sql`select generic_plans, custom_plans from pg_prepared_statements where statement like '%jsonb_to_recordset%insert into messages%'`);
  const jit = (await rowsOf<{ jit: string }>(pg.db, sql`select current_setting('jit') as jit`))[0]!.jit;
  const q = (p: number) => round(walls[Math.min(walls.length - 1, Math.floor(p * walls.length))]!, 3);
  console.log(
    `ingest-cost from=${FROM} n=${N} k=${K} set=${SET.join(',') || '-'}: backend ${round(cpu / N, 0)} µs/batch, ${round(cpu / (N * K), 0)} µs/row; ` +
      `wall p50 ${q(0.5)} / p99 ${q(0.99)} ms per batch (${round(wall / N, 3)} mean); WAL ${round(wal / N, 0)} B/batch; stored ${stored}/${N * K}; ` +
      `plans generic/custom ${plans.map((p) => `${p.generic_plans}/${p.custom_plans}`).join(' ') || '?'}; jit ${jit}${PRE ? `; pre ${PRE}` : ''}`,
  );
} finally {
  await pg.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
