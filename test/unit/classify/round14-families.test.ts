/**
 * Issue #9, round 14: the families the retired holdout-26 (late-night phone typing, voice-to-text) and holdout-27
 * (business debtors at fiscal month-end, careful non-native English) missed on main d9b26c0 and on 166456e. The
 * phrasings are our own (never the sets' lines); each family has a near-miss that must keep its intent. Rules via
 * helpers.ts's ja()/en() (Friday 2026-11-20, 10:00).
 */
import { describe, expect, it } from 'vitest';
import { en, ja } from './helpers.js';

describe('an opt-out outside the band: the number is not to be used for notices', () => {
  it.each([
    'Kindly note this number should not be used for collection notices.',
    'This phone must no longer be used for payment reminders',
    'this line is to not be used for debt messages',
  ])('%s → stop', (text) => {
    expect(en(text).intent).toBe('stop');
  });
  it('near-miss: the number to use for payments is not an opt-out', () => {
    expect(en('This number should be used for payment questions?').intent).not.toBe('stop');
  });
});

describe('false opt-outs: block asked about, a stop in the past, a single day narrowed', () => {
  it.each([
    'ブロックする前に一応聞くけど、どこの業者？',
    '着信拒否する前に確認したいんですが、何の請求ですか',
  ])('%s → not stop', (text) => {
    expect(ja(text).intent).not.toBe('stop');
  });
  it('near-miss: blocking said outright still opts out', () => {
    expect(ja('もうブロックします').intent).toBe('stop');
  });
  it.each([
    '通知止めてたから見てなかったけど、もう振り込んだよ',
    'メール止めてたので気づきませんでした、支払いは済んでます',
  ])('%s → not stop (notifications were off, past)', (text) => {
    expect(ja(text).intent).not.toBe('stop');
  });
  it('near-miss: 通知止めて alone opts out', () => {
    expect(ja('通知止めて').intent).toBe('stop');
  });
  it.each([
    '締め日だけは送信を控えてもらえますか。それ以外の日は問題ありません',
    'その日だけは連絡を控えてください、ほかの日は大丈夫です',
  ])('%s → other (a contact-time request)', (text) => {
    expect(ja(text).intent).toBe('other');
  });
  it('near-miss: 連絡は今後お控えください opts out', () => {
    expect(ja('督促の連絡は今後お控えください').intent).toBe('stop');
  });
});

describe('dates: a day given as the reason for the later one', () => {
  it.each([
    ["Our office is closed Monday for a holiday, so we'll wire it Tuesday.", '2026-11-24'],
    ["Payroll falls on Thanksgiving, so I'll pay Friday the 27th", '2026-11-27'],
  ])('%s → %s', (text, date) => {
    expect(en(text).entities.date).toBe(date);
  });
  it('ja: 祝日で休みなので、翌日の… is the later day', () => {
    expect(ja('23日は祝日で銀行が休みなので、翌日の24日に振り込みます').entities.date).toBe('2026-11-24');
  });
  it('near-miss: a payday then a later day without a holiday keeps its reading', () => {
    expect(en("I'll pay Monday so the Friday fee is avoided").entities.date).toBe('2026-11-23');
  });
  it('ja: 1週間だけお待ちいただけますか is a week from today', () => {
    expect(ja('1週間だけお待ちいただけますか').entities.date).toBe('2026-11-27');
  });
});

describe('a STOP someone at the company (or family) sent, the notices asked back → start', () => {
  it.each([
    'スタッフが間違えてSTOPと返信したようです。通知は引き続き送ってください',
    '娘が私のスマホからストップを送ったみたいです。連絡は今まで通りでお願いします',
  ])('%s → start', (text) => {
    expect(ja(text).intent).toBe('start');
  });
  it('near-miss: a STOP sent by staff with no notices asked back is not a re-subscribe', () => {
    expect(ja('スタッフがSTOPを送ったそうです').intent).not.toBe('start');
  });
});

describe('business English: payment already done, EMI, tranches', () => {
  it.each([
    ['Payment already done on the 18th itself, please update records.', 'paid'],
    ['Can our firm pay this in EMI?', 'installment'],
    ['Is an EMI plan possible for this invoice', 'installment'],
  ])('%s → %s', (text, intent) => {
    expect(en(text).intent).toBe(intent);
  });
  it('"in four tranches" counts four installments', () => {
    const r = en('Could the company settle this in four tranches?');
    expect(r.intent).toBe('installment');
    expect(r.entities.installments).toBe(4);
  });
  it('near-miss: the name Emi is not an installment', () => {
    expect(en('Emi here, I paid it yesterday').intent).toBe('paid');
  });
});

describe('late-night typing and voice-to-text: the wrong kanji, a stray space', () => {
  it.each(['背信停止お願いします', 'もう遅らないで', 'おくらにいでください', 'ﾊｲｼﾝﾃｲｼ ｵﾈｶﾞｲｼﾏｽ', 'そうしん停止で'])('%s → stop', (text) => {
    expect(ja(text).intent).toBe('stop');
  });
  it('near-miss: 遅らせて (a delay asked) stays extend', () => {
    expect(ja('支払いを1週間遅らせてもらえますか').intent).toBe('extend');
  });
  it('"stop tex ting me" is stop texting me', () => {
    expect(en('pls stop tex ting me')).toMatchObject({ intent: 'stop' });
  });
});

describe('a payment someone made for the debtor (trusted over the model)', () => {
  it.each(['介護の人に頼んで銀行で振り込んでもらいました。控えもあります', '娘が代わりに払ってくれました'])('%s → paid', (text) => {
    expect(ja(text)).toMatchObject({ intent: 'paid', rule: 'ja.paid.proxy' });
  });
  it('near-miss: asking someone to pay is not a payment', () => {
    expect(ja('娘に頼んで払ってもらえますか').intent).not.toBe('paid');
  });
});

describe('lines the round-14 retrain moved (rules now name them)', () => {
  it.each([
    'Three texts since breakfast. I want them stopped, all of it.',
    'bro relax with the texts, im done with em',
  ])('%s → stop', (text) => {
    expect(en(text).intent).toBe('stop');
  });
  it('near-miss: done with them about the payments is not an opt-out', () => {
    expect(en("the payments? i'm done with them, paid it all").intent).not.toBe('stop');
  });
  it.each(['$380 for a studio? no way that is right', 'thats not even the right balance'])('%s → dispute', (text) => {
    expect(en(text).intent).toBe('dispute');
  });
});

describe('a fee for something never done (ja.dispute.no_memory)', () => {
  it('解約料って何？解約なんかしてないよ → dispute', () => {
    expect(ja('解約料って何？解約なんかしてないよ').intent).toBe('dispute');
  });
  it('near-miss: asking what a fee is stays help', () => {
    expect(ja('手数料って何ですか').intent).toBe('help');
  });
});
