/**
 * Money amounts in replies: "5000円ずつ", "5,000円", "五千円" (folded to 5000円 by normalise),
 * "1.5万円", "¥3000", "$50 a month", "50 dollars", "50 bucks".
 */
const WORD_AMOUNTS: Record<string, number> = { ten: 10, fifteen: 15, twenty: 20, twentyfive: 25, 'twenty five': 25, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, 'a hundred': 100, 'one hundred': 100, 'two hundred': 200 };

const PATTERNS: Array<{ re: RegExp; value(m: RegExpExecArray): number }> = [
  { re: /(\d+(?:\.\d+)?)万(\d{1,4})?(?:千)?円?/, value: (m) => Number(m[1]) * 10_000 + Number(m[2] ?? 0) },
  { re: /(\d+(?:\.\d+)?)千円/, value: (m) => Number(m[1]) * 1000 },
  { re: /(\d{1,3}(?:,\d{3})+|\d+)\s?(?:円|えん|yen)/, value: (m) => Number((m[1] ?? '').replace(/,/g, '')) },
  { re: /[¥￥]\s?(\d{1,3}(?:,\d{3})+|\d+)/, value: (m) => Number((m[1] ?? '').replace(/,/g, '')) },
  { re: /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?/, value: (m) => Number((m[1] ?? '').replace(/,/g, '') + '.' + (m[2] ?? '0')) },
  {
    re: /\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))? ?(?:dollars?|bucks|usd|pounds?|quid|gbp|euros?)\b/,
    value: (m) => Number((m[1] ?? '').replace(/,/g, '') + '.' + (m[2] ?? '0')),
  },
  { re: /£\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?/, value: (m) => Number((m[1] ?? '').replace(/,/g, '') + '.' + (m[2] ?? '0')) },
  // Round 5: a round amount in words ("twenty bucks a week", "fifty dollars now").
  {
    re: /\b(ten|fifteen|twenty|twenty-?five|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|one hundred|two hundred) (?:dollars?|bucks)\b/,
    value: (m) => WORD_AMOUNTS[(m[1] ?? '').replace('-', '')] ?? 0,
  },
  // A bare number in a plan ("75 every two weeks", "100 a month?", "200 now and the rest…").
  {
    re: /(?<![\d$.,/:#])\b(\d{2,5})\b(?= ?(?:a|per|each|every) (?:week|month|paycheck|pay ?day|fortnight|two weeks|other week)\b| (?:now|today|up ?front)\b)/,
    value: (m) => Number(m[1]),
  },
];

export function extractAmount(text: string): number | undefined {
  let best: { index: number; value: number } | undefined;
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const value = p.value(m);
    if (!(value > 0) || !Number.isFinite(value)) continue;
    if (!best || m.index < best.index) best = { index: m.index, value };
  }
  return best?.value;
}

/** A reply that is only a number ("5000", "5,000") — read as an amount when the bot asked for one. */
export function bareNumber(text: string): number | undefined {
  const m = /^(?:[¥$£]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?\s?(?:円|えん|yen|dollars?|bucks)?(?:\s?(?:で|です|でお願い|くらい|ぐらい|per month|a month|monthly))?[.!]?$/.exec(
    text.trim(),
  );
  return m ? Number((m[1] ?? '').replace(/,/g, '')) : undefined;
}
