/**
 * In-process cost of the HTTP middleware every webhook passes (issue #12, ingest12): the same handler — read the
 * body, answer the empty TwiML — behind none, each one, and all of createApp's middleware (request id, security
 * headers, body limits, the access policy, the webhook metrics), called through `app.fetch` (no sockets: node's
 * server and @hono/node-server are the same for every variant and left out). Variants alternate per round;
 * reported: median over rounds of CPU µs per request, each variant minus `none`.
 *   npx tsx bench/middleware-cost.ts [--rounds=7] [--n=20000]
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../src/http/app';
import { requestIdFrom, securityHeaders } from '../src/http/headers';
import { requestLimits } from '../src/http/limits';
import { accessPolicy } from '../src/http/policy';
import { createMetrics } from '../src/metrics/prometheus';
import { createLogger } from '../src/log';
import { systemClock } from '../src/shared/clock';
import type { Db } from '../src/db/client';
import { median, round } from './lib/stats';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ROUNDS = Number(flag('rounds') ?? 7);
const N = Number(flag('n') ?? 20000);

const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('requestId', requestIdFrom(c.req.header('x-request-id')));
  await next();
  c.res.headers.set('x-request-id', c.get('requestId'));
};
const metrics = createMetrics({ db: null as unknown as Db, clock: systemClock, log: createLogger('error') }, () => ({}));
const LAYERS: Record<string, MiddlewareHandler<AppEnv>> = {
  requestId,
  securityHeaders: securityHeaders({ https: true }),
  requestLimits: requestLimits(),
  accessPolicy: accessPolicy(),
  metrics: metrics.observeWebhooks as MiddlewareHandler<AppEnv>,
};
function build(layers: string[]) {
  const app = new Hono<AppEnv>();
  for (const l of layers) app.use(l === 'metrics' ? '/webhooks/*' : '*', LAYERS[l]!);
  app.post('/webhooks/twilio/inbound', async (c) => {
    await c.req.text();
    return c.body(TWIML, 200, { 'content-type': 'text/xml' });
  });
  return app;
}
const ALL = Object.keys(LAYERS);
const variants: Record<string, string[]> = { none: [], ...Object.fromEntries(ALL.map((l) => [l, [l]])), all: ALL };
const apps = Object.fromEntries(Object.entries(variants).map(([k, v]) => [k, build(v)]));
const body = 'ToCountry=JP&SmsMessageSid=SM1&NumMedia=0&Body=%E6%89%95%E3%81%84%E3%81%BE%E3%81%97%E3%81%9F&From=%2B818012345678&To=%2B815012345678';
const req = () =>
  new Request('https://saisoku.test/webhooks/twilio/inbound', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), 'x-twilio-signature': 'x' },
  });

async function one(app: Hono<AppEnv>, n: number): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const r = await app.fetch(req());
    if (r.status !== 200) throw new Error(`status ${r.status}`);
    await r.text();
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

const names = Object.keys(apps);
for (const k of names) await one(apps[k]!, 2000); // warm-up
const per: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) for (const k of r % 2 ? [...names].reverse() : names) per[k]!.push(await one(apps[k]!, N));
const none = median(per.none!);
console.log(`middleware-cost: CPU µs per request through app.fetch (median of ${ROUNDS} rounds of ${N}); minus 'none' in brackets`);
for (const k of names) console.log(`  ${k.padEnd(16)} ${String(round(median(per[k]!), 1)).padStart(6)}  (${k === 'none' ? '—' : `+${round(median(per[k]!) - none, 1)}`})  [${per[k]!.map((x) => round(x, 1)).join(' ')}]`);
