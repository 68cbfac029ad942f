import { describe, expect, it } from 'vitest';
import { en, ja } from './helpers.js';

describe('negation and mixed messages', () => {
  it.each([
    ['not paid yet', 'other'],
    ["I haven't paid yet, can I pay friday?", 'extend'],
    ['paid half, can I split the rest?', 'installment'],
    ['I paid $50, the rest on the 30th', 'extend'],
    ['I already paid, this is wrong', 'paid'],
    ['I lost my job, can I pay in 3 installments?', 'installment'],
    ["I lost my job, I can't pay until the 30th", 'extend'],
    ['I get paid on Friday', 'extend'],
    ["I don't owe this, who is this?", 'dispute'],
    ['wrong number, stop texting me', 'stop'],
  ])('en %j → %s', (t, intent) => expect(en(t).intent).toBe(intent));

  it.each([
    ['払ってないです', 'other'],
    ['まだ払ってません', 'other'],
    ['まだ払えていないので来週の金曜日に払います', 'extend'],
    ['半分払ったので残りは分割にしてほしいです', 'installment'],
    ['失業して払えません', 'hardship'],
    ['失業したので3回払いにしてもらえませんか', 'installment'],
    ['払ったはずです、請求がおかしい', 'paid'],
    ['身に覚えがない請求です', 'dispute'],
    ['番号間違えてますよ、もう送らないで', 'stop'],
  ])('ja %j → %s', (t, intent) => expect(ja(t).intent).toBe(intent));

  it('explains which rule fired and says rules decided', () => {
    const r = ja('来週の金曜日に払います');
    expect(r).toMatchObject({ intent: 'extend', classifiedBy: 'rules', entities: { date: '2026-11-27' } });
    expect(r.rule).toBeTruthy();
    expect(r.explanation).toContain(r.rule!);
    expect(r.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('has low confidence when nothing matched', () => {
    const r = en('the weather is nice in osaka');
    expect(r.intent).toBe('other');
    expect(r.confidence).toBeLessThan(0.75);
  });
});

describe('context answers', () => {
  const choice = { expecting: 'installment_choice' as const, options: [3, 6, 12] };
  it.each([
    ['3', 3],
    ['6回で', 6],
    ['2回で', 2], // 回 makes it a count, not the second option
    ['2', 6], // a bare number outside the options is the option's position
    ['2番目でお願いします', 6],
    ['the second one', 6],
    ['the last one', 12],
    ['最初のやつで', 3],
    ['12 payments please', 12],
    ['three', 3],
  ])('installment_choice %j → %d', (t, n) => {
    const r = /[a-z]/.test(t) ? en(t, choice) : ja(t, choice);
    expect(r.intent).toBe('installment');
    expect(r.entities.installments).toBe(n);
  });

  it.each([
    ['はい', 'yes'],
    ['お願いします', 'yes'],
    ['いいえ', 'no'],
    ['結構です', 'no'],
  ])('yes_no ja %j → %s', (t, a) => expect(ja(t, { expecting: 'yes_no' }).entities.answer).toBe(a));

  it.each([
    ['yes', 'yes'],
    ['Yes please', 'yes'],
    ['ok', 'yes'],
    ['no', 'no'],
    ['no thanks', 'no'],
  ])('yes_no en %j → %s', (t, a) => expect(en(t, { expecting: 'yes_no' }).entities.answer).toBe(a));

  it('a longer yes keeps its own intent and adds the answer', () => {
    const r = en('yes but can I do next friday instead', { expecting: 'yes_no' });
    expect(r).toMatchObject({ intent: 'extend', entities: { answer: 'yes', date: '2026-11-27' } });
  });

  it('a stop is a stop whatever was asked', () => {
    expect(en('STOP', { expecting: 'yes_no' }).intent).toBe('stop');
    expect(ja('停止', choice).intent).toBe('stop');
  });

  it.each([
    ['25', '2026-11-25'],
    ['25日', '2026-11-25'],
    ['金曜日', '2026-11-27'],
    ['the 3rd', '2026-12-03'],
  ])('date %j → extend %s', (t, d) => {
    const r = /[a-z]/.test(t) ? en(t, { expecting: 'date' }) : ja(t, { expecting: 'date' });
    expect(r).toMatchObject({ intent: 'extend', entities: { date: d } });
  });

  it.each([
    ['5000', 5000],
    ['5,000円で', 5000],
    ['1万円なら', 10000],
    ['$75', 75],
  ])('amount %j → %d', (t, a) => {
    const r = /\$/.test(t) ? en(t, { expecting: 'amount' }) : ja(t, { expecting: 'amount' });
    expect(r.entities.amount).toBe(a);
  });
});
