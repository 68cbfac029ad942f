/**
 * Open-loop load generator: requests leave on a fixed timetable whatever the server does (providers
 * do not wait for us), and each latency is measured from the request's SCHEDULED time (t0), so a
 * slow server cannot slow the generator down and hide its own queueing (no coordinated omission).
 * Keep-alive connections through undici's Pool. Every loop is bounded in count and time.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { percentile, round, sortNumbers, sleep } from './stats';

export interface Req {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface OpenLoopResult {
  rate: number;
  durationS: number;
  sent: number;
  ok: number;
  errors: number;
  /** Never left: the in-flight cap was reached (the server is hopelessly behind). */
  shed: number;
  /** ok responses per second over [first scheduled send, last response]. */
  achievedRps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * How late the generator itself sent each request after its scheduled time (should stay near 0; otherwise
   * the generator is the bottleneck). The latencies above already include it (they start at the schedule).
   */
  sendLagP50Ms: number;
  sendLagP99Ms: number;
  sendLagMaxMs: number;
  statuses: Record<string, number>;
}

export interface OpenLoopOptions {
  origin: string;
  rate: number;
  durationS: number;
  /** Builds request i before the run starts (signing is not timed). */
  build: (i: number) => Req;
  /** Called with the scheduled wall-clock time (ms) of request i when it leaves. */
  onSend?: (i: number, t0WallMs: number) => void;
  maxInFlight?: number;
  connections?: number;
  drainTimeoutMs?: number;
}

export function createPool(origin: string, connections = 256) {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
}

export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const n = Math.max(1, Math.round(o.rate * o.durationS));
  const reqs = Array.from({ length: n }, (_, i) => o.build(i));
  const pool = createPool(o.origin, o.connections ?? 256);
  const maxInFlight = o.maxInFlight ?? 4000;
  const interval = 1000 / o.rate;
  const lat: number[] = [];
  const lag: number[] = [];
  const statuses: Record<string, number> = {};
  let inFlight = 0;
  let ok = 0;
  let errors = 0;
  let shed = 0;
  let lastDone = 0;
  const pending = new Set<Promise<void>>();

  const fire = (i: number, scheduled: number) => {
    if (inFlight >= maxInFlight) {
      shed++;
      return;
    }
    inFlight++;
    lag.push(performance.now() - scheduled);
    o.onSend?.(i, performance.timeOrigin + scheduled);
    const r = reqs[i]!;
    const p = pool
      .request({ path: r.path, method: 'POST', headers: r.headers, body: r.body })
      .then(async (res) => {
        await res.body.dump();
        const done = performance.now();
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode < 300) {
          ok++;
          lat.push(done - scheduled);
        } else errors++;
        lastDone = done;
      })
      .catch((e: unknown) => {
        errors++;
        const k = `err:${(e as Error)?.name ?? 'error'}`;
        statuses[k] = (statuses[k] ?? 0) + 1;
      })
      .finally(() => {
        inFlight--;
        pending.delete(p);
      });
    pending.add(p);
  };

  // The timetable sleeps between sends and never spins: one timer wakes at (or just after) the next
  // scheduled time and sends every request due by then. A request therefore leaves 0–~1.5 ms late (the
  // timer's millisecond granularity plus the event loop's turn); its latency still starts at its
  // SCHEDULED time, so that lateness counts against the server, never for it. The lag is reported
  // (sendLag*). Before gen14 the wait ended in a setImmediate spin whenever the next send was < 1.5 ms
  // away: at 1,000/s a permanent busy loop, at 200/s ~1–1.5 ms of every 5 ms, on the same two cores
  // as the server it measured (decision 0161).
  const start = performance.now() + 5;
  let next = 0;
  const hardEnd = start + o.durationS * 1000 + 5_000;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < n && start + next * interval <= now) {
        fire(next, start + next * interval);
        next++;
      }
      if (next >= n || now >= hardEnd) return done();
      // A timer may wake up to ~1 ms before its time (libuv's millisecond clock): then it just sleeps again.
      setTimeout(tick, Math.min(50, Math.max(1, Math.ceil(start + next * interval - now))));
    };
    setTimeout(tick, Math.max(1, Math.ceil(start - performance.now())));
  });
  shed += n - next;
  const drainEnd = performance.now() + (o.drainTimeoutMs ?? 20_000);
  while (pending.size && performance.now() < drainEnd) await Promise.race([sleep(50), ...[...pending].slice(0, 1)]);
  const abandoned = pending.size;
  await pool.destroy().catch(() => {});
  const s = sortNumbers(lat);
  const l = sortNumbers(lag);
  const elapsed = Math.max(lastDone - start, o.durationS * 1000) / 1000;
  return {
    rate: o.rate,
    durationS: o.durationS,
    sent: next,
    ok,
    errors: errors + abandoned,
    shed,
    achievedRps: round(ok / elapsed, 1),
    p50Ms: round(percentile(s, 50)),
    p90Ms: round(percentile(s, 90)),
    p99Ms: round(percentile(s, 99)),
    maxMs: round(s.length ? s[s.length - 1]! : NaN),
    sendLagP50Ms: round(percentile(l, 50)),
    sendLagP99Ms: round(percentile(l, 99)),
    sendLagMaxMs: round(l.length ? l[l.length - 1]! : NaN),
    statuses,
  };
}

/** Closed-loop capacity probe: `concurrency` clients, each sends its next request when the last returns. */
export async function closedLoop(o: { origin: string; concurrency: number; durationS: number; build: (i: number) => Req; maxRequests?: number }) {
  const pool = createPool(o.origin, o.concurrency);
  let i = 0;
  let ok = 0;
  let errors = 0;
  const max = o.maxRequests ?? 2_000_000;
  const t0 = performance.now();
  const end = t0 + o.durationS * 1000;
  const client = async () => {
    while (performance.now() < end && i < max) {
      const r = o.build(i++);
      try {
        const res = await pool.request({ path: r.path, method: 'POST', headers: r.headers, body: r.body });
        await res.body.dump();
        if (res.statusCode < 300) ok++;
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, client));
  const elapsed = (performance.now() - t0) / 1000;
  await pool.destroy().catch(() => {});
  return { rps: round(ok / elapsed, 1), ok, errors };
}
