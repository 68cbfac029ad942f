/** Expected failures travel as values or as AppError; one body shape leaves through onError. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'conflict'
  | 'unprocessable'
  | 'too_large'
  | 'too_many_requests'
  | 'unavailable'
  | 'internal';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500 | 503;

/** The one status mapping: validation (a well-formed body or query that breaks a rule) is 422, everywhere. */
export const statusOf: Record<ErrorCode, ErrorStatus> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  too_many_requests: 429,
  unavailable: 503,
  internal: 500,
};

/** The code an HTTP status stands for (a framework's HTTPException keeps its status and gets its code). */
export function codeOf(status: number): ErrorCode {
  const hit = (Object.keys(statusOf) as ErrorCode[]).find((k) => statusOf[k] === status);
  return hit ?? (status >= 500 ? 'internal' : 'bad_request');
}

/** The one error body every failure leaves with. `reason`: the machine-readable why of a refusal (409). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; reason?: string; details?: Record<string, unknown> };
}

export function errorBody(code: ErrorCode, message: string, requestId: string, extra: { reason?: string; details?: Record<string, unknown> } = {}): ErrorBody {
  return { error: { code, message, requestId, ...(extra.reason ? { reason: extra.reason } : {}), ...(extra.details ? { details: extra.details } : {}) } };
}

export class AppError extends Error {
  readonly status: ErrorStatus;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** The machine-readable why of a refusal ("held_by_other"). */
    readonly reason?: string,
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
