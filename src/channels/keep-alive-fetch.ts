/**
 * Node only (the one file here that is: bootstrap and the bench import it, the edge build never
 * does). A `fetch` for provider calls over `node:http(s)` with a keep-alive agent: the send stage's
 * provider call through undici's WHATWG `fetch` (Request/Headers objects, body streams, its own
 * dispatcher) cost about as much main-thread time as the webhook under load (docs/benchmarks.md).
 * It takes what the adapters send — a string or URL, a method, a plain header record, a string body,
 * a signal — and answers a real `Response`; anything else goes to the global `fetch` unchanged.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Statuses whose `Response` may not have a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export interface KeepAliveFetchOptions {
  /** Sockets per origin (the sender runs 16 provider calls at once per delivery). */
  maxSockets?: number;
}

export function keepAliveFetch(o: KeepAliveFetchOptions = {}): typeof fetch {
  const agentOpts = { keepAlive: true, maxSockets: o.maxSockets ?? 64, maxFreeSockets: o.maxSockets ?? 64, scheduling: 'lifo' as const };
  const http = new HttpAgent(agentOpts);
  const https = new HttpsAgent(agentOpts);
  const fallback = globalThis.fetch.bind(globalThis);

  return (input, init) => {
    const body = init?.body;
    const headers = init?.headers;
    const plainHeaders = headers === undefined || (typeof headers === 'object' && !Array.isArray(headers) && !(headers instanceof Headers));
    if (!(typeof input === 'string' || input instanceof URL) || !(body === undefined || body === null || typeof body === 'string') || !plainHeaders) return fallback(input, init);
    const url = typeof input === 'string' ? new URL(input) : input;
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return fallback(input, init);
    const signal = init?.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const h: Record<string, string> = { ...(headers as Record<string, string> | undefined) };
      if (typeof body === 'string') h['content-length'] = String(Buffer.byteLength(body));
      const req = (secure ? httpsRequest : httpRequest)(url, { method: init?.method ?? 'GET', headers: h, agent: secure ? https : http });
      let answer: IncomingMessage | undefined;
      const onAbort = () => {
        const reason = signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason));
        answer?.destroy(reason);
        req.destroy(reason);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      req.on('error', (e) => {
        done();
        reject(signal?.aborted ? signal.reason : e);
      });
      req.on('response', (res: IncomingMessage) => {
        answer = res;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        // Cut off before its end (the server closed the socket): no answer to read.
        res.on('close', () => {
          done();
          if (!res.complete) reject(signal?.aborted ? signal.reason : new Error('the connection closed before the answer ended'));
        });
        res.on('error', (e) => {
          done();
          reject(signal?.aborted ? signal.reason : e);
        });
        res.on('end', () => {
          done();
          const status = res.statusCode ?? 0;
          const out: Array<[string, string]> = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) out.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          try {
            resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: out }));
          } catch (e) {
            reject(e);
          }
        });
      });
      req.end(body ?? undefined);
    });
  };
}
