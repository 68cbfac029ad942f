/**
 * keepAliveFetch against a loopback server that closes kept-alive sockets: a socket the peer has
 * closed while it sat idle in the pool is found dead only when the next request is written on it
 * (ECONNRESET before any byte of the answer). The server here does exactly that, deterministically:
 * a request arriving on a connection that already served one is answered by a reset.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAliveFetch } from '../../../src/channels/keep-alive-fetch.js';

type Behaviour = (nth: number, req: IncomingMessage, res: ServerResponse) => void;

async function server(behaviour: Behaviour) {
  const served = new WeakMap<Socket, number>();
  const seen = { requests: 0, connections: 0, bodies: [] as string[] };
  const s = createServer((req, res) => {
    seen.requests++;
    const nth = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, nth);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.bodies.push(body);
      behaviour(nth, req, res);
    });
  });
  s.keepAliveTimeout = 60_000;
  s.on('connection', () => seen.connections++);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const close = () => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())));
  servers.push(close);
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/send`, seen };
}

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((c) => c()));
});

const ok = (res: ServerResponse) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"sid":"SM1"}');
/** The peer closed this kept-alive socket: a reset, no answer. */
const reset = (req: IncomingMessage) => req.socket.resetAndDestroy();
/** The kept-alive socket sits idle in the pool for a moment (where the peer's close races the next request). */
const idle = () => new Promise((r) => setTimeout(r, 20));
const post = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('keepAliveFetch and sockets the peer closed', () => {
  it('retries once on a fresh socket when a reused keep-alive socket is reset before any byte of the answer', async () => {
    const { url, seen } = await server((nth, req, res) => (nth === 1 ? ok(res) : reset(req)));
    const f = keepAliveFetch();
    const first = await f(url, post('To=%2B81&Body=one'));
    expect(first.status).toBe(201);
    await idle();
    const second = await f(url, post('To=%2B81&Body=two'));
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual({ sid: 'SM1' });
    // The reset one (the kept-alive socket) and its retry on a new connection.
    expect(seen.connections).toBe(2);
    expect(seen.bodies).toEqual(['To=%2B81&Body=one', 'To=%2B81&Body=two', 'To=%2B81&Body=two']);
  });

  it('does not retry a reset on a fresh socket', async () => {
    const { url, seen } = await server((_nth, req) => reset(req));
    await expect(keepAliveFetch()(url, post('Body=x'))).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(seen.requests).toBe(1);
  });

  it('retries only once: a retry that is reset too fails', async () => {
    // Every request is reset except the very first: the kept-alive socket's next request and its retry.
    let first = true;
    const { url, seen } = await server((_nth, req, res) => (first ? ((first = false), ok(res)) : reset(req)));
    const f = keepAliveFetch();
    expect((await f(url, post('Body=a'))).status).toBe(201);
    await idle();
    await expect(f(url, post('Body=b'))).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(seen.requests).toBe(3);
  });

  it('does not retry when the answer had begun (the provider took the request)', async () => {
    const { url, seen } = await server((nth, req, res) => {
      if (nth === 1) return ok(res);
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"sid":', () => req.socket.resetAndDestroy());
    });
    const f = keepAliveFetch();
    expect((await f(url, post('Body=a'))).status).toBe(201);
    await idle();
    await expect(f(url, post('Body=b'))).rejects.toThrow();
    expect(seen.requests).toBe(2);
  });
});

describe('keepAliveFetch and its signal', () => {
  it('rejects with the signal\'s reason when the answer does not come in time, and the next call is answered', async () => {
    let calls = 0;
    const { url, seen } = await server((_nth, _req, res) => (++calls === 1 ? setTimeout(() => ok(res), 2_000).unref() : ok(res)));
    const f = keepAliveFetch();
    const t0 = Date.now();
    await expect(f(url, { ...post('Body=slow'), signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect((await f(url, post('Body=next'))).status).toBe(201);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(seen.bodies).toEqual(['Body=slow', 'Body=next']);
  });

  it('rejects at once, sending nothing, with a signal already aborted', async () => {
    const { url, seen } = await server((_nth, _req, res) => ok(res));
    const c = new AbortController();
    c.abort(new Error('gone'));
    await expect(keepAliveFetch()(url, { ...post('Body=x'), signal: c.signal })).rejects.toThrow('gone');
    expect(seen.requests).toBe(0);
  });
});

describe('keepAliveFetch: what reaches the server from the URL', () => {
  it('sends the path with its query, the host with its port and the URL credentials as basic auth; each URL its own', async () => {
    const got: Array<{ url?: string; host?: string; authorization?: string }> = [];
    const { url } = await server((_nth, req, res) => {
      got.push({ url: req.url, host: req.headers.host, authorization: req.headers.authorization });
      ok(res);
    });
    const u = new URL(url);
    const f = keepAliveFetch();
    const withQuery = `${u.origin}/2010-04-01/Accounts/AC%201/Messages.json?PageSize=100&To=%2B81`;
    const withAuth = `http://us%40er:p%3Ass@${u.host}/other`;
    // The same URL twice (its parse is kept), then two others: each request goes where its own URL says.
    for (const target of [withQuery, withQuery, withAuth, url]) {
      expect((await f(target, post('Body=x'))).status).toBe(201);
      await idle();
    }
    expect(got).toEqual([
      { url: '/2010-04-01/Accounts/AC%201/Messages.json?PageSize=100&To=%2B81', host: u.host, authorization: undefined },
      { url: '/2010-04-01/Accounts/AC%201/Messages.json?PageSize=100&To=%2B81', host: u.host, authorization: undefined },
      { url: '/other', host: u.host, authorization: `Basic ${Buffer.from('us@er:p:ss').toString('base64')}` },
      { url: '/send', host: u.host, authorization: undefined },
    ]);
  });
});
