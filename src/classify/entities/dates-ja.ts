import * as chrono from 'chrono-node';
import {
  addDays,
  addMonths,
  compare,
  endOfMonth,
  nextDayOfMonth,
  nextHoliday,
  nextMonthDay,
  nextWeekday,
  nthWeekdayOfMonth,
  weekdayInWeek,
  type CivilDate,
} from './calendar.js';
import type { DateCandidate, DatePattern } from './dates.js';
import { mayMatch, mayMatchEachOf } from '../rules/prefilter.js';

const DOW: Record<string, number> = { 日: 0, 月: 1, 火: 2, 水: 3, 木: 4, 金: 5, 土: 6 };
const DOW_RE = '([月火水木金土日])曜日?';

type Pattern = DatePattern;

const fixed = (m: number, d: number) => (y: number): CivilDate => ({ y, m, d });
const nth = (m: number, n: number) => (y: number): CivilDate | undefined => nthWeekdayOfMonth(y, m, 1, n);
const HOLIDAYS_JA: Array<[RegExp, (y: number) => CivilDate | undefined]> = [
  [/元日|元旦/g, fixed(1, 1)],
  [/成人の日/g, nth(1, 2)],
  [/建国記念(?:の)?日/g, fixed(2, 11)],
  [/天皇誕生日/g, fixed(2, 23)],
  [/バレンタイン(?:デー)?/g, fixed(2, 14)],
  [/昭和の日/g, fixed(4, 29)],
  [/憲法記念日/g, fixed(5, 3)],
  [/みどりの日/g, fixed(5, 4)],
  [/こどもの日|子供の日/g, fixed(5, 5)],
  [/海の日/g, nth(7, 3)],
  [/山の日/g, fixed(8, 11)],
  [/敬老の日/g, nth(9, 3)],
  [/スポーツの日|体育の日/g, nth(10, 2)],
  [/ハロウィ[ンーン]+/g, fixed(10, 31)],
  [/文化の日/g, fixed(11, 3)],
  [/勤労感謝の日/g, fixed(11, 23)],
];

const weekOf = (w: string | undefined): number => (w === '再来週' ? 2 : w === '来週' ? 1 : 0);

