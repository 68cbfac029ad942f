import type { SendResult } from './port.js';

/** What the adapters read of a provider's answer: its status and its body (a `Response` is one). */
export interface ProviderAnswer {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** The `fetch` the adapters call: the platform's, or on Node `keepAliveFetch` (keep-alive-fetch.ts). */
export type ProviderFetch = (url: string, init: RequestInit) => Promise<ProviderAnswer>;

/** A provider call that never throws: the answer, or why there is none (and whether it timed out). */
export type Called = ProviderAnswer | { error: string; timedOut: boolean };

/**
 * Whether the call got a response. Not `instanceof Response`: @hono/node-server swaps the global
 * Response for its own class, so under 1.x a fetch's answer is not an instance of it in the Node
 * server (2.x still swaps it, with a `Symbol.hasInstance` that accepts native responses; this check
 * holds under both and on Workers).
 */
export const answered = (c: Called): c is ProviderAnswer => !('timedOut' in c && typeof (c as { error?: unknown }).error === 'string');

/** `fetch` with the adapter's timeout; a network error or timeout becomes a value named after the provider. */
export async function timedFetch(doFetch: ProviderFetch, provider: string, url: string, init: RequestInit, timeoutMs: number): Promise<Called> {
  try {
    return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    return { error: timedOut ? `${provider} did not answer within ${timeoutMs} ms` : `${provider} unreachable: ${(e as Error)?.message ?? e}`, timedOut };
  }
}

/** The send failure for a call with no response: retryable, and possibly sent when it timed out (no idempotency key). */
export const unanswered = (c: Exclude<Called, ProviderAnswer>): SendResult => ({ ok: false, retryable: true, mayHaveSent: c.timedOut, error: c.error });

/** 408, 429 and 5xx are worth retrying; other 4xx are not. */
export const retryableStatus = (s: number) => s === 408 || s === 429 || s >= 500;
