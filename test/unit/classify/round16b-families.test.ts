/**
 * Issue #9, round 16b: the families whose old golden lines the lead27 retrain moved (trained without the ~290 short lines
 * equal to the sealed holdout-35/36, decision 0139). The phrasings are our own (never a held-out line); each family has a
 * near-miss that must keep its own intent. Rules via helpers.ts's ja()/en() (Friday 2026-11-20, 10:00); enTiers/jaTiers
 * through the model too, for the rules the retrain overruled (trusted in tiers.ts).
 */
import { describe, expect, it } from 'vitest';
import { en, enTiers, ja, jaTiers } from './helpers.js';

describe('a charge for something never used, a service never used, an account cancelled before (dispute)', () => {
  it.each([
    'why is there an overseas calling fee? I have not called anyone outside the state',
    'Why am I charged for roaming when I never left Ohio?',
    "my aunt has lived in a care home since spring and hasn't used this line once",
    'we have never used this service at our address',
    'My wife cancelled this plan before she passed away, I kept the email',
    'he closed this account back in January, I have his confirmation',
  ])('%s → dispute', (text) => {
    expect(en(text).intent).toBe('dispute');
  });
  it('near-miss: asking what a fee is for is help', () => {
    expect(en('what is the international fee for?').intent).toBe('help');
  });
  it('near-miss: a death and no money left is hardship', () => {
    expect(en('my husband died in the spring and there is no money left for bills').intent).toBe('hardship');
  });
});

describe('a bill that grew from last month (dispute)', () => {
  it.each(['Last month it was $40 and now you want $130?', 'last bill was $25, now it says $90'])('%s → dispute', (text) => {
    expect(en(text).intent).toBe('dispute');
  });
  it('near-miss: last month named while paying now is pay', () => {
    expect(en("same as last month, I'm paying it now").intent).toBe('pay');
  });
});

describe('paid with a named app, the final balance paid (paid)', () => {
  it.each([
    'I used Zelle to pay the bill last night',
    'used my debit card to pay it earlier',
    'the balance was cleared with PayPal',
    'I paid the final bill when I moved out, look it up',
    'We remitted the payment on our net 60 terms last Monday',
  ])('%s → paid', (text) => {
    expect(enTiers(text).intent).toBe('paid');
  });
  it.each(['can I use Zelle to pay it?', "I'll use PayPal to pay it tonight", 'I will pay the final balance once I move out'])('near-miss: %s is not paid', (text) => {
    expect(en(text).intent).not.toBe('paid');
  });
});

describe('money going in tonight (pay), which words to text back (help)', () => {
  it.each(['The rent is going in tonight', 'payment goes through this evening'])('%s → pay', (text) => {
    expect(en(text).intent).toBe('pay');
  });
  it('near-miss: rent that cannot be paid is hardship', () => {
    expect(en("I can't cover rent and this at the same time").intent).toBe('hardship');
  });
  it.each(['What are we supposed to reply back?', 'are there any keywords for this', 'what should I text back'])('%s → help', (text) => {
    expect(en(text).intent).toBe('help');
  });
  it('near-miss: asking what is owed is pay', () => {
    expect(en('what do I owe?').intent).toBe('pay');
  });
});

describe("a name nobody knows (wrong number), \"don't recognise this — what account?\" (help)", () => {
  it.each(["I don't know any Okafor", 'Sorry, we do not know anyone named Ingrid'])('%s → wrong_number', (text) => {
    expect(enTiers(text).intent).toBe('wrong_number');
  });
  it.each(["I don't know any details yet", "I don't know any better way to pay this"])('near-miss: %s is not a wrong number', (text) => {
    expect(en(text).intent).not.toBe('wrong_number');
  });
  it.each(["Don't recognise this. Which account?", 'I do not recognize this. What company is this?'])('%s → help', (text) => {
    expect(en(text).intent).toBe('help');
  });
  it('near-miss: not recognising a charge disputes it', () => {
    expect(en("I don't recognize this charge").intent).toBe('dispute');
  });
});

