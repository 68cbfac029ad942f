import { describe, expect, it } from 'vitest';
import { extractAmount, extractDate, extractInstallments } from '../../../src/classify/entities/index.js';
import { normalise } from '../../../src/classify/normalise.js';
import { NOW_EN, NOW_JA } from './helpers.js';

const dateJa = (t: string) => extractDate(normalise(t).text, new Date(NOW_JA), 'Asia/Tokyo').date;
const dateEn = (t: string) => extractDate(normalise(t).text, new Date(NOW_EN), 'America/New_York').date;

// Today is Friday 2026-11-20 in both zones.
describe('dates (ja), relative to Fri 2026-11-20 Asia/Tokyo', () => {
  it.each([
    ['来週の金曜日に払います', '2026-11-27'], // next week's Friday, not today
    ['来週の月曜', '2026-11-23'],
    ['再来週の金曜日', '2026-12-04'],
    ['月末', '2026-11-30'],
    ['来月末', '2026-12-31'],
    ['25日までに', '2026-11-25'],
    ['15日に払います', '2026-12-15'], // the 15th has passed this month
    ['あさって', '2026-11-22'],
    ['明後日', '2026-11-22'],
    ['しあさって', '2026-11-23'],
    ['明日', '2026-11-21'],
    ['あした', '2026-11-21'],
    ['2週間後', '2026-12-04'],
    ['二週間後', '2026-12-04'],
    ['10日後', '2026-11-30'],
    ['来月10日', '2026-12-10'],
    ['来月の頭', '2026-12-01'],
    ['今週中', '2026-11-22'],
    ['週末に', '2026-11-21'],
    ['来週末まで', '2026-11-28'],
    ['12月5日', '2026-12-05'],
    ['１２月１０日', '2026-12-10'],
    ['12/20までに', '2026-12-20'],
    ['1月10日', '2027-01-10'], // next year, not a past day
    ['年内', '2026-12-31'],
    ['金曜日', '2026-11-27'], // said on a Friday: the next one
    ['今週の土曜', '2026-11-21'],
    ['今日は無理なので来週の金曜日に', '2026-11-27'], // the day ruled out is skipped
    ['今日払います', '2026-11-20'],
  ])('%j → %s', (t, d) => expect(dateJa(t)).toBe(d));

  it.each(['給料日に払います', '来週払います', '来月払います', 'もう少し待って', '11月15日に振り込みました', '1/2だけ払います'])('%j → no date', (t) => {
    expect(dateJa(t)).toBeUndefined();
  });
});

describe('dates (en), relative to Fri 2026-11-20 America/New_York', () => {
  it.each([
    ['next Friday', '2026-11-27'],
    ['next monday', '2026-11-23'],
    ['friday', '2026-11-27'],
    ['this saturday', '2026-11-21'],
    ['end of the month', '2026-11-30'],
    ['by the end of next month', '2026-12-31'],
    ['on the 25th', '2026-11-25'],
    ['the 3rd', '2026-12-03'],
    ['in two weeks', '2026-12-04'],
    ['in 3 days', '2026-11-23'],
    ['a week from today', '2026-11-27'],
    ['one more week', '2026-11-27'],
    ['tomorrow', '2026-11-21'],
    ['tmrw', '2026-11-21'],
    ['day after tomorrow', '2026-11-22'],
    ['Dec 5', '2026-12-05'],
    ['I can pay on the twenty-fifth', '2026-11-25'],
    ['by the fifteenth', '2026-12-15'], // the 15th has passed this month
    ['the first of the month', '2026-12-01'],
    ['let me pay on the 20th of next month', '2026-12-20'], // not today, the 20th
    ['gimme a week', '2026-11-27'],
    ['in a fortnight', '2026-12-04'],
    ['the weekend after next', '2026-12-05'],
    ['tuesday after next', '2026-12-01'],
    ['this time next week', '2026-11-27'],
    ['December 5th', '2026-12-05'],
    ['12/1', '2026-12-01'],
    ['the 10th of next month', '2026-12-10'],
    ['beginning of next month', '2026-12-01'],
    ['this weekend', '2026-11-21'],
    ['before christmas', '2026-12-25'],
    ['thanksgiving', '2026-11-26'],
    ['not today, but next Friday', '2026-11-27'],
    ['today', '2026-11-20'],
  ])('%j → %s', (t, d) => expect(dateEn(t)).toBe(d));

  it.each(['payday', 'when I get paid', 'next week', 'next month', 'soon', 'I paid on Nov 10', 'pay half', 'after the holidays', "I'll take the second one"])('%j → no date', (t) => {
    expect(dateEn(t)).toBeUndefined();
  });

  it('resolves in the debtor zone, not the server zone', () => {
    // 2026-11-20T02:00Z is still Thursday the 19th in New York and already Friday in Tokyo.
    const instant = new Date('2026-11-20T02:00:00Z');
    expect(extractDate('tomorrow', instant, 'America/New_York').date).toBe('2026-11-20');
    expect(extractDate('明日', instant, 'Asia/Tokyo').date).toBe('2026-11-21');
  });
});

describe('amounts', () => {
  it.each([
    ['5000円ずつ', 5000],
    ['5,000円', 5000],
    ['五千円', 5000],
    ['1万円', 10000],
    ['1.5万円', 15000],
    ['3千円', 3000],
    ['¥3,000', 3000],
    ['$50 a month', 50],
    ['50 dollars', 50],
    ['$12.50', 12.5],
    ['40 bucks every paycheck', 40],
    ['I will pay friday', undefined],
  ])('%j → %s', (t, a) => expect(extractAmount(normalise(t).text)).toBe(a));
});

describe('instalment counts', () => {
  it.each([
    ['3回', 3],
    ['三回払い', 3],
    ['3回に分けて', 3],
    ['6回払いで', 6],
    ['4ヶ月で払う', 4],
    ['半分ずつ', 2],
    ['three payments', 3],
    ['in 3 instalments', 3],
    ['split it in two', 2],
    ['split it into 3 payments', 3],
    ['over six months', 6],
    ['half now and half next month', 2],
    ['4 installments', 4],
    ['pay in full', undefined],
    ['1回で払います', undefined],
  ])('%j → %s', (t, n) => expect(extractInstallments(normalise(t).text)).toBe(n));
});
