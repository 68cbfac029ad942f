/**
 * Money amounts in replies: "5000円ずつ", "5,000円", "五千円" (folded to 5000円 by normalise),
 * "1.5万円", "¥3000", "$50 a month", "50 dollars", "50 bucks".
 */
const WORD_AMOUNTS: Record<string, number> = { ten: 10, fifteen: 15, twenty: 20, twentyfive: 25, 'twenty five': 25, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, 'a hundred': 100, 'one hundred': 100, 'two hundred': 200 };

const PATTERNS: Array<{ re: RegExp; value(m: RegExpExecArray): number }> = [
  // 「2万5千円」 is 25,000 (it read 20,005 until round 7), 「1万2000円」 12,000.
  { re: /(\d+(?:\.\d+)?)万(?:(\d{1,4})(千)?)?円?/, value: (m) => Number(m[1]) * 10_000 + Number(m[2] ?? 0) * (m[3] ? 1000 : 1) },
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
  // Round 7: "3 instalments of 200 each", "6 monthly payments of 50", "biweekly payments of 90".
  { re: /\b(?:payments?|instal?lments?|installs?|emis?) of [$£]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\b(?! ?%)/, value: (m) => Number((m[1] ?? '').replace(/,/g, '') + '.' + (m[2] ?? '0')) },
  // A bare number in a plan ("75 every two weeks", "100 a month?", "200 now and the rest…").
  {
    re: /(?<![\d$.,/:#])\b(\d{2,5})\b(?= ?(?:a|per|each|every) (?:week|month|paycheck|pay ?day|fortnight|two weeks|other week)\b| (?:now|today|up ?front)\b)/,
    value: (m) => Number(m[1]),
  },
];

// 「10万を5万ずつ2回で」: the amount per part (ずつ / 毎月) is the one an instalment plan carries, not the total before it.
// Round 13: a per-part amount with thousands separators (「15,000円ずつ」).
const PER_PART_JA = /(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(万|千)?(?:(\d{1,4})(千)?)?円?(?:ずつ|づつ)/;

// Round 8: the same in English: "$250 a month" after "the balance is $1,000", "the remaining $900 in 3 payments of $300".
const PER_PART_EN = /(?:[$£] ?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?|\b(\d{1,3}(?:,\d{3})+|\d+) (?:dollars|bucks|quid|pounds)) ?(?:a|per|each|every) (?:month|week|paycheck|pay ?day|fortnight|two weeks|other week|friday)\b|\b(?:payments?|instal?lments?) of [$£]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\b(?! ?%)/;

export function extractAmount(text: string): number | undefined {
  const perEn = PER_PART_EN.exec(text);
  if (perEn) {
    const value = Number((perEn[1] ?? perEn[3] ?? perEn[4] ?? '').replace(/,/g, '') + '.' + (perEn[2] ?? perEn[5] ?? '0'));
    if (value > 0 && Number.isFinite(value)) return value;
  }
  const per = PER_PART_JA.exec(text);
  if (per) {
    const unit = per[2] === '万' ? 10_000 : per[2] === '千' ? 1000 : 1;
    const value = Number((per[1] ?? '').replace(/,/g, '')) * unit + Number(per[3] ?? 0) * (per[4] ? 1000 : 1);
    if (value > 0 && Number.isFinite(value) && (unit > 1 || value >= 100)) return value;
  }
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
