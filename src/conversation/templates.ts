import type { FlowDefinition } from './flow-schema';

/** Placeholders a template may use; anything else fails validation. */
export const PLACEHOLDERS = [
  'brand',
  'amount',
  'balance',
  'dueDate',
  'link',
  'stop',
  'contact',
  'latestDate',
  'promiseDate',
  'offers',
  'count',
  'firstAmount',
  'firstDate',
  'seq',
  'installmentAmount',
  'paidAmount',
  /** The contact window the debtor asked for, in words ("平日19時以降"). */
  'contactWindow',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateVars = Partial<Record<Placeholder, string>>;

export function stopWording(locale: 'ja' | 'en'): string {
  return locale === 'ja' ? '配信停止は「停止」と返信' : 'Reply STOP to opt out.';
}

// Building an Intl formatter costs far more than using one: keep one per locale and currency.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, currency?: string): Intl.NumberFormat {
  const key = `${locale}:${currency ?? ''}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, currency ? { style: 'currency', currency } : {});
    numberFormats.set(key, f);
  }
  return f;
}

export function formatAmount(amount: number, currency: string, locale: 'ja' | 'en'): string {
  if (locale === 'ja' && currency === 'JPY') return `${numberFormat('ja-JP').format(amount)}円`;
  return numberFormat(locale === 'ja' ? 'ja-JP' : 'en-US', currency).format(amount);
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(date: string, locale: 'ja' | 'en'): string {
  const [, m, d] = date.split('-').map(Number);
  if (locale === 'ja') return `${m}月${d}日`;
  return `${MONTHS_EN[m! - 1]} ${d}`;
}

/** The template text for this conversation's stable A/B variant. */
export function templateText(flow: FlowDefinition, name: string, variant: number): { text: string; variant: number } | null {
  const t = flow.templates[name]?.[flow.locale];
  if (t === undefined) return null;
  if (typeof t === 'string') return { text: t, variant: 0 };
  const i = variant % t.length;
  return { text: t[i]!, variant: i };
}

export function render(text: string, vars: TemplateVars): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (m, k: string) => vars[k as Placeholder] ?? m);
}

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]!);
}