/** Returns undefined for "no date (vague)", null for "a past date was named". */
const PATTERNS: Pattern[] = [
  { re: /今日|本日|今夜|今晩|今から|このあと|後ほど|のちほど/g, resolve: (_m, t) => t },
  { re: /明々後日/g, resolve: (_m, t) => addDays(t, 3) },
  { re: /明後日/g, resolve: (_m, t) => addDays(t, 2) },
  { re: /明日/g, resolve: (_m, t) => addDays(t, 1) },
  { re: /(\d{1,3})日後/g, resolve: (m, t) => addDays(t, Number(m[1])) },
  // Round 10: 「あと3日ください」「もう2日だけ待って」: that many more days, not the 3rd of the month.
  { re: /(?:あと|もう)(\d{1,2})日(?:だけ|ほど|くらい|ぐらい|程度|ばかり)?(?=ください|下さい|待|猶予|延長|延ば|ほしい|欲しい|もらえ|いただけ|頂け|で|以内|お願い|ちょうだい|くれ|$)/g, resolve: (m, t) => addDays(t, Number(m[1])) },
  // A span of days or months asked for ("10日ほど猶予", "1ヶ月だけ待って"): that many days / months from today.
  { re: /(\d{1,2})日(?:間)?(?:だけ|ほど|くらい|ぐらい|程度|ばかり)(?:の)?(?:猶予|待|延長|時間)|(\d{1,2})日間(?:の)?(?:猶予|待|延長)/g, resolve: (m, t) => addDays(t, Number(m[1] ?? m[2])) },
  { re: /(\d{1,2})[ヶかカヵケ箇]月(?:間)?(?:だけ|ほど|くらい|ぐらい|程度|ばかり)?(?:の)?(?:猶予|待って|待ち|延長)/g, resolve: (m, t) => addMonths(t, Number(m[1])) },
  { re: /(\d{1,2})週間(?:だけ|ばかり|程度|ほど|くらい|ぐらい)?(?:の)?(?:後|以内|で|ほど|くらい|ぐらい|待|まで|の猶予|猶予|延ば|延長|伸ば|ずら|遅ら|ください|ほしい|欲しい|もらえ|いただ|頂|お願い|お待|ご猶予|、|,|$)/g, resolve: (m, t) => addDays(t, 7 * Number(m[1])) },
  { re: /(\d{1,2})[ヶかカヵケ箇]月(?:後|以内)/g, resolve: (m, t) => addMonths(t, Number(m[1])) },
  {
    re: new RegExp(`(再来週|来週|今週)(?:の)?${DOW_RE}`, 'g'),
    resolve: (m, t) => {
      const d = weekdayInWeek(t, DOW[m[2] as string] as number, weekOf(m[1]));
      return compare(d, t) >= 0 ? d : nextWeekday(t, DOW[m[2] as string] as number);
    },
  },
  { re: /(再来週|来週)(?:中|いっぱい|までに?|のうちに?)/g, resolve: (m, t) => weekdayInWeek(t, 0, weekOf(m[1])) },
  { re: /(再来週|来週)末/g, resolve: (m, t) => weekdayInWeek(t, 6, weekOf(m[1])) },
  { re: /(?<!\d)(\d{1,2})月(?:の)?(?:頭|初め|はじめ|始め|初旬|上旬)/g, resolve: (m, t) => monthDay(t, Number(m[1]), 1) },
  { re: /週明け|来週(?:の)?(?:頭|初め|はじめ|始め)/g, resolve: (_m, t) => weekdayInWeek(t, 1, 1) },
  { re: /今週(?:中|いっぱい|末まで|のうち)|週内/g, resolve: (_m, t) => weekdayInWeek(t, 0, 0) },
  {
    re: /今週末|週末|土日/g,
    resolve: (_m, t) => {
      const sat = weekdayInWeek(t, 6, 0);
      return compare(sat, t) >= 0 ? sat : t;
    },
  },
  // Round 8: 「今月25日に」 (the day-of-month pattern below does not take a 月 before it).
  { re: /今月(?:の)?(\d{1,2})日/g, resolve: (m, t) => (Number(m[1]) >= t.d ? { ...t, d: Number(m[1]) } : null) },
  { re: /来月(?:の)?(\d{1,2})日/g, resolve: (m, t) => ({ ...addMonths({ ...t, d: 1 }, 1), d: Number(m[1]) }) },
  { re: /再来月(?:の)?(\d{1,2})日/g, resolve: (m, t) => ({ ...addMonths({ ...t, d: 1 }, 2), d: Number(m[1]) }) },
  { re: /来月(?:の)?(?:末|月末|終わり|おわり)/g, resolve: (_m, t) => endOfMonth(t, 1) },
  { re: /来月(?:の)?(?:頭|初め|はじめ|始め|初旬|上旬|1日)|月初/g, resolve: (_m, t) => addMonths({ ...t, d: 1 }, 1) },
  { re: /今月(?:中|いっぱい|末|の末|のうち)|月末|月内/g, resolve: (_m, t) => endOfMonth(t, 0) },
  { re: /年内|今年中|年末|大晦日/g, resolve: (_m, t) => ({ y: t.y, m: 12, d: 31 }) },
  { re: /クリスマス(?!イブ|イヴ|前)/g, resolve: (_m, t) => nextMonthDay(t, 12, 25) },
  // Round 8b: the national holidays (and ハロウィン, バレンタイン) named as a day: 「文化の日までには」 is 11月3日.
  ...HOLIDAYS_JA.map(([re, inYear]): Pattern => ({ re, resolve: (_m, t) => nextHoliday(t, inYear) })),
  { re: /クリスマスイ[ブヴ]|イブの日/g, resolve: (_m, t) => nextMonthDay(t, 12, 24) },
  {
    re: /(\d{1,2})月(\d{1,2})日/g,
    resolve: (m, t) => monthDay(t, Number(m[1]), Number(m[2])),
  },
  {
    re: /(?<![\d/])(\d{1,2})\/(\d{1,2})(?![\d/])(?!\s?(?:だけ|ずつ|くらい|ぐらい|程度|ほど|を|の額|の金額))/g,
    resolve: (m, t) => monthDay(t, Number(m[1]), Number(m[2])),
  },
  {
    re: new RegExp(`${DOW_RE}`, 'g'),
    resolve: (m, t) => nextWeekday(t, DOW[m[1] as string] as number),
  },
  {
    re: /(?<![\d.万千百月/]|あと)(?<!もう(?=\d{1,2}日(?:だけ|ほど|くらい|ぐらい|程度|ばかり)?(?:ください|下さい|待|猶予|延長|延ば|ほしい|欲しい|もらえ|いただけ|頂け|で|以内|お願い|ちょうだい|くれ)))(\d{1,2})日(?!間|分|後|以上|連続|程度|くらい|ぐらい|ほど|\d|遅れ|遅延|延滞|以内|過ぎ|経過|経っ|たっ|超過|オーバー|しか|も(?:遅|過|経))/g,
    resolve: (m, t) => nextDayOfMonth(t, Number(m[1])),
  },
];

