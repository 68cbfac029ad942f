import { Hono } from 'hono';
import { z } from 'zod';
import { readConversation } from '../../conversation/read';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';

const Id = z.string().uuid();

export function conversationRoutes() {
  return new Hono<AppEnv>().get('/:id', async (c) => {
    const id = Id.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError('not_found', 'no such conversation');
    const conv = await readConversation(c.get('services').db, id.data);
    if (!conv) throw new AppError('not_found', 'no such conversation');
    return c.json(conv);
  });
}