describe("a relative's balance (pay), a client gone bust (hardship)", () => {
  it("how much is still owed on my mother's account? → pay", () => {
    expect(en("How much is owed on my mother's account now?").intent).toBe('pay');
  });
  it.each(['our main client went into liquidation, cash flow is gone', 'cashflow has dried up since a customer went bust'])('%s → hardship', (text) => {
    expect(en(text).intent).toBe('hardship');
  });
  it('a wait for a named income with "until" asks for time', () => {
    expect(en('please hold off until my pension comes in').intent).toBe('extend');
  });
});

describe('Japanese: no reason to pay, おかしくない？, settled at cancellation, the settlement amount, a wait for approval', () => {
  it.each([
    'そちらの手違いなので延滞金を払う理由はありません',
    '使ってないサービスの料金なんて払う訳ないです',
    '解約した月の分まで引かれてるのおかしくない？',
    '退会時に精算済みです。請求をもう一度確認してください',
  ])('%s → dispute', (text) => {
    expect(jaTiers(text).intent).toBe('dispute');
  });
  it.each(['払う理由がわかったので今日払います', '昨日コンビニで支払い済みです'])('near-miss: %s is not a dispute', (text) => {
    expect(ja(text).intent).not.toBe('dispute');
  });
  it.each(['解約するときの精算額を教えてください', '最終的な返済額を知りたい'])('%s → pay', (text) => {
    expect(ja(text).intent).toBe('pay');
  });
  it.each(['決裁が下りてから振り込みます', '来期の予算が確定してからお支払いします'])('%s → extend', (text) => {
    expect(ja(text).intent).toBe('extend');
  });
  it('near-miss: the budget already fixed and paying today is pay', () => {
    expect(ja('予算が確定したので今日払います').intent).toBe('pay');
  });
});

describe("Japanese: a relative's number and the relative has died (wrong number, over the model)", () => {
  it.each(['父の携帯ですが、父は去年亡くなりました', '母の番号だったんですが母は他界しています'])('%s → wrong_number', (text) => {
    expect(jaTiers(text).intent).toBe('wrong_number');
  });
  it('near-miss: a death and no income is hardship', () => {
    expect(ja('夫が亡くなって収入がなく、払えません').intent).toBe('hardship');
  });
});

describe('Japanese: a bare は？ / え？ says nothing (other); なにこれ asks what this is (help)', () => {
  it.each(['は？', 'え？', 'ん？？'])('%s → other', (text) => {
    expect(jaTiers(text).intent).toBe('other');
  });
  it('near-miss: なにこれ？ → help', () => {
    expect(ja('なにこれ？').intent).toBe('help');
  });
});

describe('lines the round-16b retrain moved against main, held by rules', () => {
  it.each([
    ['We have never done business with your firm', 'dispute'],
    ['rather talk this through over the phone than by text', 'human'],
    ["what's the total with the late fees", 'pay'],
    ["I'll pay it this evening", 'pay'],
    ['We have no purchase order on file for this bill', 'dispute'],
  ])('%s → %s', (text, intent) => {
    expect(enTiers(text).intent).toBe(intent);
  });
  it('near-miss: never done business with us and "wrong person" is a wrong number', () => {
    expect(en("I've never done business with you, you have the wrong person").intent).toBe('wrong_number');
  });
  it('near-miss: "stop calling, text only" keeps the texts (other), not a request for a call', () => {
    expect(en('stop calling me, text only').intent).toBe('other');
  });
  it.each(['ガス代が倍になってるんだけど、なんで？', '今月の請求額が2倍近くに増えています'])('%s → dispute', (text) => {
    expect(jaTiers(text).intent).toBe('dispute');
  });
  it('near-miss: 倍 about something else is not a dispute', () => {
    expect(ja('仕事が倍になって大変です、支払いは来週にさせて').intent).not.toBe('dispute');
  });
});
