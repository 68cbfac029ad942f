/**
 * Round 5 of issue #9: the families holdout-11's scored run showed missing, each held by phrasings that
 * are not holdout lines, with near-misses the other way (docs/classifier.md "Round 5"). Cases go
 * through the local tiers (keywords → rules → model, no LLM), as the engine reads replies.
 */
import { describe, expect, it } from 'vitest';
import { readersAt } from './helpers.js';
import { normalise } from '../../../src/classify/normalise.js';
import { detectOptKeyword } from '../../../src/classify/rules/index.js';

// A Wednesday, so "Friday", "a week from tomorrow" and "tonight" resolve to known days.
const NOW_EN = '2026-12-09T09:00:00-05:00';
const NOW_JA = '2026-12-09T09:00:00+09:00';
const { read } = readersAt({ ja: { now: NOW_JA, timezone: 'Asia/Tokyo' }, en: { now: NOW_EN, timezone: 'America/New_York' } });
const localEn = (text: string) => read(text, { locale: 'en' });
const localJa = (text: string) => read(text, { locale: 'ja' });

describe('normalise: spacing voiced marks compose, kana spellings fold', () => {
  it.each([
    ['ストッフ゜です', 'ストップです'],
    ['ｽﾄｯﾌ゜', 'ストップ'],
    ['ストッフ゛', 'ストップ'], // ストッブ, read as a misspelt ストップ
    ['しつぎょうちゅう', '失業ちゅう'],
    ['ざんだかは', '残高は'],
    ['きのうはらいまひた', 'きのう払いました'],
  ])('%j → %j', (raw, text) => expect(normalise(raw, { locale: 'ja' }).text).toBe(text));
});

describe('opt-outs with neither a stop word nor a send word', () => {
  it.each(['leave my phone alone', 'count me out of your reminders', 'I want nothing to do with your texts', 'get off my phone', 'erase me from your list', 'this number is not to be messaged again', 'この通知から抜けたいです', 'もう私のスマホに関わらないで', '停止って何度も言ったよね'])('%j is an opt-out', (text) => {
    expect(read(text).intent).toBe('stop');
  });
  it.each([
    ['stay away from my family', 'stop'],
    ['I want out of this payment plan', 'stop'],
    ['get me out of this plan', 'stop'],
  ])('%j is not', (text, not) => expect(read(text).intent).not.toBe(not));
});

describe('START when someone else sent STOP', () => {
  it.each(['my roommate typed stop on my phone, please resume the texts', 'it was not me that sent STOP, keep the reminders coming', '娘が勝手に停止と返信しました。通知は続けてください'])('%j is start', (text) => {
    expect(read(text).intent).toBe('start');
    expect(detectOptKeyword(text)).not.toBe('stop');
  });
  it('"my wife sent STOP" alone is not a start', () => expect(read('my wife sent STOP').intent).not.toBe('start'));
});

describe('contact times are other, never stop', () => {
  it.each(['please stop texting at 6am, after noon is fine', 'could you not message me at 7am, evenings are better', 'Can you not text me during church on Sunday morning', '朝7時に送るのはやめて、昼ならいいです'])('%j', (text) => {
    const c = read(text);
    expect(c.intent).toBe('other');
  });
  it('a stop verb narrowed to a time stays in the band', () => expect(read('please stop texting me at work').optOutSuspected).toBe(true));
});

describe('payments told with a past day are paid, promises with a day stay extend', () => {
  it.each(['my sister covered it on Tuesday', 'the money order went out in Monday\'s mail', 'I dropped off the payment Thursday', '火曜に母が全部払ってくれました', '月曜に全額振込んどいたわ', '口座を解約してたので、コンビニで払い直しました'])('%j is paid', (text) => {
    expect(read(text).intent).toBe('paid');
  });
  it.each([
    ['my mom will cover it on Monday', '2026-12-14'],
    ["won't stop til it's paid, Wednesday I'll have it", '2026-12-16'],
  ])('%j is extend (%s)', (text, date) => {
    const c = read(text);
    expect(c.intent).toBe('extend');
    expect(c.entities.date).toBe(date);
  });
});

describe('plans stated as amounts and paydays', () => {
  it.each([
    ['$80 on each of my next three paychecks', 3, 80],
    ['I can do $60 now and $60 on the 1st', 2, 60],
    ['5 months of payments please', 5, undefined],
    ['thirty bucks a week till its done', undefined, 30],
    ['半分を今月、残りは来月にしてもらえますか', 2, undefined],
    ['一括はやめて3回払いにしたいです', 3, undefined],
  ])('%j → installment ×%s, %s', (text, n, amount) => {
    const c = read(text);
    expect(c.intent).toBe('installment');
    expect(c.entities.installments).toBe(n);
    expect(c.entities.amount).toBe(amount);
  });
  it('"Can I pay $100 now?" is pay, not a plan', () => expect(read('Can I pay $100 now?').intent).toBe('pay'));
});

describe('scam and legitimacy checks are help; balance questions are pay', () => {
  it.each(['are you a real company?', 'what is your company name and phone number so I can verify', 'how can I tell this isn\'t a scam', '本物の会社ですか？確認したいので会社名と電話番号を教えて', '詐欺じゃないですよね？'])('%j is help', (text) => {
    expect(read(text).intent).toBe('help');
  });
  it.each([
    ['Is this legit? I already paid', 'paid'],
    ['this is a scam, I never borrowed anything', 'dispute'],
  ])('%j keeps %s', (text, intent) => expect(read(text).intent).toBe(intent));
  it.each(['what is my balance', 'how much do I still owe you', 'how mutch do i owe', '残高を教えて', '今いくら残ってますか'])('%j is pay', (text) => {
    expect(read(text).intent).toBe('pay');
  });
});

describe('same-day promises tied to a clock time; counted and holiday dates', () => {
  it.each([
    ["I get off work at 5, I'll pay tonight", 'extend', '2026-12-09'],
    ["I'm at work till 5 today, so I'll pay Saturday", 'extend', '2026-12-12'],
    ["I'll pay a week from tomorrow", 'extend', '2026-12-17'],
    ["two weeks from Friday I can pay", 'extend', '2026-12-25'],
    ['仕事が6時に終わるので今夜払います', 'extend', '2026-12-09'],
    ['クリスマスイブまでに払います', 'extend', '2026-12-24'],
    ['クリスマスまでに払います', 'extend', '2026-12-25'],
  ])('%j → %s %s', (text, intent, date) => {
    const c = read(text);
    expect(c.intent).toBe(intent);
    expect(c.entities.date).toBe(date);
  });
  it('"I\'ll pay it tonight" alone stays pay (today)', () => expect(read("I'll pay it tonight").intent).toBe('pay'));
});

describe('hardship told as a life story', () => {
  it.each(['the car is in the shop and the kids need new shoes', 'I had to quit my job to look after my sick wife', "I'm going through a divorce and living on one income", '親の介護で仕事を辞めました', '離婚して一人で子どもを育てていて余裕がありません', 'ｼﾂｷﾞｮｳ ｼﾏｼﾀ'])('%j is hardship', (text) => {
    expect(read(text).intent).toBe('hardship');
  });
  it.each([
    ['母が亡くなりました、分割にできますか', 'installment'],
    ['介護で大変ですが、来週払います', 'extend'],
  ])('%j is %s (the plan or the promise wins)', (text, intent) => expect(read(text).intent).toBe(intent));
});
