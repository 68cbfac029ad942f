import { NUMBER_WORD, parseNumberWord } from './numbers.js';

/**
 * Instalment counts: "3回", "三回払い" (folded to 3回払い), "3分割", "3ヶ月で", "three payments",
 * "in 3 instalments", "split it in two", "over 6 months".
 */
const JA: RegExp[] = [
  /(\d{1,2})回(?:払い|払|に分け|に分割|分割|で|くらい|ぐらい|程度|ほど|に|払いで|まで|とか|か|の分割)/,
  /(\d{1,2})分割/,
  /(\d{1,2})[ヶかカヵケ箇]月(?:で|に分け|かけて|払い|分割|くらい|ぐらい|ほど)/,
  /(\d{1,2})つに分け/,
  /(\d{1,2})回$/,
];

const EN: RegExp[] = [
  new RegExp(`\\b(${NUMBER_WORD}) (?:equal |monthly |weekly |separate |smaller |small |partial |part )?(?:payments|installments|instalments|parts|chunks|pieces|goes|lots|transfers)\\b`),
  new RegExp(`\\b(?:split|divide|break|spread)(?: it| this| that| the (?:bill|balance|payment|amount|debt|rest))?(?: up)? (?:in|into|over)(?: to)? (${NUMBER_WORD})\\b`),
  new RegExp(`\\b(?:over|across|within) (?:the next )?(${NUMBER_WORD}) (?:months|weeks|paychecks)\\b`),
  new RegExp(`\\b(?:in|into) (${NUMBER_WORD}) (?:halves|thirds)\\b`),
];

export function extractInstallments(text: string): number | undefined {
  for (const re of JA) {
    const m = re.exec(text);
    if (m) {
      const n = Number(m[1]);
      if (n >= 2 && n <= 60) return n;
    }
  }
  if (/半分ずつ|半々|(?<!\bcut |\bcuts |\breduced )in half|in halves|two halves|half now,? (?:and )?(?:the other )?half/.test(text)) return 2;
  for (const re of EN) {
    const m = re.exec(text);
    if (m) {
      const n = parseNumberWord(m[1] ?? '');
      if (n !== undefined && n >= 2 && n <= 60) return n;
    }
  }
  return undefined;
}
