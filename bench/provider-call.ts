/**
 * CPU per provider call, the platform's fetch (undici's WHATWG fetch) vs node:http with a keep-alive agent
 * (bench/lib/node-http-fetch.ts, the provider call before decision 0162) vs keepAliveFetch (undici's dispatcher,
 * decision 0162), side by side in one process, alternating, against the fake Twilio (its side counted too):
 *   npx tsx bench/provider-call.ts [--calls=2000] [--rounds=5] [--concurrency=16]
 * 16 calls in flight as the send stage runs them. Reported: median and min–max µs of process CPU per call.
 */
import type { ProviderFetch } from '../src/channels/http';
import { keepAliveFetch } from '../src/channels/keep-alive-fetch';
import { nodeHttpFetch } from './lib/node-http-fetch';
import { createTwilioProvider } from '../src/channels/twilio/provider';
import { startFakeTwilio } from '../test/support/fake-twilio';
import { median, round } from './lib/stats';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const CALLS = Number(flag('calls') ?? 2000);
const ROUNDS = Number(flag('rounds') ?? 5);
const CONCURRENCY = Number(flag('concurrency') ?? 16);

async function main() {
  const fake = await startFakeTwilio();
  const make = (doFetch?: ProviderFetch) =>
    createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, from: '+15005550006', apiBaseUrl: fake.baseUrl, ...(doFetch ? { fetch: doFetch } : {}) });
  const variants = { fetch: make(), keepAliveFetch: make(keepAliveFetch()), nodeHttp: make(nodeHttpFetch()) };
  const cpu: Record<string, number[]> = { fetch: [], keepAliveFetch: [], nodeHttp: [] };
  const run = async (name: keyof typeof variants, n: number) => {
    const p = variants[name];
    let next = 0;
    const c0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) {
          const i = next++;
          const r = await p.send({ to: `+8190${String(10_000_000 + i)}`, body: 'お支払いを確認しました。ありがとうございます。', idempotencyKey: `k${i}` });
          if (!r.ok) throw new Error(r.error);
        }
      }),
    );
    const c = process.cpuUsage(c0);
    fake.reset();
    return (c.user + c.system) / n;
  };
  for (const name of ['fetch', 'nodeHttp', 'keepAliveFetch'] as const) await run(name, 500); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? (['keepAliveFetch', 'nodeHttp', 'fetch'] as const) : (['fetch', 'nodeHttp', 'keepAliveFetch'] as const);
    for (const name of order) cpu[name]!.push(await run(name, CALLS));
  }
  for (const [name, xs] of Object.entries(cpu)) console.log(`${name}: CPU µs per call ${round(median(xs), 0)} (${round(Math.min(...xs), 0)}–${round(Math.max(...xs), 0)}), ${ROUNDS} rounds of ${CALLS}, ${CONCURRENCY} in flight`);
  console.log(`keepAliveFetch / fetch: ${round(median(cpu.keepAliveFetch!) / median(cpu.fetch!), 2)}; keepAliveFetch / nodeHttp: ${round(median(cpu.keepAliveFetch!) / median(cpu.nodeHttp!), 2)}`);
  await fake.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
