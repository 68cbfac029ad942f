/**
 * Round 8 of issue #9: the families the writers w8 / w9 / w10 showed (opt-outs outside the band, false opt-outs, kana and
 * txt-speak spellings). Phrasings here are not lines of any set; near-misses go the other way. Local tiers (keywords →
 * rules → model, no LLM).
 */
import { describe, expect, it } from 'vitest';
import { createLocalClassifier } from '../../../src/classify/classifier.js';
import type { Locale } from '../../../src/classify/port.js';

const NOW_EN = '2026-12-09T09:00:00-05:00';
const NOW_JA = '2026-12-09T09:00:00+09:00';
const local = createLocalClassifier();
const isJa = (text: string) => /[ぁ-んァ-ヶ一-龯ｦ-ﾟ]/.test(text);
const read = (text: string, locale: Locale = isJa(text) ? 'ja' : 'en') =>
  locale === 'ja' ? local({ text, locale, now: NOW_JA, timezone: 'Asia/Tokyo' }) : local({ text, locale, now: NOW_EN, timezone: 'America/New_York' });
const noReminder = (text: string) => {
  const c = read(text);
  return c.intent === 'stop' || c.optOutSuspected === true;
};

describe('opt-outs decided as stop', () => {
  it.each([
    // Spanish: darse de baja, basta de mensajes
    'Baja por favor',
    'Quiero darme de baja de los mensajes',
    'Basta con los mensajes',
    // "opting out" alone; stfu / shut up with the texts; "any more of these texts"
    'Opting out now',
    'shut up with the reminders',
    "I don't want any more of your texts, I'll pay online",
    // a threat tied to further messages, the complaint named first
    "Message me one more time and I'm contacting my attorney",
    'I complained to the CFPB already, any further messages go straight to them',
    // the Do Not Call registry; declining further contact
    'My number is on the national do not call list',
    'We decline all further text messages about this bill',
    // an outburst that is the whole reply, or closes a complaint about the messages
    'Get lost',
    'Knock it off already',
    'These texts are harassment. Cut it out!',
    "you're spam lol",
    // txt-speak: "2" for to, "w" for with, # for number
    'you have 2 stop',
    'stop w these msgs',
    'delete my # from your list',
    // reported, in Japanese conjugations; the SMS service cancelled
    'もう通報しといた',
    'スパムとして報告するわ',
    'SMSの配信を解約したい',
    // dialect negatives of 連絡してくる / 送る
    'メールしてこんといて',
    '送らんどいてください',
    // further messages refused without a stop word; outbursts alone
    'これ以上メッセージが届いても迷惑です',
    'うぜえ',
    'ほんとしつこい',
    '迷惑なんですけど',
    // kana typed without its voicing marks or second し
    'ていしてくたさい',
  ])('%j → stop', (text) => expect(read(text).intent).toBe('stop'));
  it('romaji "risuto kara hazushite kudasai" (locale ja) → stop', () => expect(read('risuto kara hazushite kudasai', 'ja').intent).toBe('stop'));
});

describe('stopping the bot for a person is human, in the band', () => {
  it.each(['自動返信はもういらない、人と話させて', 'ロボットの連絡はやめて、担当者から電話ください', 'Stop the bot and get me a real person', 'No more automated texts, have someone call me'])(
    '%j → human + band',
    (text) => {
      const c = read(text);
      expect(c.intent).toBe('human');
      expect(c.optOutSuspected).toBe(true);
    },
  );
  it('without the bot it stays an opt-out', () => expect(read('Stop texting me, I will talk to a person when I am ready').intent).toBe('stop'));
});

describe('possible opt-outs in the band', () => {
  it.each(['nope', 'No.', 'いいえ'])('%j with no question asked → band', (text) => expect(noReminder(text)).toBe(true));
  it('a no to the bot\'s yes/no question is an answer', () => {
    const c = local({ text: 'no', locale: 'en', now: NOW_EN, timezone: 'America/New_York', context: { expecting: 'yes_no' } });
    expect(c.entities.answer).toBe('no');
    expect(c.optOutSuspected).toBeFalsy();
  });
  it('a number removed from someone else\'s account is wrong_number, in the band', () => {
    const c = read("Not me. Please remove this number from her account");
    expect(c.intent).not.toBe('stop');
    expect(c.optOutSuspected).toBe(true);
  });
});

describe('near-misses keep their intent', () => {
  it.each([
    ['うるさい上司に怒られた、給料日まで待って', 'stop'],
    ['迷惑をかけてすみません、明日払います', 'stop'],
    ['The late fees again? Knock it off.', 'stop'],
    ['I go away on vacation tomorrow, can I pay after?', 'stop'],
    ['警察に通報しましたがこれは詐欺ですか', 'stop'],
    ['Me dieron de baja en el trabajo', 'stop'],
    ['SMSサービスを解約したのに請求が来ている', 'stop'],
    ['if I opt out do I still have to pay', 'stop'],
    ['平日の昼の時間帯は連絡やめてください、夜なら返事できます', 'stop'],
    ['配信停止にしたけど、やっぱりSMSで案内を送ってほしい', 'stop'],
    ['カードの利用停止を解除するにはいくら払えばいいですか', 'start'],
  ])('%j is not %s', (text, not) => expect(read(text).intent).not.toBe(not));
  it('"I need 2 weeks" keeps its number', () => expect(read('I need 2 weeks').entities.date).toBe('2026-12-23'));
  it('「配信停止にしたけど、やっぱり…送ってほしい」 is a re-subscribe', () => expect(read('配信停止にしたけど、やっぱりSMSで案内を送ってほしい').intent).toBe('start'));
});
