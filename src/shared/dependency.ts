/**
 * Is this error "a dependency is down" (retry later) rather than a bug? Used by the HTTP layer to
 * answer 503 (a provider retries a 503; it does not retry a 200 we then dropped) and by logs.
 */
const PG_CONNECTION_CODES = new Set([
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  // Node sockets
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  // Postgres SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now, connection_failure…
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

export class DependencyDown extends Error {
  constructor(
    readonly dependency: 'database' | 'queue',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DependencyDown';
  }
}

/** Walks `cause` (drizzle wraps driver errors) looking for a connection-level failure. */
export function dependencyOf(e: unknown, depth = 0): 'database' | 'queue' | null {
  if (!e || typeof e !== 'object' || depth > 5) return null;
  if (e instanceof DependencyDown) return e.dependency;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && PG_CONNECTION_CODES.has(code)) return 'database';
  // AggregateError from a connect attempt to every address of a host.
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.some((x) => dependencyOf(x, depth + 1))) return 'database';
  return dependencyOf((e as { cause?: unknown }).cause, depth + 1);
}
