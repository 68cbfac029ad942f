/**
 * Round 4 of issue #9: the families holdout-10's scored run showed missing, each held by a few
 * phrasings that are not holdout lines (docs/classifier.md "Round 4"). Rules-only cases go through
 * classifyByRules; cases whose answer the local tiers decide go through createLocalClassifier.
 */
import { describe, expect, it } from 'vitest';
import { extractDate } from '../../../src/classify/entities/index.js';
import { normalise } from '../../../src/classify/normalise.js';
import { detectOptKeyword } from '../../../src/classify/rules/index.js';
import { en, isJa, ja, NOW_EN, NOW_JA, readersAt } from './helpers.js';

const { read } = readersAt({ ja: { now: NOW_JA, timezone: 'Asia/Tokyo' }, en: { now: NOW_EN, timezone: 'America/New_York' } });
const localEn = (text: string) => read(text, { locale: 'en' });
const localJa = (text: string) => read(text, { locale: 'ja' });

describe('normalise: misspelt, repeated and emoji keywords', () => {
  it.each([
    ['停しｓ', '停止'],
    ['配信停止ｔ', '配信停止'],
    ['ストッポ', 'ストップ'],
    ['すとぷ', 'ストップ'],
    ['ストーブ', 'ストーブ'], // a stove is not a stop
    ['ｽﾀｰﾄ', 'スタート'],
    ['🛑', 'stop'],
    ['⛔⛔', 'stop stop'],
    ['🚫🚫', 'stop stop'],
    ['no 🚫 fees', 'no fees'], // 🚫 inside a sentence is decoration
    ['stopstop', 'stop stop'],
    ['sstop', 'stop'],
    ['支払いはau', '支払いはau'], // a brand is not an IME leftover
  ])('%j → %j', (raw, text) => expect(normalise(raw, { locale: isJa(raw) ? 'ja' : 'en' }).text).toBe(text));
});

describe('opt-outs: dialect, misspelt, repeated, emoji, long polite requests', () => {
  it.each([
    'もう送らねでくれ',
    '連絡しねでけろ',
    '送らんでほしか',
    'もう送んないで',
    '停止ｓ',
    'ストッポ',
    '停止停止停止',
    'やめてやめて',
    '停止っ',
    '🛑',
    '🔕お願いします',
    '停止　払うつもりはあります',
    '病気で働けず毎日不安です。支払いは自分で考えますので、これ以上メッセージを送るのはやめていただけないでしょうか。',
    '収入が減って苦しいですが、返済は自分で計画します。今後はご連絡いただかなくて結構です。',
    '介護で手一杯です。SMSでの督促はご遠慮ください。',
    '電話はやめて、メールでの連絡もやめてください', // both channels refused: not a preference for texts
  ])('ja %j → stop', (text) => expect(ja(text).intent).toBe('stop'));

  it.each([
    '🛑',
    '⛔ please',
    'stop stop stop',
    'STOPSTOP',
    "My dad passed and I'm not coping. I'd appreciate it if you stopped texting me.",
    'I need you to stop messaging me',
    'Delete my number',
    'I would like to be removed from this text list',
    'yall need to stop hitting my phone',
    "Don't call or text me", // a channel preference must not swallow an opt-out of both
    'do not call me or text me again',
  ])('en %j → stop', (text) => expect(en(text).intent).toBe('stop'));

  it('ingress reads the stop emoji and the repeated keyword too', () => {
    expect(detectOptKeyword('🛑')).toBe('stop');
    expect(detectOptKeyword('停止停止')).toBe('stop');
  });
});

describe('not opt-outs: negated stops, questions about STOP, channel preferences, wrong amounts', () => {
  it.each([
    ['配信停止はしないでほしい、リマインドは助かります', 'other'],
    ['解除しないでください、通知は必要です', 'other'],
    // Round 6: what STOP does to the debt is help too (the integrator's convention (b); holdout-10 had said other).
    ['「停止」って返信したら借金はなくなるの？', 'help'],
    ['配信停止したら請求も止まるんですか', 'help'],
    ['ストップって送ったらどうなるの？', 'help'],
    ['電話じゃなくてSMSでお願いします', 'other'],
    ['電話は出られないのでショートメールだけにしてほしい', 'other'],
    ['違う請求額を送ってくるのはやめてください、契約は5千円です', 'dispute'],
    ['夜遅くに送ってくるのやめてほしい', 'other'], // a contact-time request
    ['平日の日中はメッセージ送らないで', 'other'],
    ['停止なんて言ってないです', 'other'],
  ])('ja %j → %s', (text, intent) => expect(ja(text).intent).toBe(intent));

  it.each([
    ['Will texting STOP wipe out my balance?', 'help'],
    ['what does STOP even do?', 'help'], // asking what the keyword does is HELP
    ['what happens if I reply stop', 'help'],
    ['If I reply stop do I still have to pay?', 'help'],
    ['stop calling me and just text', 'other'],
    ["don't call me, text me", 'other'],
    ['quit phoning me, I prefer texts', 'other'],
    ['please do not unsubscribe me, I need the reminders', 'other'],
    ['stop sending me the wrong balance, I owe $150 not $510', 'dispute'],
    ['I did not say stop', 'other'],
    ['the stop sign on my street is down', 'other'],
  ])('en %j → %s', (text, intent) => expect(en(text).intent).toBe(intent));

  it.each([
    ['I never said stop, why did the texts stop coming? turn them back on', 'start'],
    ["never asked to unsubscribe, please resume the reminders", 'start'],
    ['I accidentally replied STOP, keep texting me', 'start'],
  ])('en %j → %s', (text, intent) => expect(en(text).intent).toBe(intent));

  it.each([
    ['停止なんて頼んでないのに届かなくなった、また送ってください', 'start'],
    ['ｽﾀｰﾄ', 'start'],
    ['停止をやめて、通知を戻して', 'start'],
  ])('ja %j → %s', (text, intent) => expect(ja(text).intent).toBe(intent));

  it.each([
    ["I'll stop at the ATM on my way home and pay", 'pay'],
    ['the bank stopped my card, how else can I pay', 'pay'],
    ['I stopped my autopay by mistake, how do I pay now', 'pay'],
  ])('precision guard en %j → %s', (text, intent) => expect(en(text).intent).toBe(intent));

  it('a question about STOP is never decided as an opt-out by the model either', () => {
    expect(localEn('Will replying STOP make what I owe go away?').intent).not.toBe('stop');
    expect(localJa('ストップと送ったら支払いは免除されますか').intent).not.toBe('stop');
  });
});

