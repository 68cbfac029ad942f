import { Hono } from 'hono';
import { z } from 'zod';
import { checkCreateDebt, createDebt } from '../../dunning/debts';
import { CHARSET_ERROR, requestedCharset } from '../../dunning/csv';
import { streamedImport } from '../../dunning/import-answer';
import { importDebtsWhole } from '../../dunning/import-whole';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { parseJson, unprocessable } from '../validate';

const MAX_CSV_BYTES = 50 * 1024 * 1024;

export function debtRoutes() {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      // Every problem of the debt in one 422 (details.issues), the first named in the message as before.
      const parsed = checkCreateDebt(parseJson(await c.req.text(), z.unknown()));
      if (!parsed.ok) throw unprocessable(parsed.issues);
      const input = parsed.data;
      const r = await createDebt(c.get('services'), input);
      if (r.status === 'invalid') throw unprocessable(r.issues);
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
      const atomic = c.req.query('atomic');
      if (atomic !== undefined && !['true', 'false', '1', '0'].includes(atomic)) throw new AppError('unprocessable', 'atomic must be true or false', { field: 'atomic' });
      const body = c.req.raw.body ?? emptyBody();
      if (atomic === 'true' || atomic === '1') {
        // All or nothing (decision 0185): every problem of the file in one 422, nothing written.
        const r = await importDebtsWhole(c.get('services'), body, { charset });
        if (!r.ok) throw new AppError('unprocessable', r.error, r.issues?.details());
        return c.json({ rows: r.rows, summary: r.summary, charset: r.charset }, 200);
      }
      // Read as it arrives: rows are written batch by batch while the rest of the file is still coming.
      // And answered as it goes: each batch's reports once it commits (dunning/import-answer.ts).
      const r = await streamedImport(c.get('services'), body, { charset });
      if (!r.ok) throw new AppError('unprocessable', r.error);
      c.header('content-type', 'application/json; charset=UTF-8');
      return c.body('whole' in r ? r.whole : r.stream, 200);
    });
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
