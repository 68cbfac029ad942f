import { NUMBER_WORD, parseNumberWord } from './numbers.js';

/**
 * Instalment counts: "3回", "三回払い" (folded to 3回払い), "3分割", "3ヶ月で", "three payments",
 * "in 3 instalments", "split it in two", "over 6 months".
 */
const JA: RegExp[] = [
  /(\d{1,2})回(?:払い|払|に分け|に分割|分割|で|くらい|ぐらい|程度|ほど|に|払いで|まで|とか|か|の分割)/,
  /(\d{1,2})分割/,
  /(\d{1,2})[ヶかカヵケ箇]月(?:間)?(?:で|に分け|かけて|払い|分割|の分割|くらい|ぐらい|ほど|$)/,
  /(\d{1,2})つに分け/,
  /(\d{1,2})回$/,
];

const EN: RegExp[] = [
  new RegExp(`\\b(${NUMBER_WORD}) (?:equal |monthly |weekly |separate |smaller |small |partial |part )?(?:payments|installments|instalments|parts|chunks|pieces|goes|lots|transfers|tranches)\\b`),
  new RegExp(`\\b(?:split|divide|break|spread)(?: it| this| that| the (?:bill|balance|payment|amount|debt|rest))?(?: up)? (?:in|into|over)(?: to)? (${NUMBER_WORD})\\b`),
  new RegExp(`\\b(?:over|across|within) (?:the next )?(${NUMBER_WORD}) (?:months|weeks|paychecks)\\b`),
  new RegExp(`\\b(?:in|into) (${NUMBER_WORD}) (?:halves|thirds)\\b`),
  // Round 10: "6 months at $50", "twelve weeks of $25 each": a count of periods with a sum each.
  new RegExp(`\\b(${NUMBER_WORD}) (?:months|weeks|paychecks) (?:at|of|x) \\$`),
];

// Round 5: "$100 now and $100 on the 20th" (two amounts, two days), 「半分を今月、残りを来月」 are two payments.
const TWO_PARTS =
  /\b\d{1,2} ?% (?:now|today|up ?front|on [^.?!]{0,30}?),? (?:and )?(?:the )?(?:remaining|other|rest|balance|final) \d{1,2} ?%|半分ずつ|半々|(?<!\bcut |\bcuts |\breduced )in half|in halves|two halves|half (?:now|today|this month|this week|this pay ?day|this paycheck|this friday|on friday),? (?:and )?(?:the other half|half|the rest)|\$\d[\d,]* (?:now|today|tomorrow|this \w+|on \w+|next \w+),? (?:and|then|\+|plus) (?:another |then )?\$\d[\d,]* (?:the|next|on|by|in|after)\b|\$?\d+(?: dollars| bucks)? (?:now|today),? (?:and|then|\+|plus) (?:another )?\$?\d+(?: dollars| bucks)? (?:on|next|by|in|later|the|when|after)\b|半分(?:を|は)?(?:今月|今週|今|先に|今日)[、,]?\s?(?:残り|半分|あと)(?:を|は)?(?:来月|来週|翌月|次)|(?:今月|今週|今日)(?:は)?半分[、,]?\s?(?:来月|来週|翌月)(?:に)?(?:残り|半分)|(?:今月|今週|今日)(?:は)?半分[、,]?\s?(?:残り|あと)(?:を|は)?(?:来月|来週|翌月)/;
// Round 8b (w12): a first part with its time, then the rest with another ("半分は来月、残りは再来月", 「今日1万、残りは25日に」,
// 「5日と20日に1万ずつ」, "Pay 1/2 Friday, rest on the 15th", "$200 this week and $200 in two weeks") is two payments.
const TIME_JA = '(?:今日|明日|今週|今月|来週|来月|再来週|再来月|翌月|\\d{1,2}日|給料日|月末)';
const TWO_PARTS_MORE = new RegExp(
  [
    `(?:半分|\\d+(?:万|千)?円?)(?:は|を|だけ)?${TIME_JA}[^。]{0,14}(?:残り|残額|あと)(?:の半分)?(?:は|を)?[^。]{0,4}${TIME_JA}`,
    `${TIME_JA}(?:は|に)?(?:半分|\\d+(?:万|千)?円?)[、,]?\\s?(?:残り|残額|あと)(?:は|を)?[^。]{0,4}${TIME_JA}`,
    `(?<!\\d)\\d{1,2}日と\\d{1,2}日に[^。]{0,10}ずつ`,
    String.raw`\b(?:half|1/2|\$\d+)(?: of it)? (?:now|today|tomorrow|this week|this friday|on \w+day|\w+day|on the \d{1,2}(?:st|nd|rd|th)?),? (?:and )?(?:the )?(?:rest|remainder|other half) (?:on|by|next|in|the|at)\b`,
    String.raw`\$\d+ (?:now|today|this week|this friday|friday) and \$\d+ (?:in (?:two|2|three|3) weeks|next week|next month|next friday|on the \d{1,2}(?:st|nd|rd|th)?)\b`,
  ].join('|'),
);

