/**
 * Issue #9, round 16: the families the retired holdout-32 (sole traders and tiny shops in tax-return season, staff replying
 * for the owner, amounts in pounds on the en side) and holdout-34 (angry, sarcastic and tired debtors over the summer
 * holidays) missed untouched. The phrasings are our own (never the sets' lines); each family has a near-miss that must keep
 * its intent. ja()/en() are the rules (helpers.ts: Friday 2026-11-20, 10:00); jaTiers/enTiers go through the model too, and
 * `noReminder` is what band recall counts (decided as stop, or held in the "might be an opt-out" band).
 */
import { describe, expect, it } from 'vitest';
import { normalise } from '../../../src/classify/normalise.js';
import { en, enTiers, ja, jaTiers } from './helpers.js';

const noReminder = (c: { intent: string; optOutSuspected?: boolean }): boolean => c.intent === 'stop' || c.optOutSuspected === true;

describe('opt-outs that fell outside the band: paper instead of the phone, 「もう来んな」', () => {
  it.each([
    'Can we keep everything to post from now on',
    'paper only, thanks',
    'Keep it to letters please',
    'keep all correspondence to snail mail',
  ])('%s → stop', (text) => {
    expect(en(text).intent).toBe('stop');
  });
  it.each(['keep the letters coming', 'post me a copy of the invoice please', "I'll put a cheque in the post today"])('near-miss: %s is not an opt-out', (text) => {
    expect(en(text).intent).not.toBe('stop');
  });
  it.each([
    '今後は手紙でのやりとりだけにしてください',
    'これからのご連絡は一切不要でございます',
    'もう来んなっつってんだろ',
    '二度と来るなよこんなの',
  ])('%s → stop', (text) => {
    expect(ja(text).intent).toBe('stop');
  });
  it.each([
    ['来月払いますが、私の携帯に送ってくるのはもうやめてください'],
    ['stop site kudasai'],
  ])('sending to this number refused, STOP with romaji politeness: %s → stop', (text) => {
    expect(ja(text).intent).toBe('stop');
  });
  it.each(['もう来るなら連絡して', '請求書は郵送でお願いします', '今後の返信は不要です', '私に送ってくるのは請求書だけにして', 'stop shite kara harau'])('near-miss: %s is not an opt-out', (text) => {
    expect(ja(text).intent).not.toBe('stop');
  });
  // The band's net for the same families: phrasings the keyword rules do not name still get no reminder.
  it.each([
    ["I'd rather you wrote to me instead, proper letters only"],
    ['支払いの件は郵便だけにして'],
    ['「お支払いをお願いします」って、だから来んなって'],
  ])('the band holds %s', (text) => {
    expect(noReminder(/[ぁ-んァ-ヶ一-龯]/.test(text) ? jaTiers(text) : enTiers(text))).toBe(true);
  });
  it.each([["I'll put a cheque in the post today"], ['Can you post me a copy of the statement only, not the whole pack?'], ['請求書だけ郵送でお願いします']])('near-miss: the band does not take %s', (text) => {
    expect((/[ぁ-んァ-ヶ一-龯]/.test(text) ? jaTiers(text) : enTiers(text)).optOutSuspected).not.toBe(true);
  });
});

describe('British opt-outs: give over, a regulator threatened, the formal "be discontinued", Scots nae mair', () => {
  it.each([
    'give over with the texts, mate',
    "Stop texting or I'm going to the ombudsman",
    'I must request that these text reminders be discontinued at once',
    'nae mair messages',
  ])('%s → stop', (text) => {
    expect(en(text).intent).toBe('stop');
  });
  it.each(['give over the keys when you leave', "stop the late fees or I'm going to the ombudsman", 'I request that the late fee be discontinued'])('near-miss: %s is not an opt-out', (text) => {
    expect(en(text).intent).not.toBe('stop');
  });
  it('folds nae mair and wot only as words', () => {
    expect(normalise('nae mair texts').text).toBe('no more texts');
    expect(normalise('wot do i owe').text).toBe('what do i owe');
    expect(normalise('wotsit').text).toBe('wotsit');
  });
});

