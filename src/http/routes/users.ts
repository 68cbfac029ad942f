import { Hono } from 'hono';
import { createApiToken, createUser, listUsers, NewApiToken, NewUser } from '../../auth/service';
import type { AppEnv } from '../app';
import { requireRole } from '../auth';
import { jsonBody } from '../validate';

/** /api/me, /api/users, /api/tokens. Users and tokens are admin-only; password hashes never leave. */
export function userRoutes() {
  return new Hono<AppEnv>()
    .get('/me', (c) => {
      const a = c.get('actor');
      return c.json({ id: a.id, role: a.role, name: a.name, via: a.via, csrfToken: c.get('session')?.csrfToken ?? null });
    })
    .get('/users', requireRole('admin'), async (c) => c.json({ users: await listUsers(c.get('services')) }))
    .post('/users', requireRole('admin'), async (c) => {
      const input = await jsonBody(c, NewUser);
      return c.json(await createUser(c.get('services'), input, c.get('actor')), 201);
    })
    .post('/tokens', requireRole('admin'), async (c) => {
      const input = await jsonBody(c, NewApiToken);
      return c.json(await createApiToken(c.get('services'), input, c.get('actor')), 201);
    });
}
