/**
 * The rules classifier: pure, synchronous, no I/O. Opt-out and re-subscribe keywords are decided
 * first and deterministically; everything else is a set of signals turned into one intent by
 * decide(), then read against the conversation context.
 */
import type { Classification, ClassifyRequest } from '../port.js';
import { extractAmount, extractDate, extractInstallments } from '../entities/index.js';
import { hasJapanese, normalise, type Normalised } from '../normalise.js';
import { applyContext } from './context.js';
import { decide, type Decision } from './decide.js';
import { detectHelpKeyword, detectStart, detectStop } from './keywords.js';
import { mayMatch, mayMatchEachOf } from './prefilter.js';
import { EN_SIGNALS } from './signals-en.js';
import { JA_SIGNALS } from './signals-ja.js';
import type { Hit, Signal } from './types.js';

export { detectStop, detectStart, detectHelpKeyword } from './keywords.js';

// speed11: a signal whose derived literals are all absent from the text cannot match it (rules/prefilter.ts), so it is
// not run; a pattern with the g or y flag (whose exec has state) always runs.
function scan(signals: Signal[], text: string, into: Hit[]): void {
  const may = mayMatchEachOf(signals, (s) => s.re, text);
  for (let i = 0; i < signals.length; i++) {
    const signal = signals[i]!;
    if (!may[i] && !signal.re.global && !signal.re.sticky) continue;
    const m = signal.re.exec(text);
    if (m) into.push({ signal, index: m.index, matched: m[0] });
  }
}

// Round 11: pounds and euros too, and the first part may be now / today ("£200 now and £200 on the 30th").
// Round 10: the "on" may be left out after the first pair ("$300 on the 25th, $300 July 25").
// Round 6: a plan told as amounts on days ("$150 on the 15th and $150 on the 30th", 「1月10日に3万、2月10日に3万」):
// two or more amount-and-day pairs are instalments, as many as there are pairs, with the amount when they are equal.
const PAIRS_SIGNAL: Signal = { id: 'installment.amount_day_pairs', kind: 'installment', re: /(?:)/, strength: 0.85 };
const PAIR_EN = /[$£€] ?(\d[\d,]*(?:\.\d\d)?)(?: dollars| bucks| pounds| quid| euros)? (?:(?:on|by) )?(?:the )?(?:\d{1,2}(?:st|nd|rd|th)\b|now\b|today\b|tonight\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2}|christmas(?: eve)?|new year|payday|\d{1,2}\/\d{1,2})/g;
const PAIR_EN_BEFORE = /(?:on|by) (?:the )?(?:\d{1,2}(?:st|nd|rd|th)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2}|\d{1,2}\/\d{1,2}),? [$£€] ?(\d[\d,]*(?:\.\d\d)?)/g;
// Round 8: the day may be a month (「今月末に5万円、来月末に5万円」, 「今月2万、来月2万」) or m/d (「6/10に4万、7/10に4万」).
const PAIR_JA = /(?:(?:\d+月)?\d+日|(?<![\d/])\d{1,2}\/\d{1,2}|(?:今月|来月|再来月|(?<!\d)\d{1,2}月)末?(?!\d{1,2}日))(?:に|は|で)?(\d+(?:,\d{3})*(?:\.\d+)?)(万|千)?(?:(\d+)千)?円?/g;

function amountDayPairs(n: Normalised): { count: number; amount?: number; index: number; matched: string } | undefined {
  // Payments already made on those days are a payment claim, not a plan.
  if (/\b(?:paid|sent|transferred|wired|deposited|made|mailed|charged|billed)\b/.test(n.text) || /払いました|払った|振り?込み?ました|振り?込んだ|振込済|入金しました|入金した|入金済|送金しました|引き落とされ|請求され/.test(n.compact)) return undefined;
  const ja = hasJapanese(n.text);
  for (const re of ja ? [PAIR_JA] : [PAIR_EN, PAIR_EN_BEFORE]) {
    // speed11: none of the pattern's derived literals in the text, no pair (rules/prefilter.ts).
    if (!mayMatch(re, ja ? n.compact : n.text)) continue;
    const ms = [...(ja ? n.compact : n.text).matchAll(re)];
    if (ms.length < 2 || ms.length > 12) continue;
    const values = ms.map((m) => Number((m[1] as string).replace(/,/g, '')) * (m[2] === '万' ? 10000 : m[2] === '千' ? 1000 : 1) + (m[3] ? Number(m[3]) * 1000 : 0));
    const equal = values.every((v) => v === values[0]);
    return { count: ms.length, ...(equal && values[0]! > 0 && { amount: values[0] }), index: ms[0]!.index ?? 0, matched: ms.map((m) => m[0]).join(' / ') };
  }
  return undefined;
}

