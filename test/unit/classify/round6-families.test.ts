/**
 * Round 6 of issue #9: the families holdout-12's scored run showed missing (holdout-12 is retired dev data),
 * the integrator's conventions (b) and "contact number → help", and the band for short messages with a stop
 * word that no tier can place — each held by phrasings that are not holdout lines, with near-misses the other
 * way (docs/classifier.md "Round 6"). Cases go through the local tiers (keywords → rules → model, no LLM).
 */
import { describe, expect, it } from 'vitest';
import { readersAt } from './helpers.js';
import { normalise } from '../../../src/classify/normalise.js';

// A Wednesday.
const NOW_EN = '2026-12-09T09:00:00-05:00';
const NOW_JA = '2026-12-09T09:00:00+09:00';
const { read } = readersAt({ ja: { now: NOW_JA, timezone: 'Asia/Tokyo' }, en: { now: NOW_EN, timezone: 'America/New_York' } });

describe('a plan told as amounts on days is an instalment request with its count', () => {
  it.each([
    ['$120 on the 12th and $120 on the 28th', 2, 120],
    ['$250 on Friday and another $250 on Jan 15', 2, 250],
    ['$100 by the 20th, $100 by the 5th and $100 by the 20th of Jan', 3, 100],
    ['12月15日に2万、1月15日に2万でお願いします', 2, 20000],
    ['15日に1万円、30日に1万5千円', 2, undefined],
  ])('%j → installment ×%d', (text, count, amount) => {
    const c = read(text);
    expect(c.intent).toBe('installment');
    expect(c.entities.installments).toBe(count);
    expect(c.entities.amount).toBe(amount);
  });
  it.each([
    ['I paid $200 on the 3rd and $100 on the 5th', 'installment'],
    ['10日に2万、25日に2万振り込みました', 'installment'],
    ['I can pay $50 on Friday', 'installment'],
  ])('%j is not', (text, not) => expect(read(text).intent).not.toBe(not));
});

describe('questions about what replying STOP does are help (convention b), never an opt-out', () => {
  it.each(['If I reply STOP, is my balance still due?', 'does opting out close my account?', '「停止」と返したら請求も止まりますか？', 'ストップって送ったら借金なくなるの？'])('%j → help', (text) => {
    expect(read(text).intent).toBe('help');
  });
});

describe('a refusal that allows another time is a contact-time request (other), not an opt-out', () => {
  it.each(['平日は停止してほしい、土日ならOK', '夜のメッセージはやめてください、昼なら大丈夫です', 'stop texting me at 6am, afternoons are fine', "don't message me during work, evenings are ok"])('%j → other', (text) => {
    expect(read(text).intent).toBe('other');
  });
  it.each(['停止してください', 'stop texting me', 'もう送らないで'])('%j stays an opt-out', (text) => expect(read(text).intent).toBe('stop'));
});

describe('asking for a number to call is help; asking for a person stays human', () => {
  it.each(["what's the number for customer support?", 'can I get a callback number', 'お問い合わせ番号を教えてください'])('%j → help', (text) => expect(read(text).intent).toBe('help'));
  it.each(['can someone call me', 'I want to talk to a person', '担当者と話したい', "what's your number? I'd rather call"])('%j → human', (text) => expect(read(text).intent).toBe('human'));
});

describe('paid at the counter after a stopped debit is paid, not a request for a person', () => {
  it.each(['口座振替が止まっていたので窓口で払ってきました', 'カードが停止されてたので、窓口で現金で支払いました'])('%j → paid', (text) => expect(read(text).intent).toBe('paid'));
  it('窓口 alone still asks for a person', () => expect(read('窓口の人と話したい').intent).toBe('human'));
});

describe('opt-outs: consent withdrawn, reported as spam, blocked, Portuguese, stretched spellings', () => {
  it.each(['メッセージの受信に同意した覚えはありません。同意を撤回します', '迷惑メールとして通報しました', 'reported you to my carrier as spam', "You've been blocked", 'Cease', 'Pare de me mandar mensagens', 'stooooop', 'I paid already so quit with the texts'])('%j → stop', (text) => {
    expect(read(text).intent).toBe('stop');
  });
  it.each([
    ['my card got blocked, how do I pay', 'stop'],
    ['I reported the fraud to my bank', 'stop'],
    ['同意書のコピーをください', 'stop'],
  ])('%j is not', (text, not) => expect(read(text).intent).not.toBe(not));
  it('stretched stop spellings fold', () => {
    expect(normalise('staaaahp').text).toBe('stop');
    expect(normalise('stooop').text).toBe('stop');
  });
});

describe('the band: a short message with a stop word that no tier places', () => {
  it.each(['omg stop', 'ugh STOP.', 'もうストップ', 'ほんまやめてや'])('%j is stop or in the band', (text) => {
    const c = read(text);
    expect(c.intent === 'stop' || c.optOutSuspected === true, JSON.stringify(c)).toBe(true);
  });
  it.each([
    ["I'll stop at the ATM on my way home and pay", 'pay'],
    ['停止をやめて、通知を戻して', 'start'],
    ['the bank stopped my card, how else can I pay', 'pay'],
  ])('%j keeps its intent (%s) and is not an opt-out', (text, intent) => {
    const c = read(text);
    expect(c.intent).toBe(intent);
    expect(c.optOutSuspected ?? false).toBe(false);
  });
  it.each(['えっと', 'ok thanks', 'うーん'])('%j stays out of the band', (text) => expect(read(text).optOutSuspected ?? false).toBe(false));
});

describe('Spanish and Portuguese', () => {
  it.each(['ya pagué', 'Já paguei ontem'])('%j → paid', (text) => expect(read(text).intent).toBe('paid'));
  it('ayuda is HELP', () => expect(read('ayuda').intent).toBe('help'));
});
