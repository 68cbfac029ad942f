import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../app';

const SSE_POLL_MS = 1000;
const SSE_MAX_MS = 10 * 60_000;

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Server-sent "change" events whenever `fingerprint` changes; polls the database (api processes
 * scale out). The stream ends when the browser goes, after SSE_MAX_MS (the browser reconnects), when
 * the process begins to shut down (`services.stopping`: else the server's close waits for it and its
 * next poll meets a closed pool), or when a poll fails (logged once; the browser reconnects). A HEAD
 * gets the headers only: its body is dropped unread, so a stream started for it would poll, unseen,
 * for SSE_MAX_MS.
 */
export function changeStream(c: Context<AppEnv>, fingerprint: () => Promise<string>, o: { pollMs?: number; maxMs?: number } = {}) {
  if (c.req.raw.method === 'HEAD') return c.body(null, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  const { log, stopping } = c.get('services');
  return streamSSE(c, async (stream) => {
    const over = new AbortController();
    const end = () => over.abort();
    stream.onAbort(end);
    stopping?.addEventListener('abort', end, { once: true });
    if (stopping?.aborted) end();
    // Elapsed time of this stream (a timer, monotonic), not the business clock.
    const limit = setTimeout(end, o.maxMs ?? SSE_MAX_MS);
    try {
      let last = await fingerprint();
      await stream.writeSSE({ event: 'ready', data: '' });
      while (!over.signal.aborted) {
        await sleep(o.pollMs ?? SSE_POLL_MS, over.signal);
        if (over.signal.aborted) break;
        const now = await fingerprint();
        if (now !== last) {
          last = now;
          await stream.writeSSE({ event: 'change', data: now });
        }
      }
    } catch (e) {
      // A poll cut short by the shutdown is no failure; any other ends this stream (the browser reconnects).
      if (!over.signal.aborted) log.warn({ err: e }, 'a UI change stream failed; it ends and the browser reconnects');
    } finally {
      clearTimeout(limit);
      stopping?.removeEventListener('abort', end);
    }
  });
}
