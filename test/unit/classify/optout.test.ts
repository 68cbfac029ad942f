import { describe, expect, it } from 'vitest';
import { en, ja } from './helpers.js';

const KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT-OUT', 'REMOVE'];
const JA_KEYWORDS = ['停止', '配信停止', 'ストップ', '解除', '受信拒否'];

const toFullWidth = (s: string) => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
const cases = (k: string) => [k, k.toLowerCase(), k[0] + k.slice(1).toLowerCase(), toFullWidth(k), toFullWidth(k.toLowerCase())];
const wrappers = [(k: string) => k, (k: string) => `  ${k}  `, (k: string) => `${k}.`, (k: string) => `${k}!!!`, (k: string) => `\n${k}\t`, (k: string) => `"${k}"`, (k: string) => `${k} 🙏`, (k: string) => `　${k}　`];

describe('opt-out keywords: keyword × case × width × whitespace/punctuation', () => {
  for (const k of KEYWORDS) {
    for (const variant of cases(k)) {
      for (const wrap of wrappers) {
        const text = wrap(variant);
        it(`${JSON.stringify(text)} is an opt-out`, () => {
          expect(en(text).intent).toBe('stop');
          expect(ja(text).intent).toBe('stop'); // the locale does not matter for keywords
        });
      }
    }
  }
  for (const k of JA_KEYWORDS) {
    for (const wrap of wrappers) {
      const text = wrap(k);
      it(`${JSON.stringify(text)} is an opt-out`, () => expect(ja(text).intent).toBe('stop'));
    }
  }
});

describe('opt-out phrases and keywords in short sentences', () => {
  it.each([
    'Stop. Thank you',
    'stop please',
    'Please stop',
    'STOP I already paid',
    'Stop, I will call you myself',
    'I paid already. STOP',
    'Stop texting me',
    'stop sending me these messages',
    'please stop contacting me',
    "don't text me again",
    'Do not contact me',
    'no more texts please',
    'Take me off your list',
    'remove me from this list',
    'How do I unsubscribe?',
    'I want to opt out',
    'leave me alone',
    'I revoke my consent to be contacted',
    'stpo',
    "I don't want these texts anymore",
    'do not want any more messages',
    'I want no further contact by text message',
    'STOP I paid',
    'stop it with the texts',
    // second round (issue #9): families the untouched holdout-6 run showed missing
    'could you not text me anymore',
    'please no longer send texts to me',
    'I never want to hear from your company again',
    "I'm done getting your texts",
    'stop with the messages already',
    'no mas textos por favor',
    'dejen de escribirme',
    'email only, no texts',
    'S T O P',
    's.t.o.p.',
    'ST0P',
    'cease and desist',
    'opt my number out',
    'discontinue all text messages',
    'no more text reminders',
    'get me off your list',
  ])('en %j → stop', (text) => {
    const r = en(text);
    expect(r.intent).toBe('stop');
    expect(r.classifiedBy).toBe('rules');
    expect(r.rule).toMatch(/^stop\./);
  });

  it.each([
    'もう送らないで',
    '連絡しないでください',
    'もう連絡してこないでください',
    '配信停止お願いします',
    '停止してください',
    '停止。ありがとう',
    'ストップで',
    'メッセージはもう不要です',
    '今後一切送ってこないでください',
    '払ったのでもう送ってこないで',
    '配信停止を希望します',
    '二度と連絡しないで',
    'ＳＭＳ停止',
    '止めてください',
    'やめて',
    'もうやめてくれ',
    '配信を止めて',
    '通知オフにしてください',
    '今後の連絡は一切不要です',
    'もう送らんといて',
    'メールせんでください',
    'しつこいんでやめてもらえます？',
    '今後メッセージは要りません',
    // second round (issue #9)
    '今後の連絡はお断りします',
    'SMSは拒否します',
    'ご連絡はおやめください',
    '連絡はもうしないでください',
    '今後送らないこと',
    'もう送ってくんな',
    '連絡すんな',
  ])('ja %j → stop', (text) => expect(ja(text).intent).toBe('stop'));
});

describe('opt-out precision: the word in a sentence is not an opt-out', () => {
  it.each([
    "I can't stop worrying about this bill",
    'when does the payment end?',
    'cancel my instalment plan?',
    'Can I cancel the late fee?',
    'I will pay by the end of the month',
    'End of the month is better for me',
    'remove the late fee and I will pay today',
    'I had to quit my job last month',
    "don't text me before 9am please",
    'do not contact me at work',
    'Is there a way to stop the interest?',
    'can you remove the extra charge',
    'I want to start a payment plan',
    'When will the reminders stop after I pay?',
    'I need help',
    "I don't want a payment plan",
    'Can I stop the automatic payment on my card?',
    'cancel my card?',
    'STOP IT WITH THE LATE FEES, I was never late',
    "I can't stop laughing lol",
    "please don't stop the reminders",
    'unsubscribe me from the emails, texts are fine',
    'where did you get my number from',
    'end the payment plan early?',
  ])('en %j is not stop', (text) => expect(en(text).intent).not.toBe('stop'));

  it.each([
    '口座振替を停止したいのですが',
    '分割払いの解除はできますか',
    '夜は連絡しないでください',
    '21時以降は連絡しないで',
    '支払いが遅れるのはストップしたいです',
    '督促が止まるのはいつですか',
    '支払いを止められますか',
    'カードを止めたいんですが',
    '自動引き落としを止めたいのですが',
    '分割はやめて一括で払いたいです',
    '夜は通知を止めてください',
    '止まらない咳で寝込んでいます',
    '夜遅くに送ってくるのやめてほしい',
    '引き落としを止めたら延滞になりますか',
    '通知は止めないでください',
    'SMSなら大丈夫です、郵送はやめてください',
  ])('ja %j is not stop', (text) => expect(ja(text).intent).not.toBe('stop'));
});

describe('start and help keywords', () => {
  it.each(['START', 'start', 'Ｓｔａｒｔ', 'UNSTOP', 'unstop please', 'resume', 'opt me back in'])('%j → start', (t) => expect(en(t).intent).toBe('start'));
  it.each(['resubscribe me', 'I want to get texts again', 'please turn the messages back on', "I didn't mean to opt out, add me back", 'I unsubscribed by mistake', 'you may text me again', 'UNSTOP this number'])('%j → start', (t) => expect(en(t).intent).toBe('start'));
  it.each(['配信再開', '再開', '配信を再開してください', '停止解除してください', '再登録お願いします', 'またメッセージ送ってください', 'もう一度配信して', 'また連絡してもらって構いません', '停止と送ったのは間違いです', 'ストップしたのを取り消します'])('%j → start', (t) => expect(ja(t).intent).toBe('start'));
  it.each(['HELP', 'help', 'Help!', 'INFO', 'ｈｅｌｐ'])('%j → help', (t) => expect(en(t).intent).toBe('help'));
  it.each(['ヘルプ', '詐欺ですか', 'どちら様ですか'])('%j → help', (t) => expect(ja(t).intent).toBe('help'));
  it.each(['who is this', 'Is this a scam?'])('%j → help', (t) => expect(en(t).intent).toBe('help'));
  it.each(['払込票をもう一度送ってください', '請求書をまた送ってください'])('%j is not start', (t) => expect(ja(t).intent).not.toBe('start'));
  it('"when do the payments start?" is not start', () => expect(en('when do the payments start?').intent).not.toBe('start'));
});
