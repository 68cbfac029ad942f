// The bench's open-loop generator over undici's dispatcher (decision 0164): what it counts must be what the server answered.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoop } from '../../../bench/lib/loadgen';

let server: Server;
let origin: string;
const seen: Array<{ path: string; body: string; sig: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ path: req.url!, body, sig: req.headers['x-sig'] as string | undefined });
      const i = Number(req.url!.slice(1));
      if (i % 3 === 0) {
        res.writeHead(503, { 'content-type': 'text/plain' });
        return res.end('busy');
      }
      // A chunked answer of several writes for some, a plain one for the others: both must be drained.
      res.writeHead(200, { 'content-type': 'text/xml' });
      if (i % 2) {
        res.write('<Response>');
        setTimeout(() => res.end('x'.repeat(20_000) + '</Response>'), 5);
      } else res.end('<Response/>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('openLoop', () => {
  it('sends every built request once, with its body and headers, and counts answers by status', async () => {
    seen.length = 0;
    const n = 60;
    const build = (i: number) => ({ path: `/${i}`, body: `n=${i}&t=払いました`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-sig': `s${i}` } });
    const sentAt: number[] = [];
    const r = await openLoop({ origin, rate: 200, durationS: n / 200, build, onSend: (i) => sentAt.push(i) });
    expect(r.sent).toBe(n);
    expect(sentAt).toEqual(Array.from({ length: n }, (_, i) => i));
    const failed = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === 0).length;
    expect(r.errors).toBe(failed);
    expect(r.ok).toBe(n - failed);
    expect(r.statuses).toEqual({ 200: n - failed, 503: failed });
    expect(r.shed).toBe(0);
    expect(seen.map((s) => s.path).sort()).toEqual(Array.from({ length: n }, (_, i) => `/${i}`).sort());
    const s7 = seen.find((s) => s.path === '/7')!;
    expect(s7.body).toBe('n=7&t=払いました');
    expect(s7.sig).toBe('s7');
    // Latency starts at the schedule: the chunked answers (5 ms before their end) are never under 5 ms.
    expect(r.p99Ms).toBeGreaterThanOrEqual(5);
    expect(r.sendLagP50Ms).toBeGreaterThanOrEqual(0);
  });

  it('pauses the timetable at pauseAt for pauseMs, the later sends scheduled that much later (decision 0167)', async () => {
    const sched: number[] = [];
    const r = await openLoop({ origin, rate: 100, durationS: 0.1, pauseAt: 5, pauseMs: 300, build: (i) => ({ path: `/${i + 1}`, body: 'x', headers: {} }), onSend: (_, t) => sched.push(t) });
    expect(r.sent).toBe(10);
    const gaps = sched.slice(1).map((t, i) => t - sched[i]!);
    expect(gaps[3]).toBeCloseTo(10, 3);
    expect(gaps[4]).toBeCloseTo(310, 3);
    expect(gaps[5]).toBeCloseTo(10, 3);
  });

  it('counts a refused connection as an error, not as an answer', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    const r = await openLoop({ origin: `http://127.0.0.1:${port}`, rate: 100, durationS: 0.1, build: (i) => ({ path: `/${i}`, body: 'x', headers: {} }), drainTimeoutMs: 5_000 });
    expect(r.sent).toBe(10);
    expect(r.ok).toBe(0);
    expect(r.errors).toBe(10);
    expect(Object.keys(r.statuses).every((k) => k.startsWith('err:'))).toBe(true);
  });
});