describe('false opt-outs: a stop taken back, a relative who set it, a time given as the reason', () => {
  it.each([
    ["I texted stop last week but I've changed my mind, carry on", 'start'],
    ['sorry, I said stop yesterday, we actually need the reminders', 'start'],
    ['unblock my number, I want the reminders', 'start'],
  ])('%s → %s', (text, intent) => {
    expect(en(text).intent).toBe(intent);
  });
  it('near-miss: "I said stop, I really need these to end" stays an opt-out', () => {
    expect(en('I said stop, I really need these to end').intent).toBe('stop');
  });
  it.each([
    ['姪っ子が勝手に停止を押しちゃったので、また通知を送ってください', 'start'],
    ['配信停止はなしで。通知がないと忘れるので', 'start'],
  ])('%s → %s', (text, intent) => {
    expect(ja(text).intent).toBe(intent);
  });
  it('a time narrowed and any other time allowed is a contact-time request', () => {
    expect(ja('夜は忙しいので連絡を止めてもらえると助かります。昼ならいつでも').intent).toBe('other');
    expect(ja('連絡を止めてもらえると助かります').intent).toBe('stop');
  });
  it('a payment claim closing on "It\'s paid." is paid, not an opt-out', () => {
    expect(en("Honestly I can show you the bank statement if you doubt me. It's paid.").intent).toBe('paid');
    expect(enTiers("Honestly I can show you the bank statement if you doubt me. It's paid.").intent).not.toBe('stop');
    expect(en('is it paid?').intent).not.toBe('paid');
  });
});

describe('British sole traders and angry debtors: what they ask for', () => {
  it.each([
    ["Could you send your sort code and account number? I'll pay today", 'pay'],
    ['the quote said 300, the final bill says 450', 'dispute'],
    ['My tariff is £30 a month, not £60', 'dispute'],
    ['The payment will show as MILLER AND SONS on your side', 'paid'],
    ['Dropped the cheque in at the branch yesterday', 'paid'],
    ['it went out on the 2nd, should be with you by now', 'paid'],
    ['Right, will sort it now', 'pay'],
    ["Once the tax refund comes through I'll settle up", 'extend'],
    ["What's your company registration number?", 'other'],
    ['Can you send me a receipt for my accountant?', 'other'],
    ['What else can I text back apart from STOP?', 'help'],
    ['erm, what?', 'help'],
    ["I'm not Ms Okafor, this is a new phone", 'wrong_number'],
  ])('%s → %s', (text, intent) => {
    expect(en(text).intent).toBe(intent);
  });
  it('two figures: the second is not a day', () => {
    expect(en('the quote said 300, the final bill says 28').entities.date).toBeUndefined();
  });
  it.each([
    ["I'll drop the cheque in at the branch tomorrow", 'extend'],
    ["What's your VAT number and how much do I owe?", 'pay'],
    ["What's the balance? I'll pay today", 'pay'],
  ])('near-miss: %s → %s', (text, intent) => {
    expect(en(text).intent).toBe(intent);
  });
  it.each([
    ['で、結局いくら払えばいいわけ？', 'pay'],
    ['出張先からでも払えますか', 'pay'],
    ['5,500円？ 3,300円の契約なんですけど', 'dispute'],
    ['僕の計算だと12,000円なんですが', 'dispute'],
    ['申し込んだ覚えはないです。何かの間違いでは？', 'dispute'],
    ['独立してから仕事がほとんど入らなくて', 'hardship'],
    ['手数料が二重に取られてませんか', 'dispute'],
    ['領収書を発行してもらえますか。確定申告で使うので', 'other'],
  ])('%s → %s', (text, intent) => {
    expect(ja(text).intent).toBe(intent);
  });
  it.each([
    ['間違いメールです', 'wrong_number'],
    ['領収書はもらってます', 'paid'],
  ])('near-miss: %s → %s', (text, intent) => {
    expect(ja(text).intent).toBe(intent);
  });
});

describe('the merge of rounds 16 + 16b: lines its retrain moved, held by rules', () => {
  it.each([
    ['this is a scam, we never took out a loan with you', 'dispute'],
    ['fraud. i did not borrow any money from you people', 'dispute'],
    ['bogus, I never signed up for anything', 'dispute'],
    // near-misses: a scam asked about is help; a denial with no scam word is the older dispute rule's
    ['is this a scam? never had a text from you before', 'help'],
    ['is this a scam or real', 'help'],
  ])('%j → %s (through the model too)', (text, intent) => {
    expect(enTiers(text).intent).toBe(intent);
  });
  it.each(['今のうちに払っちゃいます', '休憩中なので今のうちに振り込んじゃいます', 'もう面倒だから払っちゃおう'])('%s → pay', (text) => {
    expect(jaTiers(text).intent).toBe('pay');
  });
  it.each([
    ['昨日払っちゃいました', 'paid'],
    ['うっかり二重に払っちゃったんですけど', 'dispute'],
  ])('near-miss: %s → %s', (text, intent) => {
    expect(jaTiers(text).intent).toBe(intent);
  });
});
