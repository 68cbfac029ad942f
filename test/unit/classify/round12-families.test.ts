/**
 * Issue #9, round 12: the families the retired holdout-23/24 missed on main (round 11). The phrasings here are our own
 * (never the sets' lines); each family has a near-miss that must keep its intent. Through the rules (helpers.ts: keywords
 * and rules, Friday 2026-11-20 10:00 in Tokyo / New York); the lines the round-12 retrain moved through the tiers too.
 */
import { describe, expect, it } from 'vitest';
import { en, enTiers, ja, jaTiers } from './helpers.js';

describe('opt-outs outside the band on main', () => {
  it.each(['書面のみでお願いします', '手紙だけにしてください'])('mail or writing only, said alone: %s → stop', (text) => {
    expect(ja(text).intent).toBe('stop');
  });
  it.each(['please only contact me by post', 'Reach me only by letter from now on', 'All correspondence about this debt must be in writing only.'])('mail or writing only, said alone: %s → stop', (text) => {
    expect(en(text).intent).toBe('stop');
  });
  it.each(['領収書を郵送でお願いします', '郵送のみですか？'])('near-miss: %s → not stop', (text) => {
    expect(ja(text).intent).not.toBe('stop');
  });
  it.each(['Can you mail me a copy of the bill?'])('near-miss: %s → not stop', (text) => {
    expect(en(text).intent).not.toBe('stop');
  });

  it.each(['st op texting me', 'sto p the messages'])('a stray space inside STOP: %s → stop', (text) => {
    expect(en(text).intent).toBe('stop');
  });

  it.each(['この電話番号、消してください', 'この番号は削除しといて'])('delete this number: %s → stop', (text) => {
    expect(ja(text).intent).toBe('stop');
  });
  it('near-miss: this number deleted because a new one is given → not stop', () => {
    expect(ja('この番号消して、新しい番号090-1234-5678に送って').intent).not.toBe('stop');
  });

  it.each(['やめてくれないなら警察に相談します', '停止しないと弁護士に言うよ'])('stop, or I complain: %s → stop', (text) => {
    expect(ja(text).intent).toBe('stop');
  });
  it.each(["if you don't stop I'm calling my lawyer"])('stop, or I complain: %s → stop', (text) => {
    expect(en(text).intent).toBe('stop');
  });
  it('near-miss: a threat about something else → not stop', () => {
    expect(ja('分割にしてくれないなら消費者センターに相談します').intent).not.toBe('stop');
  });
});

describe('false opt-outs on main (a stop word used for something else)', () => {
  it.each(['これって詐欺？着信拒否したほうがいいかな', 'ブロックするべき？'])('asking whether to block: %s → not stop', (text) => {
    expect(ja(text).intent).not.toBe('stop');
  });
  it('blocking done is still an opt-out', () => {
    expect(ja('迷惑なのでブロックしました').intent).toBe('stop');
  });

  it.each(['No need to unsubscribe me, I like the reminders', "You don't have to stop the texts, it was a joke"])('keeping the texts: %s → not stop', (text) => {
    expect(en(text).intent).not.toBe('stop');
  });

  it.each(["There's a $25 late fee on my bill. Please remove it.", 'You added interest again. Cancel it.'])('remove / cancel it = the fee named: %s → not stop', (text) => {
    expect(en(text).intent).not.toBe('stop');
  });
  it.each(['I paid. Stop it.', 'stop the reminders'])('still an opt-out: %s', (text) => {
    expect(en(text).intent).toBe('stop');
  });
});

describe('dates', () => {
  it.each([
    ['the 20th, I mean the 22nd', '2026-11-22'],
    ['Friday, no wait, Monday', '2026-11-23'],
  ])('a day taken back for a later one: %s → %s', (text, date) => {
    expect(en(text).entities.date).toBe(date);
  });
  it('a day taken back for a later one: 金曜、いや月曜で → 2026-11-23', () => {
    expect(ja('金曜、いや月曜で').entities.date).toBe('2026-11-23');
  });
  it('a company payment run on a day of every month is that day (extend), not a plan', () => {
    const r = en('Our AP team releases payments on the 25th of every month, you will be paid then.');
    expect(r.intent).toBe('extend');
    expect(r.entities.date).toBe('2026-11-25');
  });
  it('near-miss: an amount on a day of every month is a plan', () => {
    expect(en('I can send $50 on the 15th of every month').intent).toBe('installment');
  });
});

