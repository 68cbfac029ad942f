import { appendFileSync } from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/**
 * A latency trace of the reply path for the bench (issue #12): with SAISOKU_TRACE=<file>, each
 * stage appends one JSON line (wall-clock ms, ids only — no bodies, no phones), flushed every
 * 250 ms; the event loop's delay and the GC pauses are summed up each second. Off (a no-op) otherwise.
 */
const file = process.env.SAISOKU_TRACE;
const lines: string[] = [];
export const tracing = !!file;

/** Wall-clock ms for the trace alone (monotonic from the process's start; business time reads shared/clock.ts). */
export const traceNow = (): number => performance.timeOrigin + performance.now();

export function trace(ev: string, data: Record<string, unknown>): void {
  if (!file) return;
  lines.push(JSON.stringify({ ev, t: traceNow(), ...data }));
}

if (file) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const flush = () => {
    if (lines.length) appendFileSync(file, lines.splice(0).join('\n') + '\n');
  };
  let gcMs = 0;
  let gcMax = 0;
  /** Of which full (mark-sweep-compact) collections: their ms and count (the kind is perf_hooks' NODE_PERFORMANCE_GC_MAJOR). */
  let gcMajorMs = 0;
  let gcMajor = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcMax = Math.max(gcMax, e.duration);
      if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gcMajorMs += e.duration;
        gcMajor++;
      }
    }
  }).observe({ entryTypes: ['gc'] });
  /** The event loop's utilization over each second (the share of it the thread ran callbacks: busy, not idle in epoll). */
  const perf = performance as Performance & { eventLoopUtilization?: (a?: unknown, b?: unknown) => { utilization: number } };
  let elu = perf.eventLoopUtilization?.();
  setInterval(() => {
    const now = perf.eventLoopUtilization?.();
    const busy = now && elu ? perf.eventLoopUtilization!(now, elu).utilization : undefined;
    elu = now;
    trace('eld', { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, gcMs, gcMax, gcMajorMs, gcMajor, busy });
    h.reset();
    gcMs = 0;
    gcMax = 0;
    gcMajorMs = 0;
    gcMajor = 0;
  }, 1000).unref();
  setInterval(flush, 250).unref();
  process.on('exit', flush);
}