const EN_MORE: RegExp[] = [
  new RegExp(`\\b(?:next|following|coming) (${NUMBER_WORD}) (?:paydays|paychecks|pay checks|checks|fridays)\\b`),
  new RegExp(`\\b(${NUMBER_WORD}) (?:months|weeks) of (?:payments|installments|instalments)\\b`),
  // Round 7: "$100 a month for 6 months", "pay in 4 like the app says", "in 5 EMIs", "4 x $125".
  new RegExp(`\\b(?:a|per|each|every) (?:month|week|fortnight|paycheck) for (?:the next )?(${NUMBER_WORD}) (?:months|weeks|fortnights|paychecks)\\b`),
  /\bpay (?:it )?in (\d{1,2})\b(?! ?(?:days?|weeks?|months?|hours?|minutes?|mins?|%|am|pm|:))/,
  /\bin (\d{1,2}) (?:emis?|installs?|instal?ments? plan)\b/,
  /\b(\d{1,2}) ?x ?[$£]?\d/,
  // Round 13: "$200 x 4" (the amount first), "12 months interest free?" (a plan's length as its count).
  /[$£]\d[\d,.]* ?x ?(\d{1,2})\b(?! ?[$£\d])/,
  new RegExp(`\\b(${NUMBER_WORD}) months? (?:interest[- ]free|no interest|(?:at )?0 ?%(?: interest)?|zero interest|same as cash)\\b`),
  // Round 8: "a 6-month plan", "pay in two times".
  /\b(\d{1,2})[- ]month (?:payment |installment |instalment )?plan\b/,
  new RegExp(`\\b(?:pay|split it|do it|pay it) in (${NUMBER_WORD}) times\\b`),
  // Round 15: "could we do it in three?" (parts, not minutes or days).
  new RegExp(`\\b(?:do|pay|split|break) (?:it|this|that) (?:up )?in(?:to)? (${NUMBER_WORD})\\b(?! ?(?:days?|weeks?|months?|hours?|minutes?|mins?|%|am|pm|:|[.,] ?\\d))`),
];
// Round 8: days or months listed with an amount each (「15日と30日に1万ずつ」, 「8月と9月と10月に5万ずつ」): one part per day.
const LISTED_DAYS_JA = /((?:\d{1,2}(?:月|日)(?:と|、|, ?))+\d{1,2}(?:月|日))(?:に|で)?[^。.]{0,6}?(?:ずつ|づつ)/;
// Round 13: the days as month/day (「1/10、2/10、3/10に2万円ずつ」).
const LISTED_SLASH_DAYS = /((?:\d{1,2}\/\d{1,2}(?:と|、|, ?))+\d{1,2}\/\d{1,2})(?:に|で)?[^。.]{0,6}?(?:ずつ|づつ)/;

export function extractInstallments(text: string): number | undefined {
  // Every match counts ("一回で払うのはやめて、4回払いに": the 1 is declined, the 4 is the plan).
  for (const re of JA) {
    for (const m of text.matchAll(new RegExp(re.source, 'g'))) {
      const n = Number(m[1]);
      if (n >= 2 && n <= 60) return n;
    }
  }
  const listed = LISTED_DAYS_JA.exec(text);
  if (listed) {
    const n = (listed[1]?.match(/[月日]/g) ?? []).length;
    if (n >= 2 && n <= 12) return n;
  }
  const slashed = LISTED_SLASH_DAYS.exec(text);
  if (slashed) {
    const n = (slashed[1]?.match(/\//g) ?? []).length;
    if (n >= 2 && n <= 12) return n;
  }
  if (TWO_PARTS.test(text) || TWO_PARTS_MORE.test(text)) return 2;
  for (const re of [...EN, ...EN_MORE]) {
    const m = re.exec(text);
    if (m) {
      const n = parseNumberWord(m[1] ?? '');
      if (n !== undefined && n >= 2 && n <= 60) return n;
    }
  }
  return undefined;
}
