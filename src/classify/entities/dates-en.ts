import * as chrono from 'chrono-node';
import {
  addDays,
  addMonths,
  compare,
  endOfMonth,
  nextDayOfMonth,
  nextHoliday,
  nextMonthDay,
  nextNthWeekday,
  nthWeekdayOfMonth,
  nextWeekday,
  weekdayInWeek,
  type CivilDate,
} from './calendar.js';
import type { DateCandidate, DatePattern } from './dates.js';
import { mayMatch, mayMatchEachOf } from '../rules/prefilter.js';
import { NUMBER_WORD, parseNumberWord } from './numbers.js';

const DOW: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const DOW_WORD = '(sun|mon|tue|wed|thu|fri|sat)(?:day|s|urday|nesday|rsday|sday|rs|r|ur|n|es|t)?\\b\\.?';
const dowOf = (s: string | undefined): number => DOW[(s ?? '').slice(0, 3)] ?? 0;
const WORD_BEFORE = /\b(?:i|you|he|she|we|they|who|which|that|cat|dog|kid|kids|baby|has|have|had|was|were|been|just|the|a|in the|under the|hot|morning|afternoon|evening|setting|rising|got|get|newly)\s$/;
const WORD_AFTER = /^\s(?:on|down|up|in|there|around|with|beside|outside|next to|through|still|quietly|is|was|came|comes|shines?|shining|sets?|rises?|goes|went|'s out)\b/;
/** A bare "sat" / "sun" / "wed" used as the English word, not the weekday. */
function wordNotDay(m: RegExpExecArray): boolean {
  // Bare only: "on sat" or "by wed" is the day.
  if (!/^(?:sat|sun|wed)\.?$/.test(m[0])) return false;
  const before = m.input.slice(0, m.index);
  const after = m.input.slice(m.index + m[0].length);
  return WORD_BEFORE.test(before) || WORD_AFTER.test(after);
}

type Pattern = DatePattern;

const unitDays = (unit: string): number => (unit.startsWith('fortnight') ? 14 : unit.startsWith('week') ? 7 : 1);

const UNITS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9 };
const TEENS: Record<string, number> = { tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30 };
const DAY_ORDINAL_WORD = `(?:(?:twenty|thirty)[- ]?(?:${Object.keys(UNITS).join('|')})|${Object.keys(TEENS).join('|')}|${Object.keys(UNITS).join('|')})`;

/** "25th" / "25" / "twenty-fifth" → 25; 0 when not a day. */
function dayOrdinal(s: string): number {
  const digits = /^(\d{1,2})/.exec(s);
  if (digits) return Number(digits[1]);
  const w = s.replace(/[- ]/g, '');
  if (w in TEENS) return TEENS[w] ?? 0;
  if (w in UNITS) return UNITS[w] ?? 0;
  const tens = w.startsWith('twenty') ? 20 : w.startsWith('thirty') ? 30 : 0;
  return tens + (UNITS[w.slice(6)] ?? 0);
}