function result(d: Decision, tier: 'keyword' | 'rules' = 'rules'): Classification {
  return {
    intent: d.intent,
    confidence: d.confidence,
    classifiedBy: 'rules',
    tier,
    entities: d.entities,
    explanation: `${d.rule}: ${d.why}`,
    rule: d.rule,
  };
}

/**
 * The carrier keywords alone (what classifyByRules decides first, before any signal or entity
 * work): 'stop', 'start' or null. Ingress calls this on the webhook's hot path.
 */
export function detectOptKeyword(text: string): 'stop' | 'start' | null {
  const n = normalise(text);
  if (!n.compact) return null;
  if (detectStop(n)) return 'stop';
  if (detectStart(n)) return 'start';
  // Ingress does not know the debtor's locale: a message that reads as romaji Japanese
  // ("mou okuranaide") is also checked as Japanese. Only adds opt-outs, never removes one.
  if (/[a-z]/i.test(text)) {
    const ja = normalise(text, { locale: 'ja' });
    if (ja.text !== n.text && detectStop(ja)) return 'stop';
  }
  return null;
}

/** What the rules saw in a reply: their answer, plus the facts a later tier can reuse. */
export interface RulesAnalysis {
  result: Classification;
  n: Normalised;
  /** Decided by a carrier keyword (STOP/START/HELP) or an explicit opt-out/start phrase. */
  keyword: boolean;
  /** Kinds of the signals that fired ("paid", "hardship", "not_paid", …). */
  signals: string[];
  /** Entities found regardless of the intent (a later tier picks the ones its intent uses). */
  date?: string;
  today: boolean;
  amount?: number;
  installments?: number;
  /** The reply read as an answer to what the bot asked (context), which the rules decide. */
  contextual: boolean;
}

export function analyseByRules(input: ClassifyRequest): RulesAnalysis {
  const n = normalise(input.text, { locale: input.locale });
  const base = { n, signals: [] as string[], today: false, contextual: false };
  // Round 8: 「？？？」 / "???" (question marks only, two or more) is "what is this?" — help, as four writers label it; "?" stays other.
  if (!n.compact && /^[?？]{2,}$/.test(n.nfkc.replace(/\s+/g, ''))) return { ...base, keyword: false, result: result({ intent: 'help', confidence: 0.8, rule: 'help.question_marks', why: 'only question marks: asks what this is', entities: {} }) };
  if (!n.compact) return { ...base, keyword: false, result: result({ intent: 'other', confidence: 0.5, rule: 'empty', why: 'no words (empty, emoji or punctuation only)', entities: {} }) };

  const stop = detectStop(n);
  if (stop) return { ...base, keyword: true, result: result({ intent: 'stop', confidence: 0.99, rule: stop.rule, why: `opt-out ("${stop.matched}")`, entities: {} }, 'keyword') };
  const start = detectStart(n);
  if (start) return { ...base, keyword: true, result: result({ intent: 'start', confidence: 0.97, rule: start.rule, why: `re-subscribe ("${start.matched}")`, entities: {} }, 'keyword') };
  const help = detectHelpKeyword(n);
  if (help) return { ...base, keyword: true, result: result({ intent: 'help', confidence: 0.97, rule: help.rule, why: `HELP keyword ("${help.matched}")`, entities: {} }, 'keyword') };

  const hits: Hit[] = [];
  if (/[a-z]/.test(n.text)) scan(EN_SIGNALS, n.text.replace(/[.!,\s]+$/, ''), hits);
  if (hasJapanese(n.text)) scan(JA_SIGNALS, n.compact, hits);

  const now = new Date(input.now);
  const date = extractDate(n.text, now, input.timezone);
  const pairs = amountDayPairs(n);
  if (pairs) hits.push({ signal: PAIRS_SIGNAL, index: pairs.index, matched: pairs.matched });
  const amount = pairs ? pairs.amount : extractAmount(n.text);
  const installments = pairs ? pairs.count : extractInstallments(n.text);
  const facts = { hits, date, ...(amount !== undefined && { amount }), ...(installments !== undefined && { installments }) };
  const decided = decide(facts);
  const decision = applyContext(decided, input.context, n, now, input.timezone);
  return {
    n,
    keyword: false,
    result: result(decision),
    signals: [...new Set(hits.map((h) => h.signal.kind)), `rules:${decided.intent}`],
    ...(date.date !== undefined && { date: date.date }),
    today: date.today,
    ...(amount !== undefined && { amount }),
    ...(installments !== undefined && { installments }),
    contextual: decision !== decided,
  };
}

export function classifyByRules(input: ClassifyRequest): Classification {
  return analyseByRules(input).result;
}
