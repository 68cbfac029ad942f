/**
 * Scenario 2 (simplified) — reply → outbound. N conversations are created through the service
 * (createDebt, in the app's own process); their first reminders reach the fake Twilio; then one signed
 * reply per conversation arrives at a fixed rate. t0 is the reply's scheduled send time at the generator,
 * t3 is when the answer reaches the fake Twilio (its `at`); both clocks are this process's clock.
 * Replies are matched to answers by the debtor's phone (one reply per conversation, so one answer each).
 * Baseline in the same run, alternating: a no-op pipeline with the same hops (webhook → queue → queue → POST).
 */
import type { FakeTwilio } from '../../test/support/fake-twilio';
import type { Child } from '../lib/child';
import { openLoop } from '../lib/loadgen';
import { median, percentile, round, sleep, sortNumbers, summarise } from '../lib/stats';
import { INBOUND_PATH, jpPhone, makeSigner, type TwilioCreds } from '../lib/twilio-body';

export interface ReplyOptions {
  conversations: number;
  rates: number[];
  log: (s: string) => void;
  drainTimeoutMs: number;
  idleProbeMs: number;
}

const APP_PREFIX = '80';
const BASE_PREFIX = '90';

async function until(pred: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (pred()) return true;
    await sleep(25);
  }
  return pred();
}

