/**
 * Node only (the one file here that is: bootstrap and the bench import it, the edge build never
 * does). The adapters' `fetch` over undici's dispatcher API with kept-alive connections (a `Pool` of
 * one-connection `Client`s per origin): no `Request`/`Headers`/`Response` objects, no body streams,
 * no node:http `ClientRequest`/`IncomingMessage` either — the answer's bytes are collected from the
 * dispatcher's callbacks. The send stage's provider call through undici's WHATWG `fetch` cost about
 * as much main-thread time as the webhook under load, and through node:http (decisions of issue #12
 * before 0162) it was still the largest item of the app's CPU per reply at 700/s (app14: ~600 µs of
 * ~3,000 sampled); over the dispatcher one call costs about a third less, server side included
 * (bench/provider-call.ts). It takes what the adapters send — a URL, a method, a plain header
 * record, a string body, a signal — and answers the status and the body (`ProviderAnswer`);
 * anything else goes to the global `fetch` unchanged. A kept-alive connection the provider closed
 * while it idled (reset before any byte of the answer: the request was never taken) is retried
 * once on a fresh connection; a reset on a fresh connection, or once the answer began, is not.
 */
import { Client, Pool, type Dispatcher } from 'undici';
import type { ProviderAnswer, ProviderFetch } from './http';

export interface KeepAliveFetchOptions {
  /** Connections per origin (the sender runs 16 provider calls at once per delivery: SEND_CONCURRENCY). */
  maxSockets?: number;
}

/** The body read whole: text and JSON from the same bytes (also the bench's node:http variant's). */
export function answerOf(status: number, body: Buffer): ProviderAnswer {
  return {
    ok: status >= 200 && status < 300,
    status,
    text: async () => body.toString('utf8'),
    json: async () => JSON.parse(body.toString('utf8')) as unknown,
  };
}

/** Per connection (a `Client`): answers completed on its current socket, so a request knows whether it went out on a reused one. */
interface Line {
  served: number;
}

const RESETS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * One call through undici's dispatcher (its callback handler: no streams, no header objects). The
 * handler learns its connection from the `Client` it is dispatched on (see `lineOf` below).
 */
class Call implements Dispatcher.DispatchHandler {
  line: Line | undefined;
  reused = false;
  started = false;
  status = 0;
  chunks: Buffer[] = [];
  abortFn: ((err?: Error) => void) | undefined;
  settled = false;

  constructor(
    readonly signal: AbortSignal | undefined,
    readonly resolve: (a: ProviderAnswer) => void,
    readonly reject: (e: unknown) => void,
    /** Called instead of failing when a reused connection was reset before any byte of the answer. */
    readonly retry: (() => void) | undefined,
  ) {}

  readonly onAbort = () => {
    if (this.settled) return;
    this.settled = true;
    this.signal!.removeEventListener('abort', this.onAbort);
    const reason = this.signal!.reason instanceof Error ? this.signal!.reason : new Error(String(this.signal!.reason));
    // Written or waiting for its connection: undici drops it (a written one takes its socket down).
    this.abortFn?.(reason);
    this.reject(this.signal!.reason);
  };

  private done() {
    this.settled = true;
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  onConnect(abort: (err?: Error) => void) {
    this.abortFn = abort;
    if (this.settled) return abort(this.signal?.reason instanceof Error ? this.signal.reason : new Error('aborted'));
    // Written on its connection now: reused when that socket already carried an answer.
    this.reused = (this.line?.served ?? 0) > 0;
    this.started = false;
    this.chunks = [];
  }

  onHeaders(statusCode: number): boolean {
    // 1xx answers are informational: the real one follows.
    if (statusCode < 200) return true;
    this.started = true;
    this.status = statusCode;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete() {
    if (this.line) this.line.served++;
    if (this.settled) return;
    this.done();
    const c = this.chunks;
    this.resolve(answerOf(this.status, c.length === 1 ? c[0]! : Buffer.concat(c)));
  }

  onError(err: Error) {
    if (this.settled) return;
    this.done();
    // A kept-alive socket the peer had already closed (its idle timeout raced our request): reset
    // before any byte of an answer, so the provider never took the request. Retried once on a new socket.
    if (this.retry && this.reused && !this.started && RESETS.has((err as NodeJS.ErrnoException).code ?? '')) return this.retry();
    this.reject(err);
  }
}

export function keepAliveFetch(o: KeepAliveFetchOptions = {}): ProviderFetch {
  const connections = o.maxSockets ?? 64;
  const fallback: ProviderFetch = (url, init) => globalThis.fetch(url, init);
  const pools = new Map<string, Pool>();
  /** Each connection of a pool: its `Client` tags the calls it carries with its `Line`. */
  const factory = (origin: string | URL, opts: object) => {
    const client = new Client(origin, opts as Client.Options);
    const line: Line = { served: 0 };
    client.on('connect', () => (line.served = 0));
    const dispatch = client.dispatch.bind(client);
    client.dispatch = (options, handler) => {
      if (handler instanceof Call) handler.line = line;
      return dispatch(options, handler);
    };
    return client;
  };
  const poolOf = (origin: string) => {
    let p = pools.get(origin);
    // An idle connection is kept 30 s (undici's default is 4 s; node:http's agent kept it until the provider
    // closed it), or what the provider's Keep-Alive hint says less 2 s; one closed under us is the retry's case.
    if (!p) pools.set(origin, (p = new Pool(origin, { connections, factory, keepAliveTimeout: 30_000 })));
    return p;
  };

  /**
   * The adapters call the same endpoint every time: the last URL's parse is kept (a pure function of
   * the string): origin, path with its query, and the URL's credentials as basic auth (what node:http did).
   */
  let last: { input: string; web: boolean; origin: string; path: string; auth: string | undefined } | undefined;
  const target = (input: string) => {
    if (last?.input !== input) {
      const url = new URL(input);
      const auth = url.username || url.password ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` : undefined;
      last = { input, web: url.protocol === 'https:' || url.protocol === 'http:', origin: url.origin, path: `${url.pathname}${url.search}`, auth };
    }
    return last;
  };

  return (input, init) => {
    const { body, headers } = init;
    const signal = init.signal ?? undefined;
    const plainHeaders = headers === undefined || (typeof headers === 'object' && !Array.isArray(headers) && !(headers instanceof Headers));
    if (!(body === undefined || body === null || typeof body === 'string') || !plainHeaders) return fallback(input, init);
    const { web, origin, path, auth } = target(input);
    if (!web) return fallback(input, init);
    let h = headers as Record<string, string> | undefined;
    if (auth && !Object.keys(h ?? {}).some((k) => k.toLowerCase() === 'authorization')) h = { ...h, authorization: auth };
    const options: Dispatcher.DispatchOptions = { origin, path, method: (init.method ?? 'GET') as Dispatcher.HttpMethod, headers: h ?? null, body: body ?? null };
    return new Promise<ProviderAnswer>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      // The retry: a connection of its own, closed after the answer (node:http's `agent: false`).
      const again = () => {
        const fresh = new Client(origin);
        const call = new Call(signal, resolve, reject, undefined);
        signal?.addEventListener('abort', call.onAbort, { once: true });
        fresh.dispatch({ ...options, reset: true }, call);
        // close() lets the request in flight finish, then ends the connection.
        fresh.close().catch(() => undefined);
      };
      const call = new Call(signal, resolve, reject, again);
      signal?.addEventListener('abort', call.onAbort, { once: true });
      poolOf(origin).dispatch(options, call);
    });
  };
}
