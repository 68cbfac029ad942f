import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pgSocketFactory } from '../../../src/db/pg-socket';

/** A local TCP server that keeps every byte it is sent. */
async function sink(): Promise<{ server: Server; port: number; received: () => Buffer }> {
  const chunks: Buffer[] = [];
  const server = createServer((s) => s.on('data', (c: Buffer) => chunks.push(c)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, received: () => Buffer.concat(chunks) };
}

/** Counts the socket's flushes: `_write` for one buffer, `_writev` for several. */
function flushes(s: Socket): { single: number; vectored: number; sizes: number[] } {
  const n = { single: 0, vectored: 0, sizes: [] as number[] };
  const proto = s as unknown as { _write: (...a: unknown[]) => void; _writev: (chunks: Array<{ chunk: Buffer }>, cb: unknown) => void };
  const w = proto._write.bind(s);
  const wv = proto._writev.bind(s);
  proto._write = (...a) => (n.single++, n.sizes.push((a[0] as Buffer).length), w(...a));
  proto._writev = (chunks, cb) => (n.vectored++, n.sizes.push(chunks.reduce((t, c) => t + c.chunk.length, 0)), wv(chunks, cb));
  return n;
}

const turn = () => new Promise((r) => setImmediate(r));

describe('the Postgres socket corks its writes per turn (db/pg-socket.ts)', () => {
  const open: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    for (const o of open.splice(0)) o.close();
  });

  it('sends what one turn wrote (microtasks included) in one flush, in order, and a later turn in another', async () => {
    const { server, port, received } = await sink();
    open.push(server);
    const s = (await pgSocketFactory())({ host: ['127.0.0.1'], port: [port] });
    open.push({ close: () => s.destroy() });
    await new Promise((r) => s.once('connect', r));
    const n = flushes(s);
    const big = (c: string) => Buffer.alloc(1500, c);
    s.write(big('a'));
    s.write(big('b'));
    await Promise.resolve();
    s.write(big('c'));
    await turn();
    expect(n).toEqual({ single: 0, vectored: 1, sizes: [4500] });
    s.write(big('d'));
    await turn();
    expect(n.single).toBe(1);
    expect(n.vectored).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(received().toString()).toBe('a'.repeat(1500) + 'b'.repeat(1500) + 'c'.repeat(1500) + 'd'.repeat(1500));
  });

  it('queues what is written while it connects, and names the server as the driver does', async () => {
    const { server, port, received } = await sink();
    open.push(server);
    const s = (await pgSocketFactory())({ host: ['127.0.0.1'], port: [port] });
    open.push({ close: () => s.destroy() });
    expect((s as unknown as { host: string; port: number }).host).toBe('127.0.0.1');
    expect((s as unknown as { host: string; port: number }).port).toBe(port);
    s.write(Buffer.from('startup'));
    await new Promise((r) => setTimeout(r, 100));
    expect(received().toString()).toBe('startup');
  });

  it('reports a refused connection as an error event after the caller has listened (the driver attaches its handlers after the factory returns)', async () => {
    const { server, port } = await sink();
    await new Promise((r) => server.close(r));
    const s = (await pgSocketFactory())({ host: ['127.0.0.1'], port: [port] });
    await Promise.resolve();
    const err = await new Promise<NodeJS.ErrnoException>((r) => s.once('error', r));
    expect(err.code).toBe('ECONNREFUSED');
  });
});
