import type { RcsForm } from '../flow/schema';
import { formatAmount, formatDate, render } from '../flow/templates';
import type { RichCard } from './port';
import type { Locale } from '../classify/port';

/** Chip labels per intent (≤ 25 characters, RBM's limit); the postback is `intent:<name>`. */
export const CHIP_LABELS: Record<RcsForm['chips'][number], Record<Locale, string>> = {
  pay: { ja: '支払う', en: 'Pay' },
  installment: { ja: '分割の相談', en: 'Split it' },
  extend: { ja: '支払日の相談', en: 'Pay later' },
  paid: { ja: '支払い済み', en: 'Already paid' },
  human: { ja: '担当者と話す', en: 'Talk to a person' },
  stop: { ja: '配信停止', en: 'Stop' },
};
const PAY_BUTTON: Record<Locale, string> = { ja: '支払いページを開く', en: 'Open payment page' };

export const POSTBACK_PREFIX = 'intent:';

/** "intent:installment" → "installment"; anything else (an old card, a forged postback) → null. */
export function intentOfPostback(postback: string | undefined, known: readonly string[]): string | null {
  if (!postback?.startsWith(POSTBACK_PREFIX)) return null;
  const intent = postback.slice(POSTBACK_PREFIX.length);
  return known.includes(intent) ? intent : null;
}

/**
 * The rich card for one message: the title rendered from the form with the debt's figures, the
 * description = the SMS text itself (so the card says exactly what the fallback says), the chips,
 * and the payment link (the first of ours in the text) behind an openUrl action. Pure.
 */
export function buildCard(x: {
  form: RcsForm;
  locale: Locale;
  brand: string;
  body: string;
  debt: { amount: number; paidAmount: number; currency: string; dueDate: string };
  publicBaseUrl: string;
}): RichCard | null {
  const title = x.form.title[x.locale];
  if (!title) return null;
  const vars = { brand: x.brand, amount: formatAmount(Math.max(x.debt.amount - x.debt.paidAmount, 0), x.debt.currency, x.locale), dueDate: formatDate(x.debt.dueDate, x.locale) };
  const base = x.publicBaseUrl.replace(/\/$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const link = new RegExp(`${base}/p/[A-Za-z0-9_-]+`).exec(x.body)?.[0];
  return {
    title: render(title, vars).slice(0, 200),
    description: x.body.slice(0, 2000),
    replies: x.form.chips.map((c) => ({ text: CHIP_LABELS[c][x.locale], postback: `${POSTBACK_PREFIX}${c}` })),
    ...(link ? { openUrl: { text: x.form.payButton?.[x.locale] ?? PAY_BUTTON[x.locale], url: link, postback: 'action:open_payment_link' } } : {}),
  };
}
