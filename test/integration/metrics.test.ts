import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressions } from '../../db/schema';
import { debtPayload, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/** Parses Prometheus text exposition into name{labels} → value. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

describe('/metrics: Prometheus scrape over HTTP', () => {
  let h: Harness;
  let server: ReturnType<typeof serve>;
  let base: string;
  const phone = '+819012345678';
  beforeAll(async () => {
    process.env.METRICS_TOKEN = 'metrics-token-0123456789';
    h = await startHarness();
    server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await h.api('POST', '/api/debts', debtPayload({ ref: 'metrics', dueDate: '2026-11-21' }))).status).toBe(201);
    await h.waitFor(async () => h.fake!.received.find((r) => r.to === phone));
    const r = await h.twilioPost('/webhooks/twilio/inbound', { MessageSid: 'SM' + '7'.repeat(32), AccountSid: h.fake!.accountSid, From: phone, To: TWILIO_FROM, Body: '25日に払います', NumMedia: '0' });
    expect(r.status).toBe(200);
    // A number that opted out earlier: the gate refuses its first reminder.
    await h.services.db.insert(suppressions).values({ phone: '+819087654321', reason: 'stop' });
    expect((await h.api('POST', '/api/debts', debtPayload({ ref: 'metrics-stop', phone: '090-8765-4321' }))).status).toBe(201);
  });
  afterAll(async () => {
    delete process.env.METRICS_TOKEN;
    await new Promise((r) => server?.close(r));
    await h?.close();
  });

  it('needs the token, then exposes webhook latency, queue depth, sends by status and route, gate decisions, classifier tiers and (empty) dead letters', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-000000000' } })).status).toBe(401);
    await h.waitFor(async () => {
      const res = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      const m = parse(await res.text());
      const sent = (m.get('saisoku_outbound_messages{status="sent",provider="twilio",channel="sms"}') ?? 0) + (m.get('saisoku_outbound_messages{status="delivered",provider="twilio",channel="sms"}') ?? 0);
      // The fake has the first reminder before the sender has recorded its answer: wait for the record too.
      return (m.get('saisoku_classified_messages{tier="rules"}') ?? 0) >= 1 && m.get('saisoku_gate_decisions{decision="refused",reason="opted_out"}') === 1 && sent >= 1 ? m : null;
    });
    const res = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    // No send has failed for good: the series is declared and empty.
    expect(text).toContain('# TYPE saisoku_dead_letters gauge');
    expect([...parse(text).keys()].some((k) => k.startsWith('saisoku_dead_letters{'))).toBe(false);
    const m = parse(text);
    expect(m.get('saisoku_webhook_duration_seconds_count{route="/webhooks/twilio/inbound",status="200"}')).toBe(1);
    expect((m.get('saisoku_outbound_messages{status="sent",provider="twilio",channel="sms"}') ?? 0) + (m.get('saisoku_outbound_messages{status="delivered",provider="twilio",channel="sms"}') ?? 0)).toBeGreaterThanOrEqual(1);
    expect([...m.keys()].some((k) => k.startsWith('saisoku_queue_depth{queue="timer"'))).toBe(true);
    expect(m.get('saisoku_classified_messages{tier="rules"}')).toBe(1);
    expect(m.has('saisoku_process_cpu_user_seconds_total')).toBe(true);
    // The same scrape twice gives the same database figures (gauges are reset, not accumulated).
    const again = parse(await (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } })).text());
    expect(again.get('saisoku_classified_messages{tier="rules"}')).toBe(1);
  });

  it('is off (404) when no token is configured', async () => {
    const saved = process.env.METRICS_TOKEN;
    delete process.env.METRICS_TOKEN;
    try {
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
    } finally {
      process.env.METRICS_TOKEN = saved;
    }
  });
});
