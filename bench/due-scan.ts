/**
 * A storm's due reads against a database that already holds one (issue #12, storm16): the drain's rounds of
 * `--limit` (default 200) fired timers, `--rounds` of them, then `--deliver` calls of deliverDue (the send
 * stage's due read and claim) to a local fake Twilio. Meant for a copy of a kept bench database with due
 * timers and outbox rows armed on it (bench/results/storm16-setup.sql); with auto_explain set on that database
 * (`alter database … set session_preload_libraries = 'auto_explain'`, log_analyze, log_buffers, log_format json),
 * bench/due-scan.py reads each statement's buffers per execution from the server's log. `--sweep=n` (storm17) then
 * runs the periodic sweep n times (its due counts and the reconciler's read of stale 'sending' rows).
 *   DATABASE_URL=postgres://…/<copy> npx tsx bench/due-scan.ts [--rounds=30] [--limit=200] [--deliver=3] [--sweep=0]
 */
import { performance } from 'node:perf_hooks';
import { buildServices } from '../src/bootstrap';
import { keepAliveFetch } from '../src/channels/keep-alive-fetch';
import { createTwilioProvider } from '../src/channels/twilio/provider';
import { parseEnv } from '../src/config/env';
import { drainConversations } from '../src/conversation/drain';
import { openPostgres } from '../src/db/client';
import { createLogger } from '../src/log';
import { createMemoryQueue } from '../src/queue/memory-queue';
import { deliverDue } from '../src/workers/sender';
import { sweep } from '../src/workers/sweep';
import { classifierOf } from '../src/workers/workers';
import { FAKE_TWILIO_DOMESTIC, startFakeTwilio } from '../test/support/fake-twilio';
import { benchCreds, BENCH_PUBLIC_BASE_URL, TWILIO_TO } from './lib/twilio-body';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const database = await openPostgres(url, { max: 4, migrate: false });
  const creds = benchCreds();
  const fake = await startFakeTwilio(creds);
  try {
    const provider = createTwilioProvider({ accountSid: creds.accountSid, authToken: creds.authToken, from: TWILIO_TO, apiBaseUrl: fake.baseUrl, fetch: keepAliveFetch() });
    const env = parseEnv({ PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL, ADMIN_API_TOKEN: 'bench-admin-token-0123456789', DATA_DIR: '/tmp/saisoku-bench-unused', ...FAKE_TWILIO_DOMESTIC, SEND_RATE_LIMITS: 'twilio=off' });
    const s = await buildServices(env, { database, queue: createMemoryQueue({ backoffMs: 50 }), provider, log: createLogger('silent') });
    const classify = classifierOf(s);
    const limit = Number(flag('limit') ?? 200);
    for (let r = 0; r < Number(flag('rounds') ?? 30); r++) {
      const t0 = performance.now();
      const got = await drainConversations(s, classify, { limit });
      console.log(`round ${r}: claimed ${got.claimed}, fired ${got.fired}, ${(performance.now() - t0).toFixed(1)} ms`);
      if (!got.claimed) break;
    }
    for (let r = 0; r < Number(flag('deliver') ?? 3); r++) {
      const t0 = performance.now();
      const n = await deliverDue(s, { limit: 1000 });
      console.log(`deliverDue ${r}: ${n} rows, ${(performance.now() - t0).toFixed(1)} ms`);
      if (!n) break;
    }
    for (let r = 0; r < Number(flag('sweep') ?? 0); r++) {
      const t0 = performance.now();
      const got = await sweep(s);
      console.log(`sweep ${r}: ${JSON.stringify(got)}, ${(performance.now() - t0).toFixed(1)} ms`);
    }
    await database.close?.();
  } finally {
    await fake.close();
  }
  process.exit(0);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
