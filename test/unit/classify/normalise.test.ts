import { describe, expect, it } from 'vitest';
import { kanjiToNumber, normalise } from '../../../src/classify/normalise.js';
import { detectOptKeyword } from '../../../src/classify/rules/index.js';

describe('normalise', () => {
  it.each([
    ['ＳＴＯＰ', 'stop'],
    ['  Stop!!!  ', 'stop!'],
    ['１２月１０日', '12月10日'],
    ['I paied it 😀👍🏽', 'i paid it'],
    ['stpo', 'stop'],
    ['Can I pay in instalments?', 'can i pay in installments?'],
    ['installement plan', 'installments plan'],
    ['I cant pay tmrw', "i can't pay tomorrow"],
    ['opt-out', 'optout'],
    ['ill pay friday', "i'll pay friday"],
    ['I’ll pay', "i'll pay"],
    ['wrong #', 'wrong number'],
    ['$12.50', '$12.50'],
    ['5,000円', '5,000円'],
    ['s t o p', 'stop'],
    ['S.T.O.P', 'stop'],
    ['s t o p  t e x t i n g', 'stop texting'],
    ['st0p', 'stop'],
    ['I am a b c', 'i am a b c'],
    ['i wil pay on monady', 'i will pay on monday'],
    ['wensday or thrusday', 'wednesday or thursday'],
    ['who dis', 'who this'],
  ])('%j → %j', (raw, text) => {
    expect(normalise(raw).text).toBe(text);
  });

  it.each([
    ['はらいました', '払いました'],
    ['お支払いしました', '支払いしました'],
    ['支払済です', '支払い済です'],
    ['振り込みました', '振込ました'],
    ['振込みます', '振込ます'],
    ['ふりこんだ', '振込んだ'],
    ['あした払います', '明日払います'],
    ['あさって', '明後日'],
    ['三回払い', '3回払い'],
    ['五千円ずつ', '5000円ずつ'],
    ['二週間後', '2週間後'],
    ['ｺﾝﾋﾞﾆ', 'コンビニ'],
    ['払ってないです', '払ってない'],
    ['配信 停止 お願いします', '配信停止お願い'],
    ['失業してしまって', '失業してしまって'],
    ['ちょっとまってください', 'ちょっと待ってください'],
    // 〜といた / 〜ておきました: the plain past
    ['昨日払っときました', '昨日払った'],
    ['入金しといたよ', '入金したよ'],
    ['送金しておきました', '送金した'],
    ['とっておいて', 'とっておいて'],
  ])('ja %j → %j', (raw, text) => {
    expect(normalise(raw).text).toBe(text);
  });

  it('compact drops spaces and punctuation', () => {
    expect(normalise('停止。 ありがとう!').compact).toBe('停止ありがとう');
  });

  it.each([
    ['五', 5],
    ['十二', 12],
    ['二十', 20],
    ['三千', 3000],
    ['五千五百', 5500],
    ['一万', 10000],
    ['二万五千', 25000],
    ['abc', undefined],
  ])('kanjiToNumber(%j) = %j', (k, n) => {
    expect(kanjiToNumber(k)).toBe(n);
  });
});

describe('normalise: romaji, kana widths, full-width Latin, txt-speak', () => {
  it.each([
    // romaji read as Japanese (locale ja only)
    ['okane ga nai', 'お金がない'],
    ['mou okuranaide', 'もう送らないで'],
    ['renraku shinaide kudasai', '連絡しないでください'],
    ['kinou furikomimashita', 'きのう振込ました'],
    ['bunkatsu dekimasu ka', '分割できますか'],
    ['haraimashita', '払いました'],
    ['sankai ni wakete', 'さんかいに分けて'],
    ['Mō okuranaide', 'もう送らないで'],
    // one word only when the classifier acts on it; n before y in the weekday names is ん
    ['teishi', '停止'],
    ['sakura', 'sakura'],
    ['raishuu no kinyoubi ni haraimasu', '来週の金曜日に払います'],
    ['getsuyou ni harau', '月曜に払う'],
    ['dochira-sama desu ka', 'どちらさまですか'],
    // English (or a carrier keyword) is left alone even under locale ja
    ['stop', 'stop'],
    ['i paid yesterday', 'i paid yesterday'],
    ['resume', 'resume'],
    ['no', 'no'],
    ['konnichiwa', 'konnichiwa'],
    // half-width and full-width katakana messages become hiragana (then the usual folds)
    ['ﾓｳ ｵｸﾗﾅｲﾃﾞ', 'もう送らないで'],
    ['ｼﾊﾗｲﾏｼﾀ', '支払いました'],
    ['ｵｶﾈｶﾞﾅｲ', 'お金がない'],
    ['モウオクラナイデクダサイ', 'もう送らないでください'],
    // katakana loanwords stay katakana
    ['ストップ', 'ストップ'],
    ['カードで払えますか', 'カードで払えますか'],
    // full-width Latin
    ['ＳＴＯＰ　ｐｌｅａｓｅ', 'stop please'],
    ['ｉ　ｐａｉｄ', 'i paid'],
  ])('ja: %j → %j', (raw, text) => {
    expect(normalise(raw, { locale: 'ja' }).text).toBe(text);
  });

  it.each([
    ['pls stop txting me', 'please stop texting me'],
    ['i sent the pymt yday', 'i sent the payment yesterday'],
    ['stahp', 'stop'],
    ['unsub', 'unsubscribe'],
    ['wat is this msg abt', 'what is this message about'],
    ['cud u call me 2nite', 'could you call me tonight'],
    ['sum1 call me l8r', 'someone call me later'],
    ['okane ga nai', 'okane ga nai'],
  ])('en: %j → %j', (raw, text) => {
    expect(normalise(raw, { locale: 'en' }).text).toBe(text);
  });
});

describe('normalise: invisible format characters', () => {
  it.each([
    ['停\u200b止してください', '停止してください'],
    ['s\u200bt\u2060o\u00adp', 'stop'],
    ['\ufeffSTOP', 'stop'],
  ])('%j → %j', (raw, text) => expect(normalise(raw, { locale: /[停]/.test(raw) ? 'ja' : 'en' }).text).toBe(text));
  it('a zero-width space inside the keyword still opts out', () => {
    expect(detectOptKeyword('停\u200b止')).toBe('stop');
  });
});