const NTH: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: -1 };
const fixed = (m: number, d: number) => (y: number): CivilDate => ({ y, m, d });
const nth = (m: number, dow: number, n: number) => (y: number): CivilDate | undefined => nthWeekdayOfMonth(y, m, dow, n);
const HOLIDAYS_EN: Array<[RegExp, (y: number) => CivilDate | undefined]> = [
  [/\bhallowe'?en\b/g, fixed(10, 31)],
  [/\bnew year'?s day\b/g, fixed(1, 1)],
  [/\bvalentine'?s(?: day)?\b/g, fixed(2, 14)],
  [/\b(?:independence day|(?:the )?(?:4th|fourth) of july)\b/g, fixed(7, 4)],
  [/\bveteran'?s'? day\b/g, fixed(11, 11)],
  [/\bjuneteenth\b/g, fixed(6, 19)],
  [/\b(?:columbus|indigenous peoples'?) day\b/g, nth(10, 1, 2)],
  [/\blabou?r day\b/g, nth(9, 1, 1)],
  [/\bmemorial day\b/g, nth(5, 1, -1)],
  [/\b(?:mlk|martin luther king(?: jr)?)(?: jr)? day\b/g, nth(1, 1, 3)],
  [/\bpresidents'? day\b/g, nth(2, 1, 3)],
  [/\bblack friday\b/g, (y) => { const d = nthWeekdayOfMonth(y, 11, 4, 4); return d && addDays(d, 1); }],
];

// Round 13 (retired holdout-28): a day said in Spanish ("le pago el 5 de enero") by an en-locale debtor.
const MESES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** Month/day today or later; null (a past reference) when it was at most 14 days ago. */
function recentOrNext(t: CivilDate, m: number, d: number): CivilDate | null | undefined {
  const c = nextMonthDay(t, m, d);
  const back = (Date.UTC(t.y, t.m - 1, t.d) - Date.UTC(t.y, m - 1, d)) / 86_400_000;
  return c && c.y > t.y && back > 0 && back <= 14 ? null : c;
}

const PATTERNS: Pattern[] = [
  { re: /\b(?:el )?(\d{1,2}) de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\b/g, resolve: (m, t) => nextMonthDay(t, MESES.indexOf(m[2] === 'setiembre' ? 'septiembre' : (m[2] ?? '')) + 1, Number(m[1])) },
  // and in Tagalog: "sa 15 po ako magbabayad" (on the 15th I will pay).
  { re: /\bsa (\d{1,2})(?:st|nd|rd|th)?(?= (?:po|ako|na|ko|magbabayad|babayaran|magbayad)\b)/g, resolve: (m, t) => nextDayOfMonth(t, Number(m[1])) },
  { re: /\b(today|tonight|this evening|this afternoon|later today|right now|end of (?:the )?day|eod)\b/g, resolve: (_m, t) => t },
  { re: /\bday after tomorrow\b/g, resolve: (_m, t) => addDays(t, 2) },
  // "a week from tomorrow", "two weeks from Friday": counted from that day, not from today.
  {
    re: new RegExp(`\\b(${NUMBER_WORD}) (days?|weeks?) from (?:tomorrow|(?:this |next )?${DOW_WORD})\\b`, 'g'),
    resolve: (m, t) => {
      const n = parseNumberWord(m[1] ?? '');
      if (n === undefined) return undefined;
      const from = m[3] ? nextWeekday(t, dowOf(m[3])) : addDays(t, 1);
      return addDays(from, n * unitDays(m[2] ?? ''));
    },
  },
  { re: /\btomorrow\b/g, resolve: (_m, t) => addDays(t, 1) },
  {
    re: new RegExp(`\\b(?:in|within|after|another|give me|need|wait)(?: (?:about|around|like|maybe|just|another|the next))? (${NUMBER_WORD}) (days?|weeks?|fortnights?)\\b`, 'g'),
    resolve: (m, t) => {
      const n = parseNumberWord(m[1] ?? '');
      return n === undefined ? undefined : addDays(t, n * unitDays(m[2] ?? ''));
    },
  },
  {
    // "push it back a week", "delay it by two weeks", "extend it 10 days"
    re: new RegExp(`\\b(?:push(?:ed)? (?:it |this |that |the (?:due date|payment|date|deadline) )?back |delay (?:it |this |the payment )?|postpone (?:it |this |the payment )?|extend (?:it |this |the (?:due date|deadline) )?)(?:by |for )?(${NUMBER_WORD}) (days?|weeks?|fortnights?)\\b`, 'g'),
    resolve: (m, t) => {
      const n = parseNumberWord(m[1] ?? '');
      return n === undefined ? undefined : addDays(t, n * unitDays(m[2] ?? ''));
    },
  },
  {
    re: new RegExp(`\\b(${NUMBER_WORD}) more (days?|weeks?)\\b`, 'g'),
    resolve: (m, t) => {
      const n = parseNumberWord(m[1] ?? '');
      return n === undefined ? undefined : addDays(t, n * unitDays(m[2] ?? ''));
    },
    relative: true,
  },
  {
    re: new RegExp(`\\b(${NUMBER_WORD}) (days?|weeks?) (?:from (?:now|today)|later|time)\\b`, 'g'),
    resolve: (m, t) => {
      const n = parseNumberWord(m[1] ?? '');
      return n === undefined ? undefined : addDays(t, n * unitDays(m[2] ?? ''));
    },
  },
  {
    re: new RegExp(`\\b(?:in|within) (${NUMBER_WORD}) months?\\b`, 'g'),
    resolve: (m, t) => {
      const n = parseNumberWord(m[1] ?? '');
      return n === undefined ? undefined : addMonths(t, n);
    },
  },
  { re: /\b(?:this time|same time|same day) next week\b/g, resolve: (_m, t) => addDays(t, 7) },
  // Round 7: "Can I have another week?", "give us a fortnight": one more week (fortnight) from today.
  { re: /\b(?:another|one more|an extra|(?:give|gimme|grant|allow) (?:me|us) (?:a|one)|(?:have|need|get|want) (?:a|one)|wait (?:a|one)) (week|fortnight)\b(?! or )/g, resolve: (m, t) => addDays(t, m[1] === 'fortnight' ? 14 : 7), relative: true },
  { re: /\b(?:the )?weekend after next\b/g, resolve: (_m, t) => weekdayInWeek(t, 6, 2) },
  { re: new RegExp(`\\b${DOW_WORD} after next\\b`, 'g'), resolve: (m, t) => weekdayInWeek(t, dowOf(m[1]), 2) },
  // Round 11: "Monday of the week after next", "the Friday in the week after next": that day two weeks on.
  { re: new RegExp(`\\b${DOW_WORD} (?:of|in) the week after next\\b`, 'g'), resolve: (m, t) => weekdayInWeek(t, dowOf(m[1]), 2) },
  { re: new RegExp(`\\b(?:next week(?:'s)?|the week after) ${DOW_WORD}`, 'g'), resolve: (m, t) => weekdayInWeek(t, dowOf(m[1]), 1) },
  // "Friday of next week", "the Tuesday of the following week", "next week on Thursday": next week's day.
  { re: new RegExp(`\\b${DOW_WORD} (?:of|in) (?:next|the following|the coming) week\\b`, 'g'), resolve: (m, t) => weekdayInWeek(t, dowOf(m[1]), 1) },
  { re: new RegExp(`\\b(?:next|the following) week,? (?:on |by |say |maybe |probably )?(?:the )?${DOW_WORD}`, 'g'), resolve: (m, t) => weekdayInWeek(t, dowOf(m[1]), 1) },
  { re: new RegExp(`\\bnext ${DOW_WORD}`, 'g'), resolve: (m, t) => weekdayInWeek(t, dowOf(m[1]), 1) },
  { re: new RegExp(`\\b${DOW_WORD},? next week\\b`, 'g'), resolve: (m, t) => weekdayInWeek(t, dowOf(m[1]), 1) },
  {
    re: new RegExp(`\\bthis (?:coming )?${DOW_WORD}`, 'g'),
    resolve: (m, t) => {
      const d = weekdayInWeek(t, dowOf(m[1]), 0);
      return compare(d, t) >= 0 ? d : nextWeekday(t, dowOf(m[1]));
    },
  },
  { re: /\b(?:end of|by the end of) next week\b/g, resolve: (_m, t) => weekdayInWeek(t, 0, 1) },
  { re: /\bnext weekend\b/g, resolve: (_m, t) => weekdayInWeek(t, 6, 1) },
  { re: /\b(?:(?:by |before )?(?:the )?end of (?:the |this )?week|by this week|by the weekend)\b/g, resolve: (_m, t) => weekdayInWeek(t, 0, 0) },
  {
    re: /\b(?:this |the )?weekend\b/g,
    resolve: (_m, t) => {
      const sat = weekdayInWeek(t, 6, 0);
      return compare(sat, t) >= 0 ? sat : t;
    },
  },
  { re: /\bend of next month\b/g, resolve: (_m, t) => endOfMonth(t, 1) },
  {
    re: /\b(?:(?:the )?(?:beginning|start|first|1st) of next month|early next month|next month on the 1st)\b/g,
    resolve: (_m, t) => addMonths({ ...t, d: 1 }, 1),
  },
  {
    re: /\b(?:the )?(\d{1,2})(?:st|nd|rd|th)? (?:of )?next month\b|\bnext month on the (\d{1,2})(?:st|nd|rd|th)?\b/g,
    resolve: (m, t) => ({ ...addMonths({ ...t, d: 1 }, 1), d: Number(m[1] ?? m[2]) }),
  },
  { re: /\b(?:(?:the )?end of (?:the |this )?month|month end|month's end|eom|(?:by|within|later|sometime|during|before the end of) this month)\b/g, resolve: (_m, t) => endOfMonth(t, 0) },
  { re: /\b(?:(?:the )?end of (?:the |this )?year|new year'?s eve|before the new year)\b/g, resolve: (_m, t) => ({ y: t.y, m: 12, d: 31 }) },
  // Round 13: a Christmas just past (said on the 26th: "it's christmas weekend") is a past reference, not next year's.
  { re: /\bchristmas(?! eve)\b|\bxmas\b/g, resolve: (_m, t) => recentOrNext(t, 12, 25) },
  { re: /\bchristmas eve\b/g, resolve: (_m, t) => recentOrNext(t, 12, 24) },
  { re: /\bthanksgiving\b/g, resolve: (_m, t) => thanksgiving(t) },
  // Round 8b: the other US holidays a debtor names as a day ("by Halloween", "on Columbus Day"), fixed or nth weekday.
  ...HOLIDAYS_EN.map(([re, inYear]): Pattern => ({ re, resolve: (_m, t) => nextHoliday(t, inYear) })),
  // Round 8b: "the second Wednesday" (of the month: this month's if still to come, else next month's), and a weekday
  // with its day of month ("Friday the 8th": the day of month, not the coming Friday).
  {
    re: new RegExp(`\\b(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th|last) ${DOW_WORD}(?! (?:of|in) next month| (?:in a row|i've|i have|you've|you have|that i|that you))(?: (?:of|in) (?:the|this) month)?`, 'g'),
    resolve: (m, t) => nextNthWeekday(t, dowOf(m[2]), NTH[m[1] ?? ''] ?? 1),
  },
  {
    re: new RegExp(`\\b(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th|last) ${DOW_WORD} (?:of|in) next month\\b`, 'g'),
    resolve: (m, t) => {
      const b = addMonths({ ...t, d: 1 }, 1);
      return nthWeekdayOfMonth(b.y, b.m, dowOf(m[2]), NTH[m[1] ?? ''] ?? 1);
    },
  },
  { re: new RegExp(`\\b${DOW_WORD},? (?:the )?(\\d{1,2})(?:st|nd|rd|th)\\b`, 'g'), resolve: (m, t) => nextDayOfMonth(t, Number(m[2])) },
  {
    // An ordinal counting things ("the 5th reminder", "3rd time") is not a day.
    re: /(?:\b(?:on|by|before|until|til|till) (?:the )?(\d{1,2})(?:st|nd|rd|th)\b|\bthe (\d{1,2})(?:st|nd|rd|th)\b|\b(\d{1,2})(?:st|nd|rd|th)\b(?! (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))(?! (?:payments?|installments?|times?|one|jobs?|reminders?|texts?|messages?|calls?|letters?|emails?|notices?|attempts?|tries|try|warning|person|floor|grade|of next month|next month|(?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b))/g,
    resolve: (m, t) => nextDayOfMonth(t, Number(m[1] ?? m[2] ?? m[3])),
  },
  // "til Friday of next week": the bare weekday gives way to the next-week forms above, which start later.
  // Round 15: the three-letter forms that are also words ("the cat sat on the keyboard", "out in the sun", "they wed in
  // June") are a day only when nothing around them makes them the word (a subject or article before, on/down/in after).
  {
    re: new RegExp(`\\b(?:on |by |before |until |til |till )?${DOW_WORD}(?!,? (?:(?:of|in) (?:next|the following|the coming) week|(?:of|in) the week after next|next week|after next))`, 'g'),
    resolve: (m, t) => (wordNotDay(m) ? undefined : nextWeekday(t, dowOf(m[1]))),
  },
  // Round 8: a month/day in figures ("til 6/21 (mon)", where chrono finds nothing): the next such day; "1/2" is a half.
  {
    re: /(?<![\d/$.,])(\d{1,2})\/(\d{1,2})(?![\d/%])/g,
    resolve: (m, t) => {
      const mm = Number(m[1]);
      const dd = Number(m[2]);
      if (mm > 12 || dd > 31 || dd < 1 || mm < 1 || (mm <= 3 && dd <= 4)) return undefined;
      const c = nextMonthDay(t, mm, dd);
      if (!c) return undefined;
      const back = (Date.UTC(t.y, t.m - 1, t.d) - Date.UTC(t.y, mm - 1, dd)) / 86_400_000;
      return c.y > t.y && back > 0 && back <= 90 ? null : c;
    },
  },
  // "the first of the month", "the 15th of this month": the next such day.
  {
    re: new RegExp(`\\b(?:the )?(\\d{1,2}(?:st|nd|rd|th)?|${DAY_ORDINAL_WORD}) of (?:the|this) month\\b`, 'g'),
    resolve: (m, t) => nextDayOfMonth(t, dayOrdinal(m[1] ?? '')),
  },
  // A day written as a word after a preposition: "on the twenty-fifth", "by the fifteenth".
  {
    re: new RegExp(`\\b(?:on|by|before|until|til|till) the (${DAY_ORDINAL_WORD})\\b(?! (?:of (?:the|this|each|every) month|payments?|installments?|times?|one|options?|reminders?|texts?|messages?|calls?|letters?|notices?|attempts?|tries|try|warning|person))`, 'g'),
    resolve: (m, t) => nextDayOfMonth(t, dayOrdinal(m[1] ?? '')),
  },
];

const VAGUE =
  /\b(pay ?day|paycheck|pay check|get paid|payed|wages|salary|next week|next month|few days|couple (?:of )?days|a while|later|soon|shortly|little more time|more time|some time|few weeks|couple (?:of )?weeks|after the holidays|new year|next year|when i can|once i)\b/;

function thanksgiving(t: CivilDate): CivilDate | undefined {
  const first = { y: t.y, m: 11, d: 1 };
  const firstThu = addDays(first, (4 - new Date(Date.UTC(t.y, 10, 1)).getUTCDay() + 7) % 7);
  const d = addDays(firstThu, 21);
  return compare(d, t) >= 0 ? d : undefined;
}

export function findDatesEn(text: string, today: CivilDate, ref: { instant: Date; timezone: string }): DateCandidate[] {
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
      found.push({ index: m.index, length: m[0].length, date: date ?? undefined, past: date === null, ...(p.relative && { relative: true }) });
    }
  }
  // Absolute forms (Dec 5, 5th December, 12/5) are what chrono does best.
  if (/\d/.test(text)) {
    for (const r of chrono.en.parse(text, ref, { forwardDate: true })) {
      if (!r.start.isCertain('day') || !r.start.isCertain('month')) continue;
      if (/^for\b|^(?:now|right now|just now)$/i.test(r.text.trim())) continue; // "out of work for six weeks" is a duration, not a day
      // Round 8: "next week" alone is vague (chrono makes it today + 7): "ends next week but … the 29th" is the 29th.
      if (/^(?:(?:by|until|till|til|before|in) )?(?:next|this|the following) (?:week|month|year)$/i.test(r.text.trim())) continue;
      const mm = r.start.get('month') ?? 1;
      const dd = r.start.get('day') ?? 1;
      if (/^\s*\d\/\d\s*$/.test(r.text) && mm <= 3 && dd <= 4) continue; // "1/2" is a half, not Jan 2
      const c = r.start.isCertain('year') ? { y: r.start.get('year') ?? today.y, m: mm, d: dd } : nextMonthDay(today, mm, dd);
      if (!c) continue;
      const back = (Date.UTC(today.y, today.m - 1, today.d) - Date.UTC(today.y, mm - 1, dd)) / 86_400_000;
      const past = compare(c, today) < 0 || (c.y > today.y && back > 0 && back <= 90);
      found.push({ index: r.index, length: r.text.length, date: past ? undefined : c, past });
    }
  }
  const v = mayMatch(VAGUE, text) ? VAGUE.exec(text) : null;
  if (v) found.push({ index: v.index, length: v[0].length, date: undefined, past: false, vague: true });
  return found;
}
