/**
 * The drain round's statements over a timer storm's backlog, with their plans (decision 0136):
 *   DATABASE_URL=… npx tsx bench/lock-plan.ts [--debts=2400] [--k=200] [--rounds=6] [--explain=1] [--analyze=1]
 * Builds `debts` conversations (as round-cost's --mode=timers does), moves the clock past the first
 * reminder (every conversation has a due timer), then runs `rounds` drain rounds of `k` and prints
 * each round's wall ms. `--explain=1`: the rounds run with auto_explain (ANALYZE, BUFFERS) on the
 * throwaway database, so each statement's plan as executed — custom or generic — is in the server's
 * log (`/var/log/postgresql/…`, lines with the database's name); the database's name is printed.
 * `--plan-cache-mode=force_generic_plan` (or force_custom_plan): that plan_cache_mode on the throwaway database.
 * Needs Postgres (a throwaway database, dropped at the end unless --keep=1).
 */
import { performance } from 'node:perf_hooks';
import { buildServices } from '../src/bootstrap';
import { parseEnv } from '../src/config/env';
import { drainConversations } from '../src/conversation/drain';
import { openPostgres } from '../src/db/client';
import { createLogger } from '../src/log';
import { createMemoryQueue } from '../src/queue/memory-queue';
import { ManualClock } from '../src/shared/clock';
import { classifierOf } from '../src/workers/workers';
import { FAKE_TWILIO_DOMESTIC } from '../test/support/fake-twilio';
import { pgClient } from './lib/pg';
import { BENCH_PUBLIC_BASE_URL } from './lib/twilio-body';
import { seedJaDebts } from './lib/seed-debts';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const DEBTS = Number(flag('debts') ?? 2400);
const K = Number(flag('k') ?? 200);
const ROUNDS = Number(flag('rounds') ?? 6);
const EXPLAIN = flag('explain') === '1';
const KEEP = flag('keep') === '1';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const name = `saisoku_bench_lockplan_${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = pgClient(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const planMode = flag('plan-cache-mode');
  if (planMode) await admin.unsafe(`alter database ${name} set plan_cache_mode = '${planMode.replace(/[^a-z_]/g, '')}'`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const env = parseEnv({ PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL, ADMIN_API_TOKEN: 'bench-admin-token-0123456789', DATA_DIR: '/tmp/saisoku-bench-unused', ...FAKE_TWILIO_DOMESTIC, SEND_RATE_LIMITS: 'twilio=off' });
  const clock = new ManualClock('2026-11-20T10:00:00+09:00');
  const open = async () => {
    const database = await openPostgres(u.toString(), { max: 10 });
    const s = await buildServices(env, { database, queue: createMemoryQueue({ backoffMs: 50 }), clock, log: createLogger('silent') });
    return { database, s };
  };
  try {
    let { database, s } = await open();
    await seedJaDebts(s, DEBTS);
    if (flag('analyze') === '1') {
      const a = await pgClient(u.toString(), { max: 1, onnotice: () => {} });
      await a.unsafe('analyze');
      await a.end();
    }
    if (EXPLAIN) {
      await database.close();
      for (const set of ["session_preload_libraries = 'auto_explain'", 'auto_explain.log_min_duration = 0', 'auto_explain.log_analyze = on', 'auto_explain.log_buffers = on', 'auto_explain.log_verbose = off'])
        await admin.unsafe(`alter database ${name} set ${set}`);
      ({ database, s } = await open());
    }
    clock.set('2026-12-28T10:00:01+09:00');
    const due = await pgClient(u.toString(), { max: 1, onnotice: () => {} });
    const n = ((await due.unsafe(`select count(*)::int as n from timers where status = 'pending' and due_at <= '2026-12-28T01:00:01Z'`)) as unknown as Array<{ n: number }>)[0]?.n;
    await due.end();
    console.log(`db ${name}: ${DEBTS} conversations, ${n} due timers; rounds of ${K}`);
    const classify = classifierOf(s);
    const walls: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      const got = await drainConversations(s, classify, { limit: K });
      walls.push(Math.round(performance.now() - t0));
      if (got.applied !== K) console.log(`round ${r} applied ${got.applied}`);
    }
    console.log(`round wall ms: ${walls.join(' ')}`);
    await database.close();
  } finally {
    if (!KEEP) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
