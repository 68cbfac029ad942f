import { Hono } from 'hono';
import { CreateDebt, createDebt } from '../../dunning/debts';
import { CHARSET_ERROR, requestedCharset } from '../../dunning/csv';
import { streamedImport } from '../../dunning/import-answer';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { jsonBody } from '../validate';

const MAX_CSV_BYTES = 50 * 1024 * 1024;

export function debtRoutes() {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const input = await jsonBody(c, CreateDebt);
      const r = await createDebt(c.get('services'), input);
      if (r.status === 'invalid') throw new AppError('unprocessable', `${r.field}: ${r.message}`, { field: r.field });
      if (r.status === 'differs') {
        throw new AppError('conflict', `debt.externalRef ${input.debt.externalRef} is already loaded with a different ${r.differs.join(', ')}; nothing was changed`, { differs: r.differs });
      }
      if (r.status === 'exists') {
        // The existing debt's ids only for admins: a loader learns that it exists, not where to look.
        throw new AppError('conflict', 'debt.externalRef already loaded', c.get('actor').role === 'admin' ? { debtorId: r.debtorId, debtId: r.debtId, conversationId: r.conversationId } : undefined, 'already_loaded');
      }
      return c.json({ debtorId: r.debtorId, debtId: r.debtId, conversationId: r.conversationId }, 201);
    })
    .post('/import', async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!type.startsWith('text/csv')) throw new AppError('bad_request', 'send the CSV as text/csv');
      const len = Number(c.req.header('content-length') ?? 0);
      if (len > MAX_CSV_BYTES) throw new AppError('too_large', `CSV larger than ${MAX_CSV_BYTES} bytes; split it`);
      // ?charset= wins over the content type's; neither: detected (UTF-8, else Shift_JIS/CP932).
      const charset = requestedCharset(c.req.query('charset'), type);
      if (charset === null) throw new AppError('unprocessable', CHARSET_ERROR, { field: 'charset' });
      // Read as it arrives: rows are written batch by batch while the rest of the file is still coming.
      const body = c.req.raw.body ?? emptyBody();
      // And answered as it goes: each batch's reports once it commits (dunning/import-answer.ts).
      const r = await streamedImport(c.get('services'), body, { charset });
      if (!r.ok) throw new AppError('unprocessable', r.error);
      c.header('content-type', 'application/json; charset=UTF-8');
      return c.body('whole' in r ? r.whole : r.stream, 200);
    });
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
