/**
 * Issue #9, round 10: the families the retired holdout-19/20 missed on round 9 (fix9), and the lines the retrain that dropped
 * them from training moved. The phrasings here are our own (never the sets' lines); each family has a near-miss that must
 * keep its intent. Opt-out decisions go through the tiers the engine uses without an LLM (keywords + rules + model); intent
 * families are checked there too unless the rules tier is what decides them.
 */
import { describe, expect, it } from 'vitest';
import { readersAt } from './helpers.js';

const TOKYO = { now: '2027-06-15T09:20:00+09:00', timezone: 'Asia/Tokyo' };
const { read, rules } = readersAt({ ja: TOKYO, en: TOKYO });

describe('opt-outs the round-9 tiers missed', () => {
  it.each([
    'haha no. scratch my name off your texting list',
    'please remove my name from whatever list this is',
    'take my name off your call list',
  ])('a name taken off a list: %s → stop', (text) => {
    expect(read(text).intent).toBe('stop');
  });
  it.each(['take my name off the lease, I moved out', 'remove my name from the account please'])('a name taken off something else: %s → not stop', (text) => {
    expect(read(text).intent).not.toBe('stop');
  });

  it.each([
    '着信拒否しときます',
    '番号ブロックしておきます',
    'もうメッセージは結構。送信すること自体やめてほしい',
    '夜中に何度も通知が来るので、連絡自体いりません',
    '弁護士に一任したので、やり取りは全て事務所経由でお願いします',
    '司法書士に依頼しました。今後の連絡は事務所宛にしてください',
    '勘弁して、何度送ってくるの',
    'もう送っていただかなくて結構です',
    "I've hired a lawyer. Direct all further communication to my attorney.",
    'All further contact must go through my lawyer',
  ])('%s → stop', (text) => {
    expect(read(text).intent).toBe('stop');
  });
  it.each(['夜中に何度も通知が来るので、夜は送らないでほしい', '弁護士に相談してから払います', 'My lawyer said I should pay this Friday'])(
    'a narrowed refusal or a lawyer without the contact: %s → not stop',
    (text) => {
      expect(read(text).intent).not.toBe('stop');
    },
  );

  it.each(['What does STOP actually do? STOP', '停止って送ればいいの？停止'])('a question about the keyword, then the keyword: %s → stop', (text) => {
    expect(read(text).intent).toBe('stop');
  });
  it.each(['What does STOP actually do?', '停止って送ったらどうなりますか？'])('the question alone: %s → help', (text) => {
    expect(read(text).intent).toBe('help');
  });
});

describe('a number change is not an opt-out', () => {
  it.each([
    'Stop texting my old cell, use 555-201-3344 from now on',
    "quit messaging my previous number, I've switched to a new one",
    '前の番号への連絡はやめて、新しい番号090-1111-2222にお願いします',
    '古い携帯番号には送らないで、新しい番号に送ってください',
  ])('%s → other, not stop', (text) => {
    const c = read(text);
    expect(c.intent).not.toBe('stop');
  });
  it.each(['Stop texting my number', 'stop texting my old number and do not text me at all', 'この番号への連絡はやめてください'])('without a new number it stays an opt-out: %s', (text) => {
    expect(read(text).intent).toBe('stop');
  });
});

describe('stop words about a name, a fee or the phone calls', () => {
  it.each(["Please stop using my married name, it's Chen again", 'quit putting my full name in these texts'])('%s → not stop', (text) => {
    expect(read(text).intent).not.toBe('stop');
  });
  it('「電話はやめて、SMSなら読みます」 keeps the texts → not stop', () => {
    expect(read('電話はやめて、SMSなら読みます').intent).not.toBe('stop');
  });
  it.each(['遅延損害金を止めてもらう方法はありますか', 'How can I stop the late fees?'])('%s → not in the opt-out band', (text) => {
    const c = read(text);
    expect(c.intent).not.toBe('stop');
    expect(c.optOutSuspected ?? false).toBe(false);
  });
});

describe('intents', () => {
  it.each([
    ['I want to receive those texts again', 'start'],
    ['our accounts payable team processed it by ACH on the 2nd', 'paid'],
    ['the wire should have landed yesterday', 'paid'],
    ['Swung by the branch Tuesday and paid cash', 'paid'],
    ['paid $52.40 at your office this morning', 'paid'],
    ['i can pay, only not all at once', 'installment'],
    ['could I tack $50 onto each monthly payment until it is caught up?', 'installment'],
    ['Do you have financing for this?', 'installment'],
    ["I'm on autopay so there's no way I'm late", 'dispute'],
    ['The unit price on this invoice does not match our purchase order', 'dispute'],
    ['this bill must be for the former occupant, I only moved in last month', 'dispute'],
    ['たった今コンビニで払ったところです', 'paid'],
    ['毎月の返済に5千円ずつ上乗せして返していくのはどうですか', 'installment'],
    ['請求額が見積書と違います。確認してください', 'dispute'],
    ['5,500円って何？3,300円の契約のはず', 'dispute'],
    ['自動引き落としにしてるので延滞してるわけがない', 'dispute'],
    ['前の入居者の請求だと思います', 'dispute'],
    ['遅延損害金がついてますが、期日前に振り込んでます', 'dispute'],
    ['2万って書いてあるけど、1万2千円のはずやで', 'dispute'],
    ['De parte de quién?', 'help'],
    ['If I text STOP, can I still get paper statements?', 'help'],
    ['Happy Monday to you too', 'other'],
    ['can a rep reach out to me', 'human'],
  ] as const)('%s → %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
  it.each([
    ['I will pay at the store Friday', 'extend'],
    ['払い終わってるはずなのに上乗せされています', 'dispute'],
  ] as const)('near-miss %s → %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
  it('a part paid at the store with a day for the rest is not simply paid', () => {
    expect(read('Paid $40 at the store today, the rest on Friday').intent).not.toBe('paid');
  });
});

describe('entities', () => {
  it('"sometime this week" is a range: extend without a date; "by the end of the week" keeps its date', () => {
    const c = rules('I can pay sometime this week');
    expect(c.entities.date).toBeUndefined();
    expect(rules('by the end of the week').entities.date).toBeDefined();
  });
  it('amount-and-day pairs without "on" after the first count every pair', () => {
    const c = rules('$200 on the 5th, $200 on July 5, $200 August 5');
    expect(c.intent).toBe('installment');
    expect(c.entities.installments).toBe(3);
  });
  it('「あと5日ください」 is five more days (not the 5th); 「5日に払います」 is still the 5th', () => {
    // now is 2027-06-15 (Asia/Tokyo)
    expect(rules('あと5日ください、それなら払えます').entities.date).toBe('2027-06-20');
    expect(rules('もう2日だけ待ってもらえますか').entities.date).toBe('2027-06-17');
    expect(rules('来月5日に払います').entities.date).toBe('2027-07-05');
  });
  it('"N months at $X" is a count', () => {
    expect(rules('could we do 9 months at $60').entities.installments).toBe(9);
  });
});
