/**
 * Open-loop load generator: requests leave on a fixed timetable whatever the server does (providers
 * do not wait for us), and each latency is measured from the request's SCHEDULED time (t0), so a
 * slow server cannot slow the generator down and hide its own queueing (no coordinated omission).
 * Keep-alive HTTP/1.1 connections over TCP through undici's Pool, driven by its dispatcher with a
 * callback handler (status + drained body; no response stream, no promise per request; decision 0164).
 * Every loop is bounded in count and time.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { percentile, round, sortNumbers } from './stats';

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

/** A request ready for the dispatcher: body as bytes, headers as a flat name/value list. */
interface PreparedReq {
  path: string;
  body: Buffer;
  headers: string[];
}

function prepareOne(r: Req): PreparedReq {
  const headers: string[] = [];
  for (const k in r.headers) headers.push(k, r.headers[k]!);
  return { path: r.path, body: Buffer.from(r.body, 'utf8'), headers };
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
  /** A pause in the timetable: requests from `pauseAt` on are scheduled `pauseMs` later (same pool, same connections). */
  pauseAt?: number;
  pauseMs?: number;
  connections?: number;
  drainTimeoutMs?: number;
}

export function createPool(origin: string, connections = 256) {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
}

/**
 * One request's callbacks on undici's dispatcher (its legacy handler interface, the one the Client
 * calls directly): the status from the head, the body's chunks dropped as they come, the latency at the end.
 */
class Shot {
  status = 0;
  constructor(
    readonly scheduled: number,
    readonly run: RunState,
  ) {}
  onConnect() {}
  onHeaders(statusCode: number): boolean {
    if (statusCode >= 200) this.status = statusCode;
    return true;
  }
  onData(): boolean {
    return true;
  }
  onComplete() {
    const done = performance.now();
    const r = this.run;
    const st = this.status;
    r.statuses[st] = (r.statuses[st] ?? 0) + 1;
    if (st < 300) {
      r.ok++;
      r.lat.push(done - this.scheduled);
    } else r.errors++;
    r.lastDone = done;
    r.settle();
  }
  onError(e: Error) {
    const r = this.run;
    r.errors++;
    const k = `err:${e?.name ?? 'error'}`;
    r.statuses[k] = (r.statuses[k] ?? 0) + 1;
    r.settle();
  }
}

class RunState {
  lat: number[] = [];
  statuses: Record<string, number> = {};
  ok = 0;
  errors = 0;
  inFlight = 0;
  lastDone = 0;
  onIdle: (() => void) | undefined;
  settle() {
    if (--this.inFlight === 0 && this.onIdle) this.onIdle();
  }
}

export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const n = Math.max(1, Math.round(o.rate * o.durationS));
  const reqs = Array.from({ length: n }, (_, i) => prepareOne(o.build(i)));
  const pool = createPool(o.origin, o.connections ?? 256);
  const maxInFlight = o.maxInFlight ?? 4000;
  const interval = 1000 / o.rate;
  const run = new RunState();
  const lag: number[] = [];
  let shed = 0;

  const fire = (i: number, scheduled: number) => {
    if (run.inFlight >= maxInFlight) {
      shed++;
      return;
    }
    run.inFlight++;
    lag.push(performance.now() - scheduled);
    o.onSend?.(i, performance.timeOrigin + scheduled);
    const r = reqs[i]!;
    const shot = new Shot(scheduled, run);
    try {
      pool.dispatch({ origin: o.origin, path: r.path, method: 'POST', headers: r.headers, body: r.body }, shot);
    } catch (e) {
      shot.onError(e as Error);
    }
  };

  // The timetable sleeps between sends and never spins: one timer wakes at (or just after) the next
  // scheduled time and sends every request due by then. A request therefore leaves 0–~1.5 ms late (the
  // timer's millisecond granularity plus the event loop's turn); its latency still starts at its
  // SCHEDULED time, so that lateness counts against the server, never for it. The lag is reported
  // (sendLag*). Before gen14 the wait ended in a setImmediate spin whenever the next send was < 1.5 ms
  // away: at 1,000/s a permanent busy loop, at 200/s ~1–1.5 ms of every 5 ms, on the same two cores
  // as the server it measured (decision 0161).
  const start = performance.now() + 5;
  const pauseAt = o.pauseAt ?? n;
  const pauseMs = o.pauseMs ?? 0;
  const at = (i: number) => start + i * interval + (i >= pauseAt ? pauseMs : 0);
  let next = 0;
  const hardEnd = start + o.durationS * 1000 + pauseMs + 5_000;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < n && at(next) <= now) {
        fire(next, at(next));
        next++;
      }
      if (next >= n || now >= hardEnd) return done();
      // A timer may wake up to ~1 ms before its time (libuv's millisecond clock): then it just sleeps again.
      setTimeout(tick, Math.min(50, Math.max(1, Math.ceil(at(next) - now))));
    };
    setTimeout(tick, Math.max(1, Math.ceil(start - performance.now())));
  });
  shed += n - next;
  if (run.inFlight > 0) {
    await new Promise<void>((done) => {
      const t = setTimeout(done, o.drainTimeoutMs ?? 20_000);
      run.onIdle = () => {
        clearTimeout(t);
        done();
      };
    });
  }
  const abandoned = run.inFlight;
  const errors = run.errors;
  const ok = run.ok;
  run.onIdle = undefined;
  await pool.destroy().catch(() => {}); // the abandoned ones fail here; they are counted once, above
  const s = sortNumbers(run.lat);
  const l = sortNumbers(lag);
  const elapsed = Math.max(run.lastDone - start - pauseMs, o.durationS * 1000) / 1000;
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
    statuses: run.statuses,
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
