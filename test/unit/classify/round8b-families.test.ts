/**
 * Round 8b of issue #9: families from the writers w11 (opt-outs and stop-word traps), w12 (dates, amounts; today the last
 * day of a month) and w13 (stories), read with models trained without each writer. Phrasings here are not lines of any
 * set; near-misses go the other way. Local tiers (keywords → rules → model, no LLM).
 */
import { describe, expect, it } from 'vitest';
import { readersAt } from './helpers.js';
import { normalise } from '../../../src/classify/normalise.js';

// Thursday 30 September 2027, the last day of the month.
const NOW_EN = '2027-09-30T10:15:00-07:00';
const NOW_JA = '2027-09-30T10:15:00+09:00';
const { read, noReminder } = readersAt({ ja: { now: NOW_JA, timezone: 'Asia/Tokyo' }, en: { now: NOW_EN, timezone: 'America/Los_Angeles' } });

describe('opt-outs decided as stop', () => {
  it.each([
    // consent withdrawn without を, or the consent named by what it was for
    '同意撤回でお願いします',
    '前に承諾したSMSですが、取り消します',
    // the other kanji of ていし, 送らないで without な, a misspelt ストップ, a raised hand
    '定止してください',
    '連絡しにでください',
    'ストッピで',
    '✋',
    // a threat tied to further texts
    'Text me again and I am going to report you',
    'Keep texting me and see what happens',
    'Stop texting or I will call my lawyer',
    // one-word opt-outs: Spanish carrier words, 中止 / 退会 / お断り alone
    'Baja por favor',
    'cancelar',
    '中止で',
    '退会します',
    'お断りです',
    // the messages named, then 来ないように / これ以上要らない / 全部オフ
    'もう督促の連絡は来ないようにしてください',
    '通知はこれ以上いりません',
    'メッセージは全部オフで',
    // blocked, reported to a regulator or the carrier, spam + blocking; "make them stop" once the texts are named
    "I've blocked your number",
    "I'm reporting these texts to the CFPB",
    "It's spam, I reported it",
    'The reminders keep coming, please make them stop',
    'Paren con los mensajes por favor',
    // reported, then called spam (no として)
    '通報しました。迷惑メールです',
    '迷惑SMSだから通報済み',
  ])('%j → stop', (text) => expect(read(text).intent).toBe('stop'));
});

describe('opt-outs at least in the band', () => {
  it.each(['Not interested', 'no thanks', 'Nope.', '興味ないです', '嫌です', 'stfu', 'pack it in'])('%j → no reminder', (text) =>
    expect(noReminder(text)).toBe(true),
  );
});

describe('opt-out near-misses keep their intent', () => {
  it.each([
    // a question about the keyword is HELP
    ['Does replying STOP cost me anything?', 'help'],
    ['Do I need to text UNSUBSCRIBE?', 'help'],
    ['Can I still ask for an extension if I unsubscribe?', 'help'],
    ['How do I get the texts back on after I opt out?', 'help'],
    ['「停止」って送っても料金かかりますか', 'help'],
    // a change of mind that asks for the texts back
    ['I texted stop but changed my mind, please resume', 'start'],
    ['停止したのを取り消したいです', 'start'],
    // a plan's consent, a payment's stop, the gym left
    ['分割の同意を撤回したい', 'installment'],
    // a blocked card, a spam question, the bot's canned replies stopped to reach a person
    ['I blocked my card by mistake, how do I pay now?', 'pay'],
    ['Is this spam? I nearly reported it', 'help'],
    ['Stop the automated replies and put me through to a real person', 'human'],
    // someone else's name on the account is a dispute; the number's last owner a wrong number
    ['父の名義の契約なので、私は関係ないです', 'dispute'],
    ['この番号の前の持ち主のことは知りません、私は関係ないです', 'wrong_number'],
    // a message sent to the wrong chat asks nothing; where the number came from is help; an amount that does not add up
    ['ごめんなさい、誤爆しました', 'other'],
    ['Oops wrong chat', 'other'],
    ['Who sold you my number?', 'help'],
    ['The balance just does not add up', 'dispute'],
  ] as const)('%j → %s', (text, intent) => expect(read(text).intent).toBe(intent));

  it.each(['I changed my mind, stop texting me', 'I said stop and I have not changed my mind', '中止してください'])('%j is still an opt-out', (text) =>
    expect(read(text).intent).toBe('stop'),
  );

  it('a bare "no" answering a yes/no question is an answer, not a possible opt-out', () => {
    const c = read('no', { context: { expecting: 'yes_no' } });
    expect(c.entities.answer).toBe('no');
    expect(c.optOutSuspected).toBeUndefined();
  });

  it('a bare "no" with something else said is not a bare refusal', () => {
    expect(read('No, I paid already').intent).toBe('paid');
  });
});

describe('dates: holidays, the nth weekday, a weekday with its day, kana days', () => {
  it.each([
    ["I'll pay it by Halloween", '2027-10-31'],
    ['Can I pay on Veterans Day?', '2027-11-11'],
    ['Columbus Day works for me to pay', '2027-10-11'],
    ['I can do Memorial Day', '2028-05-29'],
    ['勤労感謝の日に払います', '2027-11-23'],
    ['スポーツの日までに振り込みます', '2027-10-11'],
    ['My check comes the third Friday, I can pay then', '2027-10-15'],
    ['I will pay the first Monday of next month', '2027-10-04'],
    ['I will pay the last Friday of the month', '2027-10-29'],
    ['Would Tuesday the 12th work for paying?', '2027-10-12'],
    ['End of next week, Thursday the 7th', '2027-10-07'],
    ['とおかに払います', '2027-10-10'],
    ['はつかまで待ってください', '2027-10-20'],
  ])('%j → %s', (text, date) => expect(read(text).entities.date).toBe(date));

  it.each([
    // いつか is "some day", not the 5th
    ['いつか払います', undefined],
  ])('%j has no date', (text, date) => expect(read(text).entities.date).toBe(date));

  it('kana days of the month fold to digits, other kana words do not', () => {
    expect(normalise('ついたちに').compact).toBe('1日に');
    expect(normalise('いつか').compact).toBe('いつか');
    expect(normalise('払うたで').compact).toBe('払ったで');
    expect(normalise('払うたらええ').compact).toBe('払うたらええ');
  });
});

describe('instalments: a first part with its time, then the rest with another', () => {
  it.each([
    ['半分は今月末、残りは来月でお願いします', 2],
    ['10日と25日に2万ずつ払わせてください', 2],
    ['Half on Friday, rest on the 20th', 2],
    ['$150 this week and $150 in two weeks', 2],
  ])('%j → %i parts', (text, n) => expect(read(text).entities.installments).toBe(n));

  it('a day alone is not a plan', () => expect(read('10日に払います').entities.installments).toBeUndefined());
});
