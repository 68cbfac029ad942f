/**
 * Reading a reply as the answer to what the bot just asked ("3", "はい", "2回で", "the second one").
 * Only short replies are read this way; a sentence with its own intent keeps that intent.
 */
import type { ClassifyContext, Entities } from '../port.js';
import { nextDayOfMonth, civilDateIn, format } from '../entities/calendar.js';
import { bareNumber } from '../entities/amounts.js';
import { ORDINALS, parseNumberWord } from '../entities/numbers.js';
import type { Normalised } from '../normalise.js';
import type { Decision } from './decide.js';

const YES = /^(?:yes|yeah|yep|yup|ya|y|sure|ok|okay|please|yes please|go ahead|sounds good|that works|fine|correct|right|agreed|do it|はい|ええ|うん|お願い|それで|それでお願い|そうです|いいです|いいよ|了解|了解です|承知しました|同意します|ok|おk|おけ)(?:[ ,.!]*(?:please|thanks|thank you|お願い|です|します|ください))*[.!]*$/;
const NO = /^(?:no|nope|nah|n|not now|no thanks|no thank you|not really|don't|いいえ|いや|いえ|いいです結構です|結構です|けっこうです|遠慮します|やめておきます|やめときます|しない|しません|いらない|不要です|違います|ちがいます)(?:[ ,.!]*(?:thanks|thank you|です|ね))*[.!]*$/;

// "yes, but…" / "はい、でも…": the answer leads a longer reply that keeps its own intent.
const YES_LEAD = /^(?:yes|yeah|yep|sure|ok|okay|はい|ええ|うん)(?:[ ,.!]|$)/;
const NO_LEAD = /^(?:no|nope|nah|いいえ|いや)(?:[ ,.!]|$)/;

const ORDINAL_EN = /^(?:the |that |i'll take the |i want the |let's do the |i'd like the |go with the )?(first|second|third|fourth|fifth|sixth|last|1st|2nd|3rd|4th|5th|6th)(?: one| option| choice| plan)?(?: please)?$/;
const ORDINAL_JA = /^(?:(\d)(?:番目|つ目|個目|番)|最初|前者|後者|最後)(?:の|で|のやつ|のプラン)?(?:お願い|でお願い|にします|で|がいい|です)*$/;
const COUNT_JA = /^(\d{1,2})(?:回|回払い|回で|回払いで|回に|分割|ヶ月|か月)?(?:で|でお願い|にします|がいい|です|お願い|ください|で払い?ます|で払いたい)*$/;
const COUNT_EN = /^(?:(?:let's do|i'll do|i'll take|make it|i want|i'd like|go with|let's go with|lets go with|i'll go with|we'll go with|put me down for|sign me up for|maybe|how about|can we do|option) )?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve)(?: (?:payments|installments|months|times|parts|please|one))*(?: please)?$/;

function pickInstallments(n: Normalised, options: number[] | undefined): number | undefined {
  const t = n.text.replace(/[.!?,]/g, '').trim();
  const opts = options ?? [];
  const ord = ORDINAL_EN.exec(t);
  if (ord) {
    const k = ORDINALS[ord[1] ?? ''] ?? 0;
    return k === -1 ? opts[opts.length - 1] : opts[k - 1];
  }
  if (/^(?:the |that )?(?:middle|mid)(?: one| option| choice| plan)?(?: please)?$/.test(t) || /^(?:真ん中|まんなか|中間)(?:の|で|のやつ|のプラン)*(?:お願い|にします|で|がいい|です)*$/.test(n.compact)) {
    return opts.length % 2 === 1 ? opts[(opts.length - 1) / 2] : undefined;
  }
  const oj = ORDINAL_JA.exec(n.compact);
  if (oj) {
    if (oj[1]) return opts[Number(oj[1]) - 1];
    return /最後|後者/.test(n.compact) ? opts[opts.length - 1] : opts[0];
  }
  const cj = COUNT_JA.exec(n.compact);
  const ce = COUNT_EN.exec(t);
  const raw = cj?.[1] ?? ce?.[1];
  if (raw === undefined) return undefined;
  const k = parseNumberWord(raw);
  if (k === undefined) return undefined;
  if (opts.includes(k)) return k;
  // "2" against options [3, 6, 12] is the second option; "2回" is a count.
  const explicitCount = /回|分割|ヶ月|か月|payments|installments|months|times|parts/.test(t);
  if (!explicitCount && k >= 1 && k <= opts.length) return opts[k - 1];
  return k >= 2 ? k : undefined;
}

const SHORT = 40;

/** Adjusts a decision with the conversation context; returns it unchanged when it does not apply. */
export function applyContext(d: Decision, ctx: ClassifyContext | undefined, n: Normalised, now: Date, timezone: string): Decision {
  if (!ctx || ctx.expecting === 'none') return d;
  const keepsOwnIntent = !['other', 'installment', 'pay', 'extend'].includes(d.intent) && d.confidence >= 0.75;
  if (keepsOwnIntent) return d;
  if (n.compact.length > SHORT && ctx.expecting !== 'yes_no') return d;
  const t = n.text.replace(/[.!?]+$/, '').trim();

  switch (ctx.expecting) {
    case 'yes_no': {
      const answer = YES.test(t) || YES_LEAD.test(t) ? 'yes' : NO.test(t) || NO_LEAD.test(t) ? 'no' : undefined;
      if (!answer) return d;
      if (d.intent !== 'other') return { ...d, entities: { ...d.entities, answer } };
      return { intent: 'other', confidence: 0.9, rule: `context.yes_no.${answer}`, why: `answers ${answer} to a yes/no question`, entities: { answer } };
    }
    case 'installment_choice': {
      const k = pickInstallments(n, ctx.options);
      if (k !== undefined) {
        return { intent: 'installment', confidence: 0.92, rule: 'context.installment_choice', why: `chooses ${k} instalments`, entities: { ...d.entities, installments: k } };
      }
      if (YES.test(t) && d.intent === 'other') {
        return { intent: 'installment', confidence: 0.8, rule: 'context.installment_choice.yes', why: 'accepts the instalment offer', entities: { answer: 'yes' } };
      }
      return d;
    }
    case 'date': {
      if (d.entities.date) return { ...d, intent: d.intent === 'pay' ? 'pay' : 'extend', confidence: Math.max(d.confidence, 0.9) };
      const m = /^(?:on |the |by )*(\d{1,2})(?:st|nd|rd|th|日)?(?:で|に|まで|までに|でお願い)*$/.exec(t);
      const today = civilDateIn(now, timezone);
      const c = m ? nextDayOfMonth(today, Number(m[1])) : undefined;
      if (c) return { intent: 'extend', confidence: 0.9, rule: 'context.date.day_of_month', why: 'answers with a day of the month', entities: { ...d.entities, date: format(c) } };
      return d;
    }
    case 'amount': {
      const amount = d.entities.amount ?? bareNumber(t);
      if (amount === undefined) return d;
      const entities: Entities = { ...d.entities, amount };
      return { intent: d.intent === 'other' ? 'installment' : d.intent, confidence: 0.88, rule: 'context.amount', why: `answers with an amount (${amount})`, entities };
    }
  }
  return d;
}
