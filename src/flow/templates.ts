import { daysBetween } from '../shared/time';
import type { FlowDefinition } from './schema';
import type { Locale } from '../classify/port';

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
  // Worded from the day the message is really sent (see relativeWording): never "today" for another day.
  'dueStatus',
  'promiseStatus',
  'installmentStatus',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateVars = Partial<Record<Placeholder, string>>;

export function stopWording(locale: Locale): string {
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

export function formatAmount(amount: number, currency: string, locale: Locale): string {
  if (locale === 'ja' && currency === 'JPY') return `${numberFormat('ja-JP').format(amount)}円`;
  return numberFormat(locale === 'ja' ? 'ja-JP' : 'en-US', currency).format(amount);
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(date: string, locale: Locale): string {
  const [, m, d] = date.split('-').map(Number);
  if (locale === 'ja') return `${m}月${d}日`;
  return `${MONTHS_EN[m! - 1]} ${d}`;
}

export type DateKind = 'due' | 'promise' | 'installment';
/** The placeholder that words each kind of date relative to the send date. */
export const RELATIVE_PLACEHOLDER: Record<DateKind, Placeholder> = { due: 'dueStatus', promise: 'promiseStatus', installment: 'installmentStatus' };

/**
 * How a date reads on the day a message is sent, in the debtor's timezone: before it, on it
 * ("today"), or N days after it. The only way a template may say "today" (the flow lint refuses the
 * fixed word), so a reminder held overnight or sent late never claims "today" for another day.
 */
export function relativeWording(kind: DateKind, date: string, sendDate: string, locale: Locale): string {
  const d = formatDate(date, locale);
  const late = daysBetween(date, sendDate);
  if (locale === 'ja') {
    const w = {
      due: [`お支払期限は${d}です`, `本日${d}がお支払期限です`, `お支払期限の${d}を${late}日過ぎています`],
      promise: [`お約束のお支払日は${d}です`, `本日${d}はお約束のお支払日です`, `お約束のお支払日（${d}）を${late}日過ぎています`],
      installment: [`お支払日は${d}です`, `お支払日は本日（${d}）です`, `お支払日（${d}）を${late}日過ぎています`],
    }[kind];
    return w[late < 0 ? 0 : late === 0 ? 1 : 2]!;
  }
  const days = `${late} day${late === 1 ? '' : 's'}`;
  const w =
    kind === 'promise'
      ? [`your chosen payment date is ${d}`, `today (${d}) is the payment date you chose`, `the payment date you chose, ${d}, was ${days} ago`]
      : [`is due on ${d}`, `is due today (${d})`, `was due on ${d} (${days} overdue)`];
  return w[late < 0 ? 0 : late === 0 ? 1 : 2]!;
}

/** A queued text whose date wording waits for the send date: every other placeholder is filled. */
export interface DeferredText {
  text: string;
  dates: Partial<Record<DateKind, string>>;
  locale: Locale;
}

export const hasRelativeWording = (text: string): boolean => /\{(dueStatus|promiseStatus|installmentStatus)\}/.test(text);

/** The relative placeholders for `sendDate` (a missing date leaves its placeholder empty). */
export function relativeVars(dates: DeferredText['dates'], sendDate: string, locale: Locale): TemplateVars {
  const out: TemplateVars = {};
  for (const kind of Object.keys(RELATIVE_PLACEHOLDER) as DateKind[]) {
    const date = dates[kind];
    out[RELATIVE_PLACEHOLDER[kind]] = date ? relativeWording(kind, date, sendDate, locale) : '';
  }
  return out;
}

/** The final text of a deferred message on `sendDate` (debtor-local YYYY-MM-DD). */
export function renderAt(d: DeferredText, sendDate: string): string {
  return render(d.text, relativeVars(d.dates, sendDate, d.locale));
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
