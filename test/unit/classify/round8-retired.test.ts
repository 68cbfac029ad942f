/**
 * Issue #9, after round 8: the opt-out families the two retired sets (holdout-15, holdout-16) had outside the band —
 * a bare 「解約で」 and 「電話番号消しといて」. Phrasings here are not the sets' lines; near-misses go the other way.
 */
import { describe, expect, it } from 'vitest';
import { createLocalClassifier } from '../../../src/classify/classifier.js';

const local = createLocalClassifier();
const read = (text: string, context?: { expecting: 'yes_no' | 'none' }) =>
  local({ text, locale: 'ja', now: '2027-04-07T11:20:00+09:00', timezone: 'Asia/Tokyo', ...(context && { context }) });

describe('asking us to drop the number is an opt-out', () => {
  it.each(['番号消しといてください', 'この電話番号を削除して', '私の番号をリストから外してください', 'もう番号消して'])('%s → stop', (text) => {
    expect(read(text).intent).toBe('stop');
  });
  it.each([
    ['古い番号は消して、新しい番号に送ってください', 'stop'],
    ['番号を変えたので前のは削除してください', 'stop'],
  ])('a number change (%s) is not an opt-out', (text, not) => {
    expect(read(text).intent).not.toBe(not);
  });
});

describe('a bare 解約 is a possible opt-out (the band asks)', () => {
  it.each(['解約で', '解約希望', 'もう解約でお願いします'])('%s → no reminder until the debtor answers', (text) => {
    const c = read(text);
    expect(c.intent === 'stop' || c.optOutSuspected === true).toBe(true);
  });
  it('a 解約 story says more and keeps its intent', () => {
    const c = read('解約したのに請求が来ています');
    expect(c.intent).toBe('dispute');
  });
  // The engine always sends a context (workers.ts): with no question pending it is { expecting: 'none' }, and a bare
  // refusal must reach the band there too, not only in /api/classify calls without a context.
  it.each(['解約で', 'いいえ', 'いりません', 'no thanks', 'Not interested'])('%s with nothing asked (expecting none) → no reminder', (text) => {
    const c = local({ text, locale: /[ぁ-んァ-ヶ一-龯]/.test(text) ? 'ja' : 'en', now: '2027-04-07T11:20:00+09:00', timezone: 'Asia/Tokyo', context: { expecting: 'none' } });
    expect(c.intent === 'stop' || c.optOutSuspected === true).toBe(true);
  });
  it('an answer to a yes/no question is read by the context, not the band rule', () => {
    expect(read('解約で', { expecting: 'yes_no' }).intent).not.toBe('stop');
  });
});
