import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { createApiToken, createUser, disableUser, listApiTokens, listUsers, NewApiToken, NewUser, revokeApiToken } from '../../auth/service';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { requireRole } from '../auth';
import { jsonBody } from '../validate';

const Id = z.string().uuid();
const idOf = (c: Context<AppEnv>, what: string): string => {
  const id = Id.safeParse(c.req.param('id'));
  if (!id.success) throw new AppError('not_found', `no such ${what}`);
  return id.data;
};

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
    // Disables the user, ends their sessions and revokes their tokens; the row stays for the audit trail.
    .delete('/users/:id', requireRole('admin'), async (c) => c.json(await disableUser(c.get('services'), idOf(c, 'user'), c.get('actor'))))
    .get('/tokens', requireRole('admin'), async (c) => c.json({ tokens: await listApiTokens(c.get('services')) }))
    .post('/tokens', requireRole('admin'), async (c) => {
      const input = await jsonBody(c, NewApiToken);
      return c.json(await createApiToken(c.get('services'), input, c.get('actor')), 201);
    })
    .delete('/tokens/:id', requireRole('admin'), async (c) => c.json(await revokeApiToken(c.get('services'), idOf(c, 'API token'), c.get('actor'))));
}
