import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createClassifier, rulesClassifier } from '../../../src/classify/classifier.js';
import { Classification } from '../../../src/classify/port.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { classifyRoutes } from '../../../src/http/routes/classify.js';
import { AppError } from '../../../src/shared/errors.js';

// The same onError shape the app uses, so the route is tested as it will be mounted.
function app() {
  const a = new Hono();
  a.route('/api/classify', classifyRoutes({ classifier: rulesClassifier, clock: new ManualClock('2026-11-20T01:00:00Z') }));
  a.onError((e, c) => {
    if (e instanceof AppError) return c.json({ error: { code: e.code, message: e.message } }, e.status);
    return c.json({ error: { code: 'internal', message: String(e) } }, 500);
  });
  return a;
}
const post = (body: string) => app().request('/api/classify', { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('POST /api/classify', () => {
  it('classifies the CONTRACT example', async () => {
    const res = await post(JSON.stringify({ text: '来週の金曜日に払います', locale: 'ja', now: '2026-11-20T10:00:00+09:00', timezone: 'Asia/Tokyo' }));
    expect(res.status).toBe(200);
    const body = Classification.parse(await res.json());
    expect(body).toMatchObject({ intent: 'extend', classifiedBy: 'rules', tier: 'rules', entities: { date: '2026-11-27' } });
    expect(body.explanation).toBeTruthy();
  });

  it('names the deciding tier and its confidence (the classifier the app mounts: keywords → rules → model)', async () => {
    const a = new Hono();
    a.route('/api/classify', classifyRoutes({ classifier: createClassifier(), clock: new ManualClock('2026-11-20T01:00:00Z') }));
    const ask = async (text: string, locale = 'ja') => Classification.parse(await (await a.request('/api/classify', { method: 'POST', body: JSON.stringify({ text, locale }), headers: { 'content-type': 'application/json' } })).json());
    expect(await ask('配信停止')).toMatchObject({ intent: 'stop', tier: 'keyword' });
    expect(await ask('明日払います')).toMatchObject({ intent: 'extend', tier: 'rules' });
    expect(await ask('mou okuranaide')).toMatchObject({ intent: 'stop', tier: 'keyword' });
    expect(await ask('kindly refrain from messaging this phone', 'en')).toMatchObject({ intent: 'stop', tier: 'keyword' });
    const m = await ask('please no longer send these to me', 'en');
    expect(m).toMatchObject({ intent: 'stop', tier: 'model' });
    expect(m.confidence).toBeGreaterThan(0.5);
  });

  it('uses the server clock when now is omitted, ja/Asia/Tokyo by default', async () => {
    const res = await post(JSON.stringify({ text: '明日払います' }));
    expect(res.status).toBe(200);
    expect((await res.json()).entities.date).toBe('2026-11-21');
  });

  it('passes context through', async () => {
    const res = await post(JSON.stringify({ text: '2番目で', context: { expecting: 'installment_choice', options: [3, 6, 12] } }));
    expect(await res.json()).toMatchObject({ intent: 'installment', entities: { installments: 6 } });
  });

  it('not JSON → 400 bad_request', async () => {
    const res = await post('{nope');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it.each([
    ['missing text', JSON.stringify({ locale: 'ja' })],
    ['unknown locale', JSON.stringify({ text: 'hi', locale: 'fr' })],
    ['bad now', JSON.stringify({ text: 'hi', now: 'yesterday' })],
    ['text too long', JSON.stringify({ text: 'a'.repeat(2001) })],
    ['unknown timezone', JSON.stringify({ text: 'hi', timezone: 'Mars/Olympus' })],
    ['an array', '[]'],
  ])('%s → 422 unprocessable (validation)', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('unprocessable');
  });
});
