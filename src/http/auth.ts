import type { MiddlewareHandler } from 'hono';
import { timingSafeEqualStrings } from '../channels/twilio/signature';
import { AppError } from '../shared/errors';
import type { AppEnv } from './app';

/** Bearer token check against ADMIN_API_TOKEN (constant time). */
export function bearerAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const h = c.req.header('authorization') ?? '';
    const token = h.startsWith('Bearer ') ? h.slice(7).trim() : '';
    if (!token || !timingSafeEqualStrings(token, c.get('services').config.adminToken)) {
      throw new AppError('unauthorized', 'a valid bearer token is required');
    }
    await next();
  };
}
