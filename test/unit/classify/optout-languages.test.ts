/**
 * Opt-outs written in the debtor's own language (COMPLIANCE §1: an opt-out "by any reasonable means"): debtors in
 * Japan and the US write to a Japanese or English number in Chinese, Korean, Vietnamese, Tagalog, Spanish or
 * Portuguese. Only "stop / don't send (me) messages" and the carriers' own words are read; a wrong-number story or a
 * paid claim in those languages is not an opt-out. Through the local tiers (no LLM), for both locales.
 */
import { describe, expect, it } from 'vitest';
import { createLocalClassifier } from '../../../src/classify/classifier.js';

const local = createLocalClassifier();
const read = (text: string, locale: 'ja' | 'en') =>
  local(locale === 'ja' ? { text, locale, now: '2026-12-09T09:00:00+09:00', timezone: 'Asia/Tokyo' } : { text, locale, now: '2026-12-09T09:00:00-05:00', timezone: 'America/New_York' });

const OPT_OUTS = [
  '别再给我发短信了',
  '請不要再傳訊息給我',
  '停止发送',
  '退订',
  '더 이상 문자 보내지 마세요',
  '문자 그만 보내요',
  '수신거부',
  'Xin đừng nhắn tin cho tôi nữa',
  'Tôi không muốn nhận tin nhắn',
  'Huwag na po ninyo akong i-text',
  'Wag nyo na akong i-text',
  'Tigilan nyo na ang pag-text',
  'Paren de mandarme mensajes',
  'Parem de me enviar mensagens',
];

describe('an opt-out in another language is an opt-out, in either locale', () => {
  it.each(OPT_OUTS.flatMap((t) => [[t, 'ja'], [t, 'en']] as const))('%j (%s) → stop', (text, locale) => {
    const c = read(text, locale);
    expect(c.intent).toBe('stop');
    expect(c.tier).toBe('keyword');
  });
});

describe('other things said in those languages are not opt-outs', () => {
  it.each([
    ['잘못 보내셨어요, 저 아니에요', 'ja'],
    ['돈 보내드렸어요', 'ja'],
    ['我已经付过了', 'ja'],
    ['这是诈骗吗？', 'en'],
    ['Tôi đã trả rồi', 'en'],
    ['Nagbayad na po ako kahapon', 'en'],
    ['Es para pagar el viernes', 'en'],
  ] as const)('%j (%s) is not stop', (text, locale) => expect(read(text, locale).intent).not.toBe('stop'));
});