export async function runReply(app: Child, baseline: Child, fake: FakeTwilio, creds: TwilioCreds, o: ReplyOptions) {
  const t = Date.now();
  const created = await app.seed(o.conversations, 0, APP_PREFIX);
  const seedS = (Date.now() - t) / 1000;
  const firstSent = await until(() => fake.received.filter((r) => r.sid).length >= created, Math.max(60_000, created * 50));
  o.log(`reply: ${created} conversations created in ${seedS.toFixed(1)}s; first reminders at the fake: ${fake.received.filter((r) => r.sid).length}${firstSent ? '' : ' (timed out waiting)'}`);
  await sleep(500);

  const perStep = Math.floor(created / o.rates.length);
  const steps: Array<Record<string, unknown>> = [];
  for (let s = 0; s < o.rates.length; s++) {
    const rate = o.rates[s]!;
    const order = s % 2 === 0 ? (['app', 'baseline'] as const) : (['baseline', 'app'] as const);
    const step: Record<string, unknown> = { rate, replies: perStep };
    for (const target of order) {
      const child = target === 'app' ? app : baseline;
      const prefix = target === 'app' ? APP_PREFIX : BASE_PREFIX;
      const phones = Array.from({ length: perStep }, (_, i) => jpPhone(s * perStep + i, prefix).e164);
      const signer = makeSigner(creds, phones, ['払いました']);
      const t0 = new Map<string, number>();
      const mark = fake.received.length;
      // The process's CPU while idle (BullMQ workers poll), measured just before, is subtracted below.
      const idle0 = await child.cpuUs();
      const idleT = Date.now();
      await sleep(o.idleProbeMs);
      const cpu0 = await child.cpuUs();
      const st0 = await child.statements();
      const idleUsPerMs = (cpu0 - idle0) / Math.max(1, Date.now() - idleT);
      const stepT = Date.now();
      const http = await openLoop({
        origin: child.origin,
        rate,
        durationS: perStep / rate,
        build: (i) => {
          const r = signer.next(i, phones[i]!);
          return { path: INBOUND_PATH, body: r.body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': r.signature } };
        },
        onSend: (i, wall) => t0.set(phones[i]!, wall),
      });
      const wanted = new Set(phones);
      const answered = () => fake.received.slice(mark).filter((r) => r.sid && r.to && wanted.has(r.to));
      const drained = await until(() => answered().length >= t0.size, o.drainTimeoutMs);
      const cpu1 = await child.cpuUs();
      const st1 = await child.statements();
      const stepMs = Date.now() - stepT;
      const seen = new Set<string>();
      const lat: Array<[number, number]> = [];
      let lastT3 = 0;
      for (const r of answered()) {
        if (seen.has(r.to!)) continue;
        seen.add(r.to!);
        const start = t0.get(r.to!);
        if (start === undefined) continue;
        lat.push([start, r.at.getTime() - start]);
        lastT3 = Math.max(lastT3, r.at.getTime());
      }
      lat.sort((a, b) => a[0] - b[0]);
      const sorted = sortNumbers(lat.map((x) => x[1]));
      const firstT0 = Math.min(...t0.values());
      const fifth = Math.max(1, Math.floor(lat.length / 5));
      const early = median(lat.slice(0, fifth).map((x) => x[1]));
      const late = median(lat.slice(-fifth).map((x) => x[1]));
      const res = {
        sent: http.sent,
        webhookOk: http.ok,
        webhookP99Ms: http.p99Ms,
        answered: lat.length,
        drained,
        p50Ms: round(percentile(sorted, 50), 1),
        p99Ms: round(percentile(sorted, 99), 1),
        maxMs: round(sorted.length ? sorted[sorted.length - 1]! : NaN, 1),
        achievedPerS: round(lat.length / Math.max(0.001, (lastT3 - firstT0) / 1000), 1),
        /** Median latency of the last fifth over the first fifth: well above 1 means the backlog grew. */
        backlogGrowth: round(late / Math.max(1, early), 2),
        serverCpuUsPerReply: round((cpu1 - cpu0) / Math.max(1, lat.length), 0),
        /** The same less the idle rate × the step's length: the work the replies themselves cost. */
        serverCpuUsPerReplyNet: round(Math.max(0, cpu1 - cpu0 - idleUsPerMs * stepMs) / Math.max(1, lat.length), 0),
        idleCpuPercent: round(idleUsPerMs / 10, 1),
        /** SQL statements (BEGIN/COMMIT included) the process sent over the step ÷ replies; postgres.js only. */
        statementsPerReply: round((st1 - st0) / Math.max(1, lat.length), 1),
      };
      step[target] = res;
      o.log(`reply ${String(rate).padStart(4)}/s ${target.padEnd(8)} answered ${res.answered}/${res.sent} p50 ${res.p50Ms} ms p99 ${res.p99Ms} ms achieved ${res.achievedPerS}/s growth ×${res.backlogGrowth} stmts ${res.statementsPerReply}/reply cpu ${res.serverCpuUsPerReply} µs/reply (net of idle ${res.serverCpuUsPerReplyNet}; idle ${res.idleCpuPercent} %)`);
      await sleep(500);
    }
    const a = step.app as { p50Ms: number; p99Ms: number; serverCpuUsPerReplyNet: number };
    const b = step.baseline as { p50Ms: number; p99Ms: number; serverCpuUsPerReplyNet: number };
    step.ratios = { 'app/baseline p50': round(a.p50Ms / b.p50Ms, 2), 'app/baseline p99': round(a.p99Ms / b.p99Ms, 2), 'app/baseline CPU per reply': round(a.serverCpuUsPerReplyNet / Math.max(1, b.serverCpuUsPerReplyNet), 2) };
    steps.push(step);
  }
  const sustains = (x: any, rate: number) => x && x.drained && x.answered === x.sent && x.backlogGrowth < 2 && x.achievedPerS >= 0.9 * rate;
  const sustained = (k: 'app' | 'baseline') => Math.max(0, ...steps.filter((st) => sustains(st[k], st.rate as number)).map((st) => st.rate as number));
  return {
    conversations: created,
    seedSeconds: round(seedS, 1),
    steps,
    sustainedRepliesPerS: { app: sustained('app'), baseline: sustained('baseline'), note: 'highest offered rate fully answered, with achieved ≥ 90 % of offered and no backlog growth; a lower bound — the run did not go higher' },
    ratioSummary: {
      'app/baseline p50': summarise(steps.map((st) => (st.ratios as any)['app/baseline p50'])),
      'app/baseline p99': summarise(steps.map((st) => (st.ratios as any)['app/baseline p99'])),
      'app/baseline CPU per reply': summarise(steps.map((st) => (st.ratios as any)['app/baseline CPU per reply'])),
    },
  };
}
