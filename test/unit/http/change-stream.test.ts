import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../../../src/http/app';
import { changeStream } from '../../../src/http/ui/change-stream';
import type { Services } from '../../../src/services';

/** An app with one change stream over `fingerprint`, polling every 5 ms. */
function appWith(fingerprint: () => Promise<string>, stopping?: AbortSignal) {
  const log = { warn: vi.fn() };
  const services = { log, ...(stopping ? { stopping } : {}) } as unknown as Services;
  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('services', services);
      await next();
    })
    .get('/events', (c) => changeStream(c, fingerprint, { pollMs: 5 }));
  return { app, log };
}

/** Reads the stream to its end (bounded), returning what it said. */
async function readAll(res: Response, ms = 5_000): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let out = '';
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await Promise.race([reader.read(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`stream still open after ${ms} ms`)), Math.max(0, deadline - Date.now())))]);
    if (r.done) return out;
    out += dec.decode(r.value);
  }
}

const until = async (ok: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('UI change streams', () => {
  it('a HEAD gets the headers only and starts no stream (its body would be dropped unread and poll on)', async () => {
    const fingerprint = vi.fn(async () => 'x');
    const { app } = appWith(fingerprint);
    const res = await app.request('/events', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await new Promise((r) => setTimeout(r, 50));
    expect(fingerprint).not.toHaveBeenCalled();
  });

  it('ends when the services begin to stop, and polls no more', async () => {
    const stopping = new AbortController();
    let n = 0;
    const { app, log } = appWith(async () => String(++n > 3 ? 3 : n), stopping.signal);
    const reading = readAll(await app.request('/events'));
    await until(() => n >= 5);
    stopping.abort();
    const said = await reading;
    expect(said).toContain('event: ready');
    expect(said).toContain('event: change');
    const after = n;
    await new Promise((r) => setTimeout(r, 50));
    expect(n).toBe(after);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('a failed poll ends the stream with one warning, never a console error', async () => {
    const err = vi.spyOn(console, 'error');
    let n = 0;
    const { app, log } = appWith(async () => {
      if (++n > 2) throw new Error('write CONNECTION_ENDED');
      return 'a';
    });
    const said = await readAll(await app.request('/events'));
    expect(said).toContain('event: ready');
    expect(said).not.toContain('CONNECTION_ENDED');
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(err).not.toHaveBeenCalled();
    err.mockRestore();
  });

  it('a stream begun after the stop ends at once', async () => {
    const stopping = new AbortController();
    stopping.abort();
    const { app } = appWith(async () => 'a', stopping.signal);
    expect(await readAll(await app.request('/events'))).toContain('event: ready');
  });
});
