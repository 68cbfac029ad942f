import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { DeadLetterQuery, listDeadLetters, resolveDeadLetter } from '../../workers/dead-letters';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { requireRole } from '../auth';

const Id = z.string().uuid();

/** /api/admin/dead-letters: jobs that failed every attempt; an admin retries or discards them. */
export function deadLetterRoutes() {
  const idOf = (raw: string) => {
    const id = Id.safeParse(raw);
    if (!id.success) throw new AppError('unprocessable', 'id must be a uuid', { field: 'id' });
    return id.data;
  };
  const act = (action: 'retry' | 'discard') => async (c: Context<AppEnv>) => {
    const r = await resolveDeadLetter(c.get('services'), idOf(c.req.param('id')!), action, c.get('actor').id);
    if (!r.ok) throw new AppError(r.code, r.message);
    return c.json({ id: c.req.param('id'), status: r.status });
  };
  return new Hono<AppEnv>()
    .use('*', requireRole('admin'))
    .get('/', async (c) => {
      const q = DeadLetterQuery.safeParse(c.req.query());
      if (!q.success) throw new AppError('unprocessable', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return c.json({ items: await listDeadLetters(c.get('services'), q.data) });
    })
    .post('/:id/retry', act('retry'))
    .post('/:id/discard', act('discard'));
}
