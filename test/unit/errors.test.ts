import { HTTPException } from 'hono/http-exception';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError, codeOf, errorBody, statusOf } from '../../src/shared/errors';

describe('one error body, one status mapping', () => {
  it('validation is 422 and a refusal is 409, each with its own code', () => {
    expect(statusOf.unprocessable).toBe(422);
    expect(new AppError('conflict', 'x', undefined, 'held_by_other')).toMatchObject({ status: 409, reason: 'held_by_other' });
  });
  it('a framework HTTPException keeps its status and gets the code of that status', () => {
    expect(codeOf(413)).toBe('too_large');
    expect(codeOf(403)).toBe('forbidden');
    expect(codeOf(429)).toBe('too_many_requests');
    expect(codeOf(401)).toBe('unauthorized');
    expect(codeOf(418)).toBe('bad_request');
    expect(codeOf(502)).toBe('internal');
  });
  it('the body carries reason and details only when given', async () => {
    expect(errorBody('not_found', 'no', 'r1')).toEqual({ error: { code: 'not_found', message: 'no', requestId: 'r1' } });
    expect(errorBody('conflict', 'held', 'r2', { reason: 'not_held', details: { a: 1 } })).toEqual({ error: { code: 'conflict', message: 'held', requestId: 'r2', reason: 'not_held', details: { a: 1 } } });
    // The shape an app's onError builds from an HTTPException (see src/http/app.ts).
    const app = new Hono();
    app.get('/', () => {
      throw new HTTPException(413, { message: 'too big' });
    });
    app.onError((e, c) => (e instanceof HTTPException ? c.json(errorBody(codeOf(e.status), e.message, 'r3'), e.status) : c.text('?', 500)));
    const res = await app.request('/');
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'too_large', message: 'too big', requestId: 'r3' } });
  });
});
