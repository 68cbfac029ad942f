import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../shared/errors';
import type { AppEnv } from './app';

export const KB = 1024;
export const MB = 1024 * KB;

/**
 * Largest body each route reads, longest prefix first. Checked from Content-Length before a byte is
 * read; a chunked body (no Content-Length) is counted while it streams and cut at the limit.
 */
export const BODY_LIMITS: ReadonlyArray<readonly [prefix: string, bytes: number]> = [
  ['/api/debts/import', 50 * MB],
  // A campaign CSV (up to 50,000 rows, ~7 MB); JSON uploads of the same size.
  ['/api/campaigns', 20 * MB],
  ['/api/flows', 1 * MB],
  ['/webhooks/', 64 * KB],
  ['/login', 64 * KB],
  ['/logout', 64 * KB],
  ['/', 256 * KB],
];

export const bodyLimitFor = (path: string): number => BODY_LIMITS.find(([p]) => path.startsWith(p))![1];

const tooLarge = (bytes: number) => new AppError('too_large', `the body is larger than ${bytes} bytes, the limit for this route`);

const limiters = new Map(BODY_LIMITS.map(([, bytes]) => [bytes, bodyLimit({ maxSize: bytes, onError: () => { throw tooLarge(bytes); } })]));

/** Body size per route, and no NUL byte in the path or query (Postgres text cannot hold one). */
export function requestLimits(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (/%00/.test(c.req.url)) throw new AppError('unprocessable', 'the URL must not contain a NUL character');
    const max = bodyLimitFor(c.req.path);
    // A declared length (not chunked) is decided from the header alone, as hono's bodyLimit does,
    // but without touching `raw.body` first: on @hono/node-server that builds a full web Request and
    // stream around the socket, ~8 % of a webhook's CPU, and skips the adapter's fast text() path.
    const length = c.req.header('content-length');
    if (length !== undefined && !c.req.header('transfer-encoding')) {
      if (Number.parseInt(length, 10) > max) throw tooLarge(max);
      return next();
    }
    return limiters.get(max)!(c, next);
  };
}
