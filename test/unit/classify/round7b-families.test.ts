/**
 * Round 7b of issue #9: opt-out recall families from holdout-14 (retired) and the writers w6 / w7 — every opt-out must
 * be decided or in the "might be an opt-out" band. Phrasings here are not lines of any set; near-misses go the other
 * way. Local tiers (keywords → rules → model, no LLM).
 */
import { describe, expect, it } from 'vitest';
import { readersAt } from './helpers.js';

const NOW_EN = '2026-12-09T09:00:00-05:00';
const NOW_JA = '2026-12-09T09:00:00+09:00';
const { read, noReminder } = readersAt({ ja: { now: NOW_JA, timezone: 'Asia/Tokyo' }, en: { now: NOW_EN, timezone: 'America/New_York' } });

describe('opt-outs decided as stop', () => {
  it.each([
    // dialect negatives of 構う / 関わる (「構わないで」 was known; 〜んで, 〜んといて are the same refusal)
    'もう構わんといてください',
    '関わらんでくれ',
    // 着拒 is 着信拒否; アンサブ is "unsubscribe"
    'この番号は着拒にしたわ',
    'アンサブお願いします',
    // marked as spam
    'スパム判定にしときました',
    'Marked as spam',
    'Forwarded this to 7726',
    'Screenshotted and blocked',
    // "no more messages" said as 〜なしで
    '今後はお知らせなしでお願いします',
    'メールは今後なしで結構です',
    // the reminders named, then cancelled wholesale
    'リマインダーはすべて停止してください',
    'お知らせ解除で',
    // a threat tied to further messages
    'また連絡してきたら消費者センターに通報します',
    'One more text and I will report you to the FCC',
    'Any further messages will go straight to my lawyer',
    // knock off / lay off the texts
    'Lay off the texts, I will pay when I can',
    // pronoun after the messages are named
    'The text reminders are stressing me out, please switch them off',
    // the cross-writer split's last opt-outs outside the band (models that never saw the writer)
    'メッセージの送信はもうやめなさい',
    'リマインダーはもう要らん',
    'Please drop the texts',
    'I want these text reminders switched off',
    "You're blocked after this message",
  ])('%j → stop', (text) => expect(read(text).intent).toBe('stop'));
});

describe('opt-outs at least in the band', () => {
  it.each(['Stpp', 'unsubscrbe pls', 'Optuot', 'もううっとうしい', 'ほんまもう来んといて', 'just go away', 'Get lost', 'f off', 'もう勘弁してや'])('%j → no reminder', (text) => expect(noReminder(text)).toBe(true));
});

describe('near-misses keep their intent', () => {
  it.each([
    ['金曜でも構わんですか', 'stop'],
    ['通知なしで引き落とされていました', 'stop'],
    ['連絡なしで口座が止められた、どういうこと？', 'stop'],
    ['弁護士に相談してから払います', 'stop'],
    ['停止は希望しません。通知は続けてください', 'stop'],
    ['I knock off work at 6, I will pay then', 'stop'],
    ['My card got declined and blocked', 'stop'],
    ['My lawyer will send you the settlement papers next week', 'stop'],
    ['Is this spam?', 'stop'],
    ['Drop the late fees and I will pay', 'stop'],
    ["I'd like the reminders turned off after 9pm", 'stop'],
    ['I turned them off by mistake, can you turn the reminders back on?', 'stop'],
  ])('%j is not %s', (text, not) => expect(read(text).intent).not.toBe(not));
  it('"this is not a stop request" is not an opt-out', () => expect(read("This is not a stop request, I'm just driving right now").intent).not.toBe('stop'));
  it('「停止は希望しません」 is not an opt-out', () => expect(read('停止は希望しません').intent).not.toBe('stop'));
  it('「いえ、大丈夫です」 (a no to the clarifying question) is an acknowledgement, not help', () => expect(read('いえ、大丈夫です').intent).toBe('other'));
  it('「いえ、もう結構です」 still reads as a refusal', () => expect(noReminder('いえ、もう結構です')).toBe(true));
  it('a one-word typo far from stop stays out of the band', () => expect(read('Thanks').optOutSuspected).toBeFalsy());
});
