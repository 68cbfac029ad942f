import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyByRules, detectOptKeyword } from '../../../src/classify';

const lines = ['replies.ja', 'replies.en', 'holdout-2.ja', 'holdout-2.en', 'holdout-3.ja', 'holdout-3.en']
  .flatMap((f) => readFileSync(`test/fixtures/${f}.jsonl`, 'utf8').split('\n').filter((l) => l.trim().startsWith('{')))
  .map((l) => JSON.parse(l) as { text: string });

describe('detectOptKeyword (ingress fast path)', () => {
  it('decides STOP/START exactly as the full rules classifier does, on every corpus line', () => {
    let stops = 0;
    for (const { text } of lines) {
      for (const locale of ['ja', 'en'] as const) {
        const full = classifyByRules({ text, locale, now: '2026-11-20T01:00:00Z', timezone: 'Asia/Tokyo' }).intent;
        const want = full === 'stop' || full === 'start' ? full : null;
        expect(detectOptKeyword(text), text).toBe(want);
        if (want === 'stop') stops++;
      }
    }
    expect(stops).toBeGreaterThan(50);
  });
});
