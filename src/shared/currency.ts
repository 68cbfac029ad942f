/**
 * ISO 4217 (list one, current codes that money is paid in) with each currency's minor units. Kept
 * as data rather than read from ICU so every runtime (Node, Workers) agrees, and so CLDR's display
 * digits (IQD shown with 0) never change what an amount may be. Funds, metals and test codes are left out.
 */
const ZERO = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR = 'CLF UYW';
const TWO =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER ZAR ZMW ZWG';

const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ...ZERO.split(' ').map((c) => [c, 0] as const),
  ...TWO.split(' ').map((c) => [c, 2] as const),
  ...THREE.split(' ').map((c) => [c, 3] as const),
  ...FOUR.split(' ').map((c) => [c, 4] as const),
]);

export const isIsoCurrency = (code: string): boolean => MINOR_UNITS.has(code);

/** Decimal places of the currency's minor unit (JPY 0, USD 2, KWD 3); 2 for a code not in the list. */
export function currencyDecimals(currency: string): number {
  return MINOR_UNITS.get(currency.toUpperCase()) ?? 2;
}

/** Null when `amount` is a whole number of the currency's minor units, else why not, in words. */
export function minorUnitProblem(amount: number, currency: string): string | null {
  const decimals = currencyDecimals(currency);
  const minor = amount * 10 ** decimals;
  if (Math.abs(minor - Math.round(minor)) < 1e-6) return null;
  return decimals === 0 ? `${currency} has no minor unit: give a whole amount (${amount} is not)` : `${currency} has ${decimals} decimal places: ${amount} has more`;
}
