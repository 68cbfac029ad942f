import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../shared/errors';

/** Parses JSON text with `schema`: 400 when it is not JSON, 422 naming the first bad field. */
export function parseJson<S extends z.ZodTypeAny>(text: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'body must be valid JSON');
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0]!;
    const field = first.path.join('.');
    throw new AppError('unprocessable', `${field || 'body'}: ${first.message}`, { field, issues: r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
  }
  return r.data;
}

/** Reads a JSON body and parses it with `schema`; errors name the field. */
export async function jsonBody<S extends z.ZodTypeAny>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseJson(await c.req.text(), schema);
}
