/**
 * Where the app's RSS goes from 10k to 100k conversations (issue #12, item 5), without the storm or
 * the reply rates around it: the scenario-4 app (workers, sweep, running clock) loaded by the CSV
 * import — the first 10,000 rows, then the rest in files of 50,000 like scenario 2's growth step —
 * with process.memoryUsage() after a GC (RSS, V8 heap total/used, external, ArrayBuffers) and
 * the anonymous/file-backed split of the RSS (/proc), after each file and again after idling.
 *
 *   DATABASE_URL=… REDIS_URL=… npx tsx bench/rss-growth.ts [--to=100000] [--idle=20]
 *   MALLOC_ARENA_MAX=2 … (the child inherits the environment: glibc's arenas at most 2)
 */
import { startFakeTwilio } from '../test/support/fake-twilio';
import { startChild } from './lib/child';
import { benchCreds } from './lib/twilio-body';
import { campaignCsv, postImport } from './scenarios/import';

const arg = (k: string) => process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
const to = Number(arg('to') ?? 100_000);
const idleS = Number(arg('idle') ?? 20);
const first = Math.min(10_000, to);
const MiB = (b: number | undefined) => (b === undefined || Number.isNaN(b) ? '–' : (b / 2 ** 20).toFixed(1));

// The child's 100 ms sampler of the highs between probes (the second table) is off unless asked for (bench/server.ts).
process.env.BENCH_PEAK ??= '1';
const creds = benchCreds();
const fake = await startFakeTwilio(creds);
const app = await startChild({ variant: 'full-workers', clock: 'running', sweep: true, concurrency: 5, accountSid: creds.accountSid, authToken: creds.authToken, fakeBaseUrl: fake.baseUrl, phonePrefix: '90' });
const rows: string[] = ['| step | conversations | RSS | anon / file | of anon: malloc [heap] | lazily freed (MADV_FREE) | heap total / used | external / ArrayBuffers |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
const peaks: string[] = ['| highs during the step (100 ms samples, no GC) | VmHWM | RSS | heap total / used | new / old / large-object space | external / ArrayBuffers |', '| --- | --- | --- | --- | --- | --- |'];
let loaded = 0;
const probe = async (step: string) => {
  const m = await app.mem();
  const row = `| ${step} | ${loaded} | ${MiB(m.rss)} | ${MiB(m.rssAnon)} / ${MiB(m.rssFile)} | ${MiB(m.rssBrk)} | ${MiB(m.lazyFree)} | ${MiB(m.heapTotal)} / ${MiB(m.heapUsed)} | ${MiB(m.external)} / ${MiB(m.arrayBuffers)} |`;
  rows.push(row);
  const pk = (m as { peak?: Record<string, number> }).peak;
  if (pk) peaks.push(`| ${step} | ${MiB(pk.hwm)} | ${MiB(pk.rss)} | ${MiB(pk.heapTotal)} / ${MiB(pk.heapUsed)} | ${MiB(pk.newSpace)} / ${MiB(pk.oldSpace)} / ${MiB(pk.largeObject)} | ${MiB(pk.external)} / ${MiB(pk.arrayBuffers)} |`);
  console.log(row, JSON.stringify((m as { v8?: unknown }).v8), JSON.stringify(pk));
};
try {
  console.log(`MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '(unset)'}`);
  await probe('started');
  for (let off = 0; off < to; ) {
    const n = off === 0 ? first : Math.min(50_000, to - off);
    const s = await postImport(app.origin, campaignCsv(n, { prefix: '60', offset: off, dueDate: '2026-12-31', badEvery: 0 }));
    loaded += s.created ?? 0;
    off += n;
    await probe(`after a file of ${n}`);
  }
  await new Promise((r) => setTimeout(r, idleS * 1000));
  await probe(`idle ${idleS} s`);
  console.log(['', ...rows, '', ...peaks].join('\n'));
} finally {
  await app.stop();
  await fake.close();
}