describe('intents: debits, payment apps, hardship, help vs human', () => {
  it.each([
    ['口座振替なので落ちてるはずです', 'paid'],
    ['自動引き落としにしてるので今月分はもう引かれてるはず', 'paid'],
    ['楽天ペイでもいけますか', 'pay'],
    ['d払いでいい？', 'pay'],
    ['払いたいけど口座に千円しか残ってない', 'hardship'],
    ['勤め先の工場が閉鎖されて給料が止まりました', 'hardship'],
    ['払いたいのは山々ですが、一円もない', 'hardship'],
    ['ほんまに払われへん', 'hardship'],
    ['問い合わせ先を教えてください', 'help'],
    ['窓口の電話番号を教えて', 'human'],
    ['係の人に代わってください', 'human'],
    ['スタッフの方と直接話したい', 'human'],
    ['これ私のじゃないです', 'dispute'],
    ['先月解約手続き済みなのに、なぜ請求が来るんですか', 'dispute'],
    ['それは兄の借金で、私は保証人でもありません', 'dispute'],
  ])('ja %j → %s', (text, intent) => expect(ja(text).intent).toBe(intent));

  it.each([
    ['it should have come out of my checking on the 1st', 'paid'],
    ['autopay should have taken it already', 'paid'],
    ['Zelle ok?', 'pay'],
    ['cash app?', 'pay'],
    ["what's your venmo", 'pay'],
    ['I want to pay but I have $9 in my account', 'hardship'],
    ["I'd pay if I had it", 'hardship'],
    ['my paychecks stopped when the factory closed', 'hardship'],
    ['not paying anything until I know who you are', 'help'],
    ['have a collector call me', 'human'],
    ['I need to speak to whoever handles my account', 'human'],
    ["i'll take care of it today", 'pay'],
    ['pay in 3?', 'installment'],
    ['I never said I would pay, I said I would think about it', 'other'],
  ])('en %j → %s', (text, intent) => expect(en(text).intent).toBe(intent));
});

describe('dates: next week named by its day, spans asked for', () => {
  // Today is Friday 2026-11-20 in both zones.
  const dateEn = (t: string) => extractDate(normalise(t).text, new Date(NOW_EN), 'America/New_York').date;
  const dateJa = (t: string) => extractDate(normalise(t).text, new Date(NOW_JA), 'Asia/Tokyo').date;
  it.each([
    ["I'll pay Friday of next week", '2026-11-27'],
    ['Tuesday of the following week', '2026-11-24'],
    ['next week on Thursday', '2026-11-26'],
  ])('en %j → %s', (t, d) => expect(dateEn(t)).toBe(d));
  // On a Monday the bare weekday and next week's differ: "til Friday of next week" is not this Friday.
  const mondayEn = (t: string) => extractDate(normalise(t).text, new Date('2026-11-16T10:00:00-05:00'), 'America/New_York').date;
  it.each([
    ['can u give me til Friday of next week', '2026-11-27'],
    ['until thursday next week', '2026-11-26'],
    ['by Wednesday, next week', '2026-11-25'],
    ['til friday', '2026-11-20'],
  ])('en on a Monday %j → %s', (t, d) => expect(mondayEn(t)).toBe(d));
  it.each([
    ['2週間だけ猶予をください', '2026-12-04'],
    ['1週間ほど待ってほしい', '2026-11-27'],
    ['10日ほど猶予を', '2026-11-30'],
    ['1ヶ月だけ待ってください', '2026-12-20'],
  ])('ja %j → %s', (t, d) => expect(dateJa(t)).toBe(d));
});
