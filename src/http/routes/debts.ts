import { Hono } from 'hono';
import { CreateDebt, createDebt } from '../../dunning/debts';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { jsonBody } from '../validate';

export function debtRoutes() {
  return new Hono<AppEnv>().post('/', async (c) => {
    const input = await jsonBody(c, CreateDebt);
    const r = await createDebt(c.get('services'), input);
    if (r.status === 'invalid') throw new AppError('unprocessable', `${r.field}: ${r.message}`, { field: r.field });
    if (r.status === 'exists') {
      return c.json({ error: { code: 'conflict', message: 'debt.externalRef already loaded', requestId: c.get('requestId') }, debtorId: r.debtorId, debtId: r.debtId, conversationId: r.conversationId }, 409);
    }
    return c.json({ debtorId: r.debtorId, debtId: r.debtId, conversationId: r.conversationId }, 201);
  });
}
