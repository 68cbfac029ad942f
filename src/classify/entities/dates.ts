import { civilDateIn, format } from './calendar.js';
import { findDatesEn } from './dates-en.js';
import { findDatesJa } from './dates-ja.js';
import type { CivilDate } from './calendar.js';

/** One way of naming a date in a language: the pattern and how it resolves against today. */
export interface DatePattern {
  re: RegExp;
  resolve(m: RegExpExecArray, today: CivilDate): CivilDate | undefined | null;
  /** A count of days ("a couple more days") yields to a day named in the same message ("Monday at the latest"). */
  relative?: boolean;
}

export interface DateCandidate {
  index: number;
  length: number;
  date: CivilDate | undefined;
  /** A day in the past was named ("I paid on the 15th of November"). */
  past: boolean;
  /** A time was mentioned without a day ("payday", "来月"). */
  vague?: boolean;
  /** A count of days from today; a named day in the same message wins over it. */
  relative?: boolean;
}

export interface DateMention {
  /** YYYY-MM-DD, today or later, in the debtor's timezone. */
  date?: string;
  /** Some time expression was present (dated or not). */
  mentioned: boolean;
  past: boolean;
  /** The date named is today. */
  today: boolean;
}

// A date the debtor rules out ("今日は無理", "not today") is not the date they promise.
const REJECTED_AFTER = /^.{0,4}?(?:は無理|はむり|は難し|は厳し|はきつ|はちょっと|はだめ|はダメ|は払えない|はできない|じゃなく|ではなく|は都合|は難しい)/;
const REJECTED_BEFORE = /(?:not|n't|no) (?:by |on |before )?$/;
// "I sent $340 on the 12th": a day right after a past-tense payment verb is when it happened, not a promise.
const PAST_VERB_BEFORE = /(?<!\b(?:get|gets|getting|got|be|being|am|i'm|is|are|when i|once i|get it|get this|get that|have it|have this|have that) )\b(?:paid|sent|transferred|wired|mailed|submitted|deposited|remitted|released|delivered|cut the check|cut a check)\b(?:(?!\b(?:will|i'll|can|could|going|rest|remaining|balance|and|then|but|by)\b)[^.?!,]){0,25}$/;

const COARSE = /^(?:今月(?:中|いっぱい|末|の末|のうち)|月末|月内|年内|今年中|年末|今週末|週末|今週(?:中|いっぱい|末まで|のうち)|週内|right now|(?:by the )?end of next (?:week|month)|(?:(?:the )?end of (?:the |this )?(?:month|year|week)|month end|month's end|eom|(?:by|within|later|sometime|during|before the end of) this (?:month|week)|within the week|by the weekend|(?:this |the )?weekend))$/;

// Round 12: a day taken back for a later one ("Monday after next? no wait, just Monday", "the 20th, I mean the 22nd",
// 「金曜、いや木曜で」): the day after the correction is the one meant.
const CORRECTED = /\b(?:no wait|wait no|wait,? no|no,? actually|actually,? no|actually|i mean|i meant|sorry,? i meant|make that|scratch that|correction)\b|(?:^|[\s,、。.?!])(?:いや|いや違う|やっぱり?|訂正)(?:[\s,、。.]|$)/;

// Round 14: a day given as the reason for another ("our bank is closed Friday for a holiday, so I'll send it Monday",
// "lands on Memorial Day, so the wire goes out June 1", 「29日は祝日で銀行が休みなので、翌日の30日に」): the later day is the one meant.
const HOLIDAY_WORD = /\b(?:closed|holiday|memorial day|labor day|labour day|thanksgiving|christmas|new year'?s day)\b|祝日|休み|休業|休日|定休/;
const SO_THEN = /\b(?:so|which means|hence|therefore)\b|ので|なので|ため(?:[、,]|$)/;
const CLOCK_TODAY = /^(?:at|by|around|till|until) \d{1,2}(?::\d\d)? ?(?:am|pm)? today$/;
const CLOCK_BEFORE = /\b(?:at|by|till|until|around) \d{1,2}(?::\d\d)? ?(?:am|pm)? ?$/;

/** Finds the date the debtor names, in their timezone, relative to `now`. */
export function extractDate(text: string, now: Date, timezone: string): DateMention {
  const today = civilDateIn(now, timezone);
  const ref = { instant: now, timezone };
  const all = [
    ...(/[\u3040-\u30ff\u3400-\u9fff]/.test(text) ? findDatesJa(text, today, ref) : []),
    ...(/[a-z]/.test(text) ? findDatesEn(text, today, ref) : []),
  ];
  if (all.length === 0 && /^\d{1,2}\/\d{1,2}$/.test(text.trim())) all.push(...findDatesJa(text, today, ref));
  if (all.length === 0) return { mentioned: false, past: false, today: false };
  const usable = all.filter((c) => {
    if (!c.date) return false;
    const after = text.slice(c.index + c.length, c.index + c.length + 12);
    const before = text.slice(Math.max(0, c.index - 14), c.index);
    if (PAST_VERB_BEFORE.test(text.slice(Math.max(0, c.index - 40), c.index))) return false;
    // "Quitting time's at 5 today, so I'll pay you Saturday": "today" beside a clock time is when work ends.
    const said = text.slice(c.index, c.index + c.length);
    const clockToday = (CLOCK_BEFORE.test(before) && /^(?:today|今日)$/.test(said)) || CLOCK_TODAY.test(said);
    if (clockToday && all.some((o) => o.date && c.date && format(o.date) !== format(c.date))) return false;
    if (all.some((o) => o.date && o.index >= c.index + c.length && CORRECTED.test(text.slice(c.index + c.length, o.index)))) return false;
    const reason = (o: DateCandidate) => {
      const between = text.slice(c.index + c.length, o.index);
      return SO_THEN.test(between) && (HOLIDAY_WORD.test(between) || HOLIDAY_WORD.test(said) || HOLIDAY_WORD.test(before));
    };
    if (all.some((o) => o.date && o.index >= c.index + c.length && reason(o))) return false;
    return !REJECTED_AFTER.test(after) && !REJECTED_BEFORE.test(before);
  });
  // Round 8b: "end of next week" too ("By the end of next week? like Friday the 8th" is the 8th).
// Round 7: a period (月末, 年末, 週末, "end of the month", "right now") yields to a day named in the same message:
  // 「年末で銀行が止まるので、1月4日に払います」 is Jan 4, 「年末の30日には」 the 30th, "angry right now… I'll pay on the 28th" the 28th.
  const coarse = (c: DateCandidate) => COARSE.test(text.slice(c.index, c.index + c.length));
  usable.sort((a, b) => Number(a.relative ?? false) - Number(b.relative ?? false) || Number(coarse(a)) - Number(coarse(b)) || a.index - b.index || b.length - a.length);
  const best = usable[0];
  const past = all.some((c) => c.past);
  if (!best?.date) return { mentioned: true, past, today: false };
  const date = format(best.date);
  return { date, mentioned: true, past, today: date === format(today) };
}
