/**
 * npm run bench [-- --quick] [-- --only=ingest,reply,micro,import] [-- --import-rows=N]
 * Method: /work/shared/BENCHMARKS.md → docs/benchmarks.md. Ratios measured side by side in one run are
 * the result; absolute figures are for the record (2 shared cores, other work running).
 * Writes bench/results/<date>-<mode>.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startFakeTwilio } from '../test/support/fake-twilio';
import { startChild, type Child } from './lib/child';
import { fmt, round } from './lib/stats';
import { benchCreds } from './lib/twilio-body';
import { LABEL, OPEN_LOOP_VARIANTS, PROBE_VARIANTS, runIngest, SEEDED_DEBTORS } from './scenarios/ingest';
import { loadReplies, runMicro } from './scenarios/micro';
import { runImport } from './scenarios/import';
import { runReply } from './scenarios/reply';
import type { Variant } from './server';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = (args.find((a) => a.startsWith('--only='))?.slice(7).split(',') ?? ['ingest', 'reply', 'micro', 'import']) as string[];
const mode = quick ? 'quick' : 'full';
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const P = quick
  ? {
      ingest: { rates: [250, 1000], durationS: 1, rounds: 2, warmupS: 1, probeS: 0.75, probeRounds: 2, probeConcurrency: 32 },
      reply: { conversations: 200, rates: [50, 100], drainTimeoutMs: 20_000, idleProbeMs: 500 },
      micro: { rounds: 3, minMs: 150 },
      import: { rows: 10_000, oneByOneSample: 200 },
    }
  : {
      ingest: { rates: [250, 500, 1000, 2000], durationS: 2, rounds: 5, warmupS: 2, probeS: 1.5, probeRounds: 5, probeConcurrency: 32 },
      reply: { conversations: 2000, rates: [25, 50, 100, 200], drainTimeoutMs: 60_000, idleProbeMs: 1000 },
      micro: { rounds: 7, minMs: 300 },
      import: { rows: 100_000, oneByOneSample: 1000 },
    };

const t0 = performance.now();
const loadAtStart = loadavg().map((x) => round(x, 2));
const elapsed = () => ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
const log = (s: string) => console.log(`[${elapsed()}s] ${s}`);
// Hard bound on the whole run: a wedged child or server never keeps the bench alive.
const deadline = setTimeout(() => {
  console.error(`bench: gave up after ${quick ? 5 : 20} minutes`);
  process.exit(2);
}, (quick ? 5 : 20) * 60_000);
deadline.unref();

async function main() {
  const render = args.find((a) => a.startsWith('--render='))?.slice(9);
  if (render) {
    // Re-render the markdown of an earlier JSON result (no measurement).
    const { readFileSync } = await import('node:fs');
    writeFileSync(render.replace(/\.json$/, '.md'), markdown(JSON.parse(readFileSync(render, 'utf8'))));
    return;
  }
  const creds = benchCreds();
  const fake = await startFakeTwilio(creds);
  const children: Record<string, Child> = {};
  const env = { database: process.env.DATABASE_URL ? 'postgres' : 'pglite', queue: process.env.REDIS_URL ? 'bullmq/redis' : 'in-process' };
  log(`bench ${mode}: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, ${env.database} + ${env.queue}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const results: Record<string, unknown> = {};
  try {
    const wanted: Array<{ variant: Variant; seed?: number; key?: string }> = [];
    if (only.includes('ingest')) wanted.push(...PROBE_VARIANTS.map((v) => ({ variant: v as Variant, seed: v === 'full' ? SEEDED_DEBTORS : undefined })));
    if (only.includes('reply')) wanted.push({ variant: 'full-workers' }, { variant: 'noop-pipeline' });
    // Its own app (fresh database, no workers): scenario 3 loads 100k debts into it.
    if (only.includes('import')) wanted.push({ variant: 'full', key: 'import' });
    // Two at a time: starting eight tsx processes at once on two cores only slows all of them.
    for (let i = 0; i < wanted.length; i += 2) {
      const batch = await Promise.all(wanted.slice(i, i + 2).map(({ key: _key, ...w }) => startChild({ ...w, accountSid: creds.accountSid, authToken: creds.authToken, fakeBaseUrl: fake.baseUrl, phonePrefix: '90' })));
      batch.forEach((c, k) => (children[wanted[i + k]!.key ?? c.variant] = c));
    }
    log(`children ready: ${Object.values(children).map((c) => `${c.variant}${Object.keys(c.info).length ? ` ${JSON.stringify(c.info)}` : ''}`).join('; ')}`);
    const texts = loadReplies().filter((r) => r.locale === 'ja').map((r) => r.text);
    if (only.includes('micro')) results.micro = await runMicro(creds, { ...P.micro, log });
    if (only.includes('ingest')) results.ingest = await runIngest(children, creds, texts, { ...P.ingest, log });
    // --rates=50,100,200 and --conversations=N override the mode's reply steps.
    const replyP = { ...P.reply, ...(flag('rates') ? { rates: flag('rates')!.split(',').map(Number) } : {}), ...(flag('conversations') ? { conversations: Number(flag('conversations')) } : {}) };
    if (only.includes('import')) results.import = await runImport(children.import!, { ...P.import, ...(flag('import-rows') ? { rows: Number(flag('import-rows')) } : {}), log });
    if (only.includes('reply')) results.reply = await runReply(children['full-workers']!, children['noop-pipeline']!, fake, creds, { ...replyP, log });
  } finally {
    await Promise.all(Object.values(children).map((c) => c.stop().catch(() => {})));
    await fake.close();
  }
  const date = new Date().toISOString().slice(0, 10);
  const out = {
    date: new Date().toISOString(),
    mode,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, memGb: round(totalmem() / 2 ** 30, 1), node: process.version, loadavgAtStart: loadAtStart, loadavgAtEnd: loadavg().map((x) => round(x, 2)) },
    services: env,
    parameters: P,
    durationS: round((performance.now() - t0) / 1000, 1),
    note: 'Two shared cores with other engineers running tests: absolute figures are noisy. Read the ratios measured side by side in this run (median and min–max over rounds).',
    ...results,
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  // --out=<name>: write bench/results/<name>.json/.md instead of <date>-<mode>.
  const base = new URL(`./results/${flag('out') ?? `${date}-${mode}`}`, import.meta.url).pathname;
  writeFileSync(`${base}.json`, JSON.stringify(out, null, 2) + '\n');
  writeFileSync(`${base}.md`, markdown(out as never));
  log(`wrote ${base}.json and .md`);
}

function markdown(r: any): string {
  const L: string[] = [];
  L.push(`# saisoku bench — ${r.mode} — ${r.date.slice(0, 16).replace('T', ' ')} UTC`, '');
  L.push(`${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, ${r.services.database} + ${r.services.queue}; load average (1/5/15 min) at start ${r.machine.loadavgAtStart.join(' ')}, at end ${r.machine.loadavgAtEnd.join(' ')}; run took ${r.durationS} s.`, '');
  L.push(`> ${r.note} Cells read "median (min–max)".`, '');
  if (r.ingest) {
    const ig = r.ingest;
    const rates = Object.keys(ig.ratios).map(Number);
    L.push('## 1. Webhook ingest (open loop, signed Twilio form POSTs)', '');
    L.push(`${r.parameters.ingest.rounds} rounds × ${r.parameters.ingest.durationS} s per cell after a warm-up; variants alternate, order reversed each round; latency from the scheduled send time.`, '');
    L.push('| variant | ' + rates.map((x) => `${x}/s p50 ms | ${x}/s p99 ms`).join(' | ') + ' | knee (p99 > 50 ms) |');
    L.push('| --- | ' + rates.map(() => '--- | ---').join(' | ') + ' | --- |');
    for (const v of OPEN_LOOP_VARIANTS) {
      const k = ig.knee[v];
      L.push(`| ${LABEL[v]} | ` + rates.map((x) => `${fmt(ig.perVariant[v][x].p50Ms)} | ${fmt(ig.perVariant[v][x].p99Ms)}`).join(' | ') + ` | ${k.rate ? `${k.rate}/s` : `> ${Math.max(...rates)}/s`} |`);
    }
    L.push('', '| ratio (same round, side by side) | ' + rates.map((x) => `${x}/s`).join(' | ') + ' |');
    L.push('| --- | ' + rates.map(() => '---').join(' | ') + ' |');
    for (const name of Object.keys(ig.ratios[rates[0]!])) L.push(`| ${name} | ` + rates.map((x) => fmt(ig.ratios[x][name])).join(' | ') + ' |');
    L.push('', '| server CPU µs per request | ' + rates.map((x) => `${x}/s`).join(' | ') + ' |');
    L.push('| --- | ' + rates.map(() => '---').join(' | ') + ' |');
    for (const v of OPEN_LOOP_VARIANTS) L.push(`| ${LABEL[v]} | ` + rates.map((x) => fmt(ig.perVariant[v][x].serverCpuUsPerReq, 0)).join(' | ') + ' |');
    const t = ig.throughputAtKnee;
    L.push('', `C/A achieved throughput at ${t.cKneeFound ? `C's knee (${t.rate}/s)` : `the highest rate (${t.rate}/s; C has no knee in range)`}: ${fmt(t['C/A achieved throughput'])}.`);
    const errs = OPEN_LOOP_VARIANTS.map((v) => rates.map((x) => ig.perVariant[v][x].errors + ig.perVariant[v][x].shed).reduce((a: number, b: number) => a + b, 0));
    L.push(`Errors + shed requests per variant over all cells: ${OPEN_LOOP_VARIANTS.map((v, i) => `${LABEL[v]} ${errs[i]}`).join(', ')}.`, '');
    L.push(`### Capacity probe (closed loop, ${r.parameters.ingest.probeConcurrency} connections, ${r.parameters.ingest.probeRounds} × ${r.parameters.ingest.probeS} s)`, '');
    L.push('The generator shares the two cores, so the fastest variants are generator-bound here; compare ratios.', '');
    L.push('| variant | req/s |', '| --- | --- |');
    for (const v of PROBE_VARIANTS) L.push(`| ${LABEL[v]} | ${fmt(ig.probe[v], 0)} |`);
    L.push('', '| ratio | value |', '| --- | --- |');
    for (const [k, v] of Object.entries(ig.probeRatios)) L.push(`| ${k} | ${fmt(v as never)} |`);
    L.push('');
  }
  if (r.reply) {
    const rp = r.reply;
    L.push('## 2. Reply → outbound (webhook t0 at the generator → answer at the fake Twilio t3)', '');
    L.push(`${rp.conversations} conversations created through createDebt (${rp.seedSeconds} s); one signed "払いました" per conversation; app vs a no-op pipeline with the same hops, alternating per step.`, '');
    L.push('| offered/s | replies | app p50 ms | app p99 ms | app achieved/s | app CPU µs/reply (net of idle) | app SQL statements/reply | baseline p50 ms | baseline p99 ms | baseline CPU µs/reply (net of idle) | app/baseline p50 | app/baseline p99 |');
    L.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const s of rp.steps) L.push(`| ${s.rate} | ${s.app.answered}/${s.app.sent} | ${s.app.p50Ms} | ${s.app.p99Ms} | ${s.app.achievedPerS} | ${s.app.serverCpuUsPerReply} (${s.app.serverCpuUsPerReplyNet}) | ${s.app.statementsPerReply ?? '–'} | ${s.baseline.p50Ms} | ${s.baseline.p99Ms} | ${s.baseline.serverCpuUsPerReply} (${s.baseline.serverCpuUsPerReplyNet}) | ${s.ratios['app/baseline p50']} | ${s.ratios['app/baseline p99']} | ${s.ratios['app/baseline CPU per reply']} |`);
    const lo = Math.min(...rp.steps.map((s: any) => s.rate));
    const hi = Math.max(...rp.steps.map((s: any) => s.rate));
    const sus = (k: 'app' | 'baseline') => {
      const v = rp.sustainedRepliesPerS[k];
      const best = Math.max(...rp.steps.map((s: any) => s[k].achievedPerS));
      return v === 0 ? `below ${lo}/s (best achieved ${best}/s)` : v === hi ? `≥ ${v}/s (the run stopped there)` : `${v}/s (best achieved ${best}/s)`;
    };
    L.push('', `Sustained (highest offered rate fully answered, achieved ≥ 90 % of offered, no backlog growth): app ${sus('app')}, baseline ${sus('baseline')}.`);
    L.push('App CPU is the app process only (Postgres and Redis run in their own processes).', '');
  }
  if (r.import) {
    const im = r.import;
    L.push('## 4. Campaign-scale loading (scenario 3 of the method): CSV import', '');
    L.push(`${im.rows.toLocaleString('en')} rows (${(im.bytes / 2 ** 20).toFixed(1)} MiB, every 100th row a bad phone number) POSTed to \`/api/debts/import\` of the real app (own process, no workers) until every row is reported and every first reminder armed and queued. Baselines in the same run on the same bytes: raw \`COPY\` into a table of text columns, raw enqueue of the same number of no-op jobs (500 per addBulk). Before: the one-debt path (\`createDebt\`, one transaction per debt, as the import ran each row before) on a sample of ${im.oneByOne.debts}.`, '');
    L.push('| what | figure |', '| --- | --- |');
    L.push(`| **import, s** (target ≤ 60) | **${im.app.seconds}** (${im.app.rowsPerS} rows/s) |`);
    L.push(`| rows created / exists / invalid | ${im.summary.created} / ${im.summary.exists} / ${im.summary.invalid} |`);
    L.push(`| app CPU ms per row / SQL statements per row | ${im.app.cpuMsPerRow} / ${im.app.statementsPerRow} |`);
    L.push(`| raw COPY + raw enqueue, s | ${im.baseline.copySeconds} + ${im.baseline.enqueueSeconds} = ${im.baseline.seconds} |`);
    L.push(`| **import / (raw COPY + raw enqueue)** | **${im.ratios['import / (raw COPY + raw enqueue)']}** |`);
    L.push(`| one-by-one (before): debts/s, CPU ms and statements per debt | ${im.oneByOne.perS} /s, ${im.oneByOne.cpuMsPerDebt} ms, ${im.oneByOne.statementsPerDebt} (${im.rows.toLocaleString('en')} rows would take ~${im.oneByOne.projectedSecondsForRows} s) |`);
    L.push(`| **import rows/s ÷ one-by-one debts/s** | **${im.ratios['import rows/s / one-by-one debts/s']}** |`);
    L.push(`| /healthz during the import, p50 / p99 / max ms (${im.health.during.n} probes, ${im.health.during.failed} failed) | ${im.health.during.p50Ms} / ${im.health.during.p99Ms} / ${im.health.during.maxMs} |`);
    L.push(`| /healthz idle, p50 / p99 / max ms | ${im.health.idle.p50Ms} / ${im.health.idle.p99Ms} / ${im.health.idle.maxMs} |`);
    L.push('');
  }
  if (r.micro) {
    const m = r.micro;
    L.push('## 3. Micro (in process)', '');
    L.push('| what | figure |', '| --- | --- |');
    L.push(`| classifyByRules, µs per reply (${m.classification.replies} fixture replies) | ${fmt(m.classification.usPerReply, 1)} |`);
    L.push(`| … ja / en | ${fmt(m.classification.usPerReplyJa, 1)} / ${fmt(m.classification.usPerReplyEn, 1)} |`);
    L.push(`| **keywords + rules + trained model, wall µs per reply, p50 / p99 / p99.9 / max** (${m.tiered.replies} replies incl. holdout-5, ${m.tiered.calls} timed calls) | ${m.tiered.p50Us} / **${m.tiered.p99Us}** / ${m.tiered.p999Us} / ${m.tiered.maxUs} |`);
    L.push(`| **… CPU µs per reply (process.cpuUsage), p50 / p99 / p99.9** | ${m.tiered.cpuP50Us} / **${m.tiered.cpuP99Us}** / ${m.tiered.cpuP999Us} |`);
    L.push(`| xstate transition() on standard-ja, µs | ${fmt(m.xstate.transitionUs, 1)} |`);
    L.push(`| long-lived actor send(), µs | ${fmt(m.xstate.actorSendUs, 1)} |`);
    L.push(`| **transition() / send()** | ${fmt(m.xstate['transition/send'])} |`);
    L.push(`| resolveState + transition() + getPersistedSnapshot (the engine's per-event work), µs | ${fmt(m.xstate.restoreTransitionPersistUs, 1)} |`);
    L.push(`| Hono app.fetch, text()+URLSearchParams, µs | ${fmt(m.hono.textUs, 1)} |`);
    L.push(`| Hono app.fetch, parseBody(), µs | ${fmt(m.hono.parseBodyUs, 1)} |`);
    L.push(`| **parseBody() / text()+URLSearchParams** | ${fmt(m.hono['parseBody/text'])} |`);
    L.push('');
  }
  return L.join('\n');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