describe('intents', () => {
  it.each(['停止と打ったけど取り消して', 'やめたけどやっぱり通知ほしいです'])('start: %s', (text) => {
    expect(ja(text).intent).toBe('start');
  });
  it.each(["I opted out but I've changed my mind", 'Please resend the reminders'])('start: %s', (text) => {
    expect(en(text).intent).toBe('start');
  });
  it.each(['ストップって送ったら取り消せる？', '山田ではないです。名前の登録を直してください'])('near-miss: %s → not start', (text) => {
    expect(ja(text).intent).not.toBe('start');
  });
  it.each(['Can you resend the text with the link?'])('near-miss: %s → not start', (text) => {
    expect(en(text).intent).not.toBe('start');
  });

  it.each(['会費は3千のはずです。5千になってるのはなぜ', '月額1,200円のコースなのに2,400円引かれた'])('dispute: the agreed amount against the billed one, a bill from before moving in: %s', (text) => {
    expect(ja(text).intent).toBe('dispute');
  });
  it.each(['my bill is $80, not $120', 'the fee should be £10 not £40', 'This water bill covers the months before we moved in'])('dispute: the agreed amount against the billed one, a bill from before moving in: %s', (text) => {
    expect(en(text).intent).toBe('dispute');
  });
  it.each(['月3千円のプランにしてもらえますか'])('near-miss: %s → not dispute', (text) => {
    expect(ja(text).intent).not.toBe('dispute');
  });
  it.each(['I can pay $50 not $100', 'I moved in March, new address is 12 Oak St'])('near-miss: %s → not dispute', (text) => {
    expect(en(text).intent).not.toBe('dispute');
  });

  it.each(['バイト辞めてから次の仕事が決まらなくて'])('hardship: %s', (text) => {
    expect(ja(text).intent).toBe('hardship');
  });
  it.each(['Paying it is not possible after the flood'])('hardship: %s', (text) => {
    expect(en(text).intent).toBe('hardship');
  });

  it.each(['busy rn, will check this later', 'driving rn ill read it later'])('reading it later is not paying today: %s → other', (text) => {
    expect(en(text).intent).toBe('other');
  });
  it("near-miss: I'll pay it later → extend", () => {
    expect(en("I'll pay it later").intent).toBe('extend');
  });

  it.each(['our ACH went out on 11/18', 'The wire was sent Monday', 'I already make payment yesterday'])('paid: %s', (text) => {
    expect(en(text).intent).toBe('paid');
  });
  it('near-miss: a check that will go out → not paid', () => {
    expect(en('The check will go out next week').intent).not.toBe('paid');
  });

  it.each(['お支払い金額と期限を教えてください', '金額と振込先おしえて'])('pay: %s', (text) => {
    expect(ja(text).intent).toBe('pay');
  });
  it.each(["what's the remittance address for a cheque?"])('pay: %s', (text) => {
    expect(en(text).intent).toBe('pay');
  });
  it('a receipt asked for is other', () => {
    expect(en('Could you email me a receipt for my last payment?').intent).toBe('other');
  });
  it('a count of months before の分割 is the number of parts', () => {
    expect(ja('10ヶ月の分割でお願いできますか').entities.installments).toBe(10);
  });
});

describe('lines the round-12 retrain moved (w16–w17 trained on, holdout-23/24 out of training)', () => {
  it.each(['pay', 'Payment'])('a bare "pay": %s → pay', (text) => {
    expect(enTiers(text).intent).toBe('pay');
  });
  it.each(['How do I set up autopay?', 'I want to enroll in automatic payments'])('setting up autopay is pay: %s', (text) => {
    expect(enTiers(text).intent).toBe('pay');
  });
  it.each(['Venmo sent this morning', 'zelle done already'])('a channel, then sent / done: %s → paid', (text) => {
    expect(enTiers(text).intent).toBe('paid');
  });
  it('near-miss: a channel asked about → not paid', () => {
    expect(enTiers('Venmo ok?').intent).not.toBe('paid');
  });
  it.each(['I can pay once my tax refund lands', 'when my pension comes in I will sort it'])('paying once the money comes in: %s → extend', (text) => {
    expect(enTiers(text).intent).toBe('extend');
  });
  it('the unit price differs from the contract: dispute', () => {
    expect(jaTiers('契約と比べて単価が違います').intent).toBe('dispute');
  });
  it('a B2B invoice transferred: paid', () => {
    expect(jaTiers('お世話になっております。ご請求書No.551の件は昨日振込済みです').intent).toBe('paid');
  });
  it('…but with a request to stop the SMS it is an opt-out', () => {
    expect(jaTiers('ご請求書No.551の件は昨日振込済みです。今後SMSでの督促は停止してください').intent).toBe('stop');
  });
  it.each(['We have no purchase order for this invoice', 'I was never a client of yours'])('B2B: no PO, never a customer: %s → dispute, never stop', (text) => {
    expect(enTiers(text).intent).toBe('dispute');
  });
  it.each(['Paid it on Monday, why am I still getting texts?', 'this was settled. why are you still messaging me'])('paid, and why still texted: %s → paid', (text) => {
    expect(enTiers(text).intent).toBe('paid');
  });
  it("near-miss: not paid yet, why still texted → not paid", () => {
    expect(enTiers("I haven't paid because why are you still texting me about this").intent).not.toBe('paid');
  });
  it.each(['二度と遅れないようにします', '今後は支払いが遅れないように気をつけます'])('a promise never to be late again is no opt-out: %s', (text) => {
    expect(jaTiers(text).intent).not.toBe('stop');
  });
  it("…in English too: Sorry, it won't happen again", () => {
    expect(enTiers("Sorry, it won't happen again").intent).not.toBe('stop');
  });
  it('二度と送ってこないで is still an opt-out', () => {
    expect(jaTiers('二度と送ってこないで').intent).toBe('stop');
  });
  it('"I only owe half that": dispute', () => {
    expect(enTiers('why so much? I only owe about half').intent).toBe('dispute');
  });
});
