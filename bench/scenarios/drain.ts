/**
 * Scenario 3, drain half — a campaign's first reminders drained through the sender at the provider's
 * rate while webhooks keep arriving. The app (own process, workers, sweep, clock running from a
 * weekday 10:00 JST) is given a per-sender limit of `limitPerS` messages/s through its environment
 * (`env`, e.g. SEND_RATE_LIMITS=twilio=100 — the send stage's throttle); then:
 *   1. idle: signed webhooks from numbers that are not debtors at `ingestRate` req/s (scenario 1's
 *      load), p50/p99 of the acknowledgement;
 *   2. a CSV of `campaign` debts whose first reminders are due now is imported; once the import has
 *      answered (every first reminder armed and queued), the same webhook load runs again while the
 *      reminders drain to the fake Twilio.
 * Reported: the achieved send rate at the fake over the drain (first to last reminder) and during
 * the webhook load, the largest count in any one-second window (bursts), their ratio to the limit
 * (target within ±2 %), and webhook p99 under the drain ÷ idle (target below 2).
 * When the build has no per-sender throttle (the app's parsed configuration has no rate-limit key)
 * the result says so: the rate measured is then simply how fast the sender goes.
 */
import type { FakeTwilio } from '../../test/support/fake-twilio';
import type { Child } from '../lib/child';
import { openLoop, type OpenLoopResult } from '../lib/loadgen';
import { round, sleep } from '../lib/stats';
import { INBOUND_PATH, jpPhone, makeSigner, type TwilioCreds } from '../lib/twilio-body';
import { campaignCsv, postImport } from './import';

export interface DrainOptions {
  campaign: number;
  limitPerS: number;
  ingestRate: number;
  ingestS: number;
  drainTimeoutMs: number;
  log: (s: string) => void;
}

const CAMPAIGN_PREFIX = '70'; // 070…: a Japanese mobile range (040 is not one)
const STRANGER_PREFIX = '50';

export async function runDrain(app: Child, fake: FakeTwilio, creds: TwilioCreds, o: DrainOptions) {
  const throttleConfig = (app.info.throttleConfig as string[] | undefined) ?? [];
  let stranger = 0;
  const ingest = async (): Promise<OpenLoopResult> => {
    const n = Math.round(o.ingestRate * o.ingestS);
    const phones = Array.from({ length: n }, () => jpPhone(stranger++, STRANGER_PREFIX).e164);
    const signer = makeSigner(creds, phones, ['こんにちは', '確認します']);
    return openLoop({
      origin: app.origin,
      rate: o.ingestRate,
      durationS: o.ingestS,
      build: (i) => {
        const r = signer.next(i, phones[i]!);
        return { path: INBOUND_PATH, body: r.body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': r.signature } };
      },
    });
  };
  // Warm-up (connections, JIT), then idle.
  const warm = makeSigner(creds, [jpPhone(900_000, STRANGER_PREFIX).e164], ['こんにちは']);
  await openLoop({
    origin: app.origin,
    rate: 50,
    durationS: 1,
    build: (i) => {
      const r = warm.next(i);
      return { path: INBOUND_PATH, body: r.body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': r.signature } };
    },
  });
  const idle = await ingest();
  o.log(`drain: webhooks idle at ${o.ingestRate}/s: p50 ${idle.p50Ms} p99 ${idle.p99Ms} ms (${idle.ok}/${idle.sent} ok)`);

  const phones = new Set(Array.from({ length: o.campaign }, (_, i) => jpPhone(i, CAMPAIGN_PREFIX).e164));
  const mark = fake.received.length;
  const sends = () => fake.received.slice(mark).filter((r) => r.sid && r.to && phones.has(r.to));
  const t = Date.now();
  const summary = await postImport(app.origin, campaignCsv(o.campaign, { prefix: CAMPAIGN_PREFIX, dueDate: '2026-11-19', badEvery: 0 }));
  const importS = (Date.now() - t) / 1000;
  const ingestT0 = Date.now();
  const loaded = await ingest();
  const ingestT1 = Date.now();
  const end = Date.now() + o.drainTimeoutMs;
  while (sends().length < (summary.created ?? 0) && Date.now() < end) await sleep(200);
  const got = sends();
  const times = got.map((r) => r.at.getTime()).sort((a, b) => a - b);
  const first = times[0] ?? NaN;
  const last = times[times.length - 1] ?? NaN;
  const overall = times.length > 1 ? (times.length - 1) / ((last - first) / 1000) : NaN;
  const during = times.filter((x) => x >= ingestT0 && x <= ingestT1).length / ((ingestT1 - ingestT0) / 1000);
  // Largest count in a sliding one-second window: a burst above the limit shows here.
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  const res = {
    campaign: o.campaign,
    created: summary.created,
    importSeconds: round(importS, 2),
    limitPerS: o.limitPerS,
    env: app.info.env ?? {},
    throttle: throttleConfig.length ? `configured (${throttleConfig.join(', ')})` : 'no throttle: this build has no per-sender rate setting, so the rate below is how fast the sender goes unthrottled',
    sent: got.length,
    drainedAll: got.length >= (summary.created ?? 0),
    achievedPerS: round(overall, 1),
    achievedDuringWebhooksPerS: round(during, 1),
    peakInOneSecond: peak,
    ingest: { idle: pick(idle), underDrain: pick(loaded) },
    ratios: {
      'achieved / limit': round(overall / o.limitPerS, 3),
      'achieved during webhooks / limit': round(during / o.limitPerS, 3),
      'webhook p99 under drain / idle': round(loaded.p99Ms / Math.max(0.1, idle.p99Ms), 2),
    },
    target: { 'achieved within ±2 % of the limit': Math.abs(overall / o.limitPerS - 1) <= 0.02, 'webhook p99 under drain / idle < 2': loaded.p99Ms / Math.max(0.1, idle.p99Ms) < 2 },
  };
  o.log(`drain: ${res.throttle}; ${got.length}/${summary.created} first reminders at the fake, ${res.achievedPerS}/s overall (${res.achievedDuringWebhooksPerS}/s during webhooks, peak ${peak} in one second) vs limit ${o.limitPerS}/s; webhook p99 ${loaded.p99Ms} ms under drain vs ${idle.p99Ms} ms idle`);
  return res;
}

const pick = (r: OpenLoopResult) => ({ sent: r.sent, ok: r.ok, p50Ms: r.p50Ms, p99Ms: r.p99Ms, maxMs: r.maxMs, achievedRps: r.achievedRps });