/** Mentions of time without a day: still a request for time, but no date entity. */
const VAGUE = /給料|ボーナス|賞与|年金|来週|来月|再来月|来年|年明け|近いうち|近日|そのうち|もう少し|もうすこし|少し|しばらく|落ち着いたら|余裕ができたら|入ったら|後日|いつか|数日|今度|月曜以降|週明け/;

function monthDay(t: CivilDate, m: number, d: number): CivilDate | undefined | null {
  const c = nextMonthDay(t, m, d);
  if (!c) return undefined;
  // A day named a few weeks back is a past reference ("11月15日に振り込みました"), not next year.
  if (c.y > t.y) {
    const thisYear = { y: t.y, m, d };
    const daysBack = (Date.UTC(t.y, t.m - 1, t.d) - Date.UTC(thisYear.y, m - 1, d)) / 86_400_000;
    if (daysBack > 0 && daysBack <= 90) return null;
  }
  return c;
}

export function findDatesJa(text: string, today: CivilDate, ref: { instant: Date; timezone: string }): DateCandidate[] {
  const found: DateCandidate[] = [];
  // speed11: a pattern none of whose derived literals is in the text cannot match it (rules/prefilter.ts), found for the
  // whole list in one walk over the text; lastIndex stays 0 as the failing exec would leave it.
  const may = mayMatchEachOf(PATTERNS, (p) => p.re, text);
  for (let i = 0; i < PATTERNS.length; i++) {
    const p = PATTERNS[i]!;
    p.re.lastIndex = 0;
    if (!may[i]) continue;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text))) {
      const date = p.resolve(m, today);
      found.push({ index: m.index, length: m[0].length, date: date ?? undefined, past: date === null });
    }
  }
  if (found.length === 0 && /\d/.test(text)) {
    for (const r of chrono.ja.parse(text, ref, { forwardDate: true })) {
      if (!r.start.isCertain('day') || !/[月年]/.test(r.text)) continue;
      const c = { y: r.start.get('year') ?? today.y, m: r.start.get('month') ?? 1, d: r.start.get('day') ?? 1 };
      found.push({ index: r.index, length: r.text.length, date: compare(c, today) >= 0 ? c : undefined, past: compare(c, today) < 0 });
    }
  }
  const v = mayMatch(VAGUE, text) ? VAGUE.exec(text) : null;
  if (v) found.push({ index: v.index, length: v[0].length, date: undefined, past: false, vague: true });
  return found;
}
