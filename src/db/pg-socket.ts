import type { Socket } from 'node:net';

/**
 * postgres.js writes a statement of 1 KiB or more to its socket at once, one `write` syscall each
 * (smaller ones wait for a `setImmediate` and leave together). A drain round pipelines eight to ten
 * statements on its transaction's connection, most of them over 1 KiB (the jsonb recordsets, the
 * prebuilt selects' texts): one syscall each, and on a loopback or Unix socket the sender's syscall
 * also runs the receiving side of the kernel's stack. In round-cost's profile the driver's socket
 * writes were 12–13 % of the process's CPU.
 *
 * This corks the socket at the first write of a turn and uncorks it once the turn's microtasks are
 * done (`process.nextTick` queued from a microtask runs after the microtask queue drains): whatever
 * the driver wrote in that turn leaves in one `writev`. Nothing waits longer than the turn it was
 * written in, and the bytes and their order are the driver's (a stream's cork only buffers). The
 * driver's backpressure is unchanged: `write` still returns false over the high-water mark, and
 * 'drain' follows the flush.
 */
export function corkPerTurn(socket: Socket): Socket {
  const write = socket.write;
  const uncork = () => socket.uncork();
  socket.write = function (this: Socket, ...a: Parameters<Socket['write']>) {
    if (!this.writableCorked) {
      this.cork();
      process.nextTick(uncork);
    }
    return write.apply(this, a);
  } as Socket['write'];
  return socket;
}

/** What postgres.js hands its `socket` option: its parsed options (one host here: `openPostgres` takes one URL). */
interface DriverTarget {
  host: string[];
  port: number[];
  path?: string | false;
}

/**
 * The driver's own socket (`new net.Socket()`, then `connect`), with its writes corked per turn.
 * Given through the `socket` option the driver does not connect it: it is connected here and the
 * driver writes its startup message at once (a connecting socket queues writes until it is up;
 * the driver's connect timeout and its error and close handlers are the same as for its own socket).
 */
export async function pgSocketFactory(): Promise<(o: DriverTarget) => Socket> {
  const net = await import('node:net');
  return (o) => {
    const s = new net.Socket();
    if (o.path) s.connect(o.path);
    else s.connect(o.port[0]!, o.host[0]!);
    // After connect(): it puts the prototype's `write` back on the socket.
    corkPerTurn(s);
    // The driver names the server by these (its TLS servername, its error messages).
    Object.assign(s, { host: o.host[0], port: o.port[0] });
    return s;
  };
}
