import { Locale } from '../classify/port';

/** The flow a debt goes to when it names none: standard-<the debtor's locale>, Japanese when that is not given either. */
export const defaultFlowKey = (debtorLocale: Locale | undefined): string => `standard-${debtorLocale ?? 'ja'}`;

const STANDARD_KEY = /^standard-(ja|en)$/;

/**
 * The one rule for a debt's locale — the language of its messages and the country its phone number
 * is read in — for every door a debt comes in by (POST /api/debts, the CSV import streamed or
 * atomic, a campaign's rows; decision 0188): the debtor's when given; else its flow's, the loaded
 * flow's own or, when the flow is not loaded, what a standard key says (no key: standard-ja);
 * else not known (null) — a flow that does not exist has no language, and its own issue says so,
 * rather than a number read in a guessed country.
 *
 * `flow.key` as given (trimmed here, as the schema trims it); `flow.locale` when the flow is loaded.
 */
export function debtLocale(debtorLocale: unknown, flow: { key?: string; locale: Locale }): Locale;
export function debtLocale(debtorLocale: unknown, flow: { key?: string; locale?: Locale }): Locale | null;
export function debtLocale(debtorLocale: unknown, flow: { key?: string; locale?: Locale }): Locale | null {
  const given = Locale.safeParse(debtorLocale);
  if (given.success) return given.data;
  if (flow.locale) return flow.locale;
  const key = flow.key === undefined ? defaultFlowKey(undefined) : flow.key.trim();
  return (STANDARD_KEY.exec(key)?.[1] as Locale | undefined) ?? null;
}
