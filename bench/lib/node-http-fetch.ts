/**
 * Bench only: the provider `fetch` over node:http with a keep-alive agent, as src/channels/keep-alive-fetch.ts was
 * before decision 0162 moved it to undici's dispatcher; kept so bench/provider-call.ts measures the two side by side.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { ProviderAnswer, ProviderFetch } from '../../src/channels/http';
import { answerOf, type KeepAliveFetchOptions } from '../../src/channels/keep-alive-fetch';

export function nodeHttpFetch(o: KeepAliveFetchOptions = {}): ProviderFetch {
  const agentOpts = { keepAlive: true, maxSockets: o.maxSockets ?? 64, maxFreeSockets: o.maxSockets ?? 64, scheduling: 'lifo' as const };
  const http = new HttpAgent(agentOpts);
  const https = new HttpsAgent(agentOpts);
  const fallback: ProviderFetch = (url, init) => globalThis.fetch(url, init);

  /**
   * The adapters call the same endpoint every time: the last URL's parse is kept (a pure function of
   * the string), and node:http gets its request options as a plain object, not a URL to convert per call (#12).
   */
  let last: { input: string; secure: boolean; web: boolean; target: ReturnType<typeof urlToHttpOptions> } | undefined;
  const target = (input: string) => {
    if (last?.input !== input) {
      const url = new URL(input);
      const secure = url.protocol === 'https:';
      // node:http's own conversion of a URL (what it does per call when given one), done once per endpoint.
      last = { input, secure, web: secure || url.protocol === 'http:', target: urlToHttpOptions(url) };
    }
    return last;
  };

  return (input, init) => {
    const { body, headers, signal } = init;
    const plainHeaders = headers === undefined || (typeof headers === 'object' && !Array.isArray(headers) && !(headers instanceof Headers));
    if (!(body === undefined || body === null || typeof body === 'string') || !plainHeaders) return fallback(input, init);
    const { secure, web, target: url } = target(input);
    if (!web) return fallback(input, init);
    const h: Record<string, string> = { ...(headers as Record<string, string> | undefined) };
    if (typeof body === 'string') h['content-length'] = String(Buffer.byteLength(body));
    const call = (agent: HttpAgent | false) =>
      new Promise<ProviderAnswer>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const req = (secure ? httpsRequest : httpRequest)({ ...url, method: init.method ?? 'GET', headers: h, agent: agent === false ? false : agent });
        let answer: IncomingMessage | undefined;
        const onAbort = () => {
          const reason = signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason));
          answer?.destroy(reason);
          req.destroy(reason);
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = () => signal?.removeEventListener('abort', onAbort);
        req.on('error', (e: NodeJS.ErrnoException) => {
          done();
          if (signal?.aborted) return reject(signal.reason);
          // A kept-alive socket the peer had already closed (its idle timeout raced our request): reset
          // before any byte of an answer, so the provider never took the request. Retried once on a new socket.
          if (agent !== false && req.reusedSocket && !answer && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) return resolve(call(false));
          reject(e);
        });
        req.on('response', (res: IncomingMessage) => {
          answer = res;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => {
            done();
            reject(signal?.aborted ? signal.reason : e);
          });
          // Cut off before its end (the server closed the socket): no answer to read.
          res.on('close', () => {
            done();
            if (!res.complete) reject(signal?.aborted ? signal.reason : new Error('the connection closed before the answer ended'));
          });
          res.on('end', () => {
            done();
            resolve(answerOf(res.statusCode ?? 0, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
          });
        });
        req.end(body ?? undefined);
      });
    return call(secure ? https : http);
  };
}
