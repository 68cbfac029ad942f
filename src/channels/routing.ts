import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { parseDomesticList, parseRouteList } from '../config/route-lists';
import type { OutboundRequest, SendResult, SmsProvider } from './port.js';
import type { RbmProvider } from './rbm/provider.js';

/**
 * Routing per debtor: which adapter sends to a number, and which one takes over when it fails.
 *
 * - The route comes from the number's country and the operator's table (`SMS_ROUTES`, e.g.
 *   `JP=rakuten,*=twilio`; `JP=rakuten>rakuten-b` names a secondary for failover).
 * - A conversation keeps the route its first message took (`conversations.route`), so replies come
 *   back on the number the debtor knows; the table only decides for a conversation's first send.
 * - COMPLIANCE rule 12: a +81 number only ever goes out over a domestic route. Domestic for JP:
 *   `rakuten`; `simulator` (nothing leaves the process); and whatever the operator declares in
 *   `SMS_DOMESTIC_ROUTES` (`twilio=JP` when TWILIO_API_BASE_URL points at a domestic
 *   Twilio-compatible aggregator). Checked when the table is parsed (boot) and again per send.
 */

export const ROUTE_NAMES = ['simulator', 'twilio', 'rakuten'] as const;
export const RouteName = z.enum(ROUTE_NAMES);
export type RouteName = z.infer<typeof RouteName>;

/** Countries whose numbers must go over a domestic route (rule 12), and the routes that are domestic there by nature. */
const BUILT_IN_DOMESTIC: Readonly<Record<string, readonly string[]>> = { JP: ['rakuten', 'simulator'] };

const Country = z.string().regex(/^([A-Z]{2}|\*)$/, 'must be an ISO country code (JP) or *');

export const RouteTable = z.object({
  /** Country (or "*") → [primary, secondary?]. */
  routes: z.record(Country, z.array(RouteName).min(1).max(2)),
  /** Extra routes the operator declares domestic for a country: route → countries. */
  domestic: z.partialRecord(RouteName, z.array(Country)).default({}),
  /** Try the secondary on a retryable failure that cannot have sent (5xx, 429, refused connection). */
  failover: z.boolean().default(true),
});
export type RouteTable = z.infer<typeof RouteTable>;
export { parseDomesticList, parseRouteList };

export function isDomestic(table: Pick<RouteTable, 'domestic'>, route: string, country: string): boolean {
  return (BUILT_IN_DOMESTIC[country] ?? []).includes(route) || ((table.domestic as Record<string, string[] | undefined>)[route] ?? []).includes(country);
}

/** Rule 12 applies to this country's numbers. */
export function needsDomestic(country: string): boolean {
  return country in BUILT_IN_DOMESTIC;
}

/** Problems a table has against rule 12 (a JP entry naming a foreign route): reported at boot. */
export function tableProblems(table: RouteTable): string[] {
  const out: string[] = [];
  for (const [country, names] of Object.entries(table.routes)) {
    if (!needsDomestic(country)) continue;
    for (const n of names) if (!isDomestic(table, n, country)) out.push(`${country}=${n}: ${n} is not a domestic route for ${country} (COMPLIANCE rule 12)`);
  }
  return out;
}

/** The number's country (ISO 3166 alpha-2), or null when it does not parse. */
export function countryOf(e164: string): string | null {
  try {
    return parsePhoneNumberFromString(e164)?.country ?? null;
  } catch {
    return null;
  }
}

export type RouteChoice = { ok: true; country: string | null; routes: string[] } | { ok: false; reason: 'no_domestic_route' | 'no_route'; detail: string };

/**
 * The routes for one send, in order: the conversation's stored route first (when it is still
 * allowed), then the table's entry for the number's country (else "*"). Routes that are not
 * configured, or not domestic for a number that needs it (rule 12), are dropped; nothing left is a refusal.
 */
export function chooseRoutes(table: RouteTable, configured: ReadonlySet<string>, phone: string, stored: string | null): RouteChoice {
  const country = countryOf(phone);
  const listed = (country && table.routes[country]) || table.routes['*'] || [];
  const candidates = [...new Set([...(stored ? [stored] : []), ...listed])].filter((r) => configured.has(r));
  if (country && needsDomestic(country)) {
    const allowed = candidates.filter((r) => isDomestic(table, r, country));
    if (!allowed.length) return { ok: false, reason: 'no_domestic_route', detail: `no domestic route for ${country} among ${candidates.join(', ') || 'the configured routes'} (COMPLIANCE rule 12)` };
    return { ok: true, country, routes: allowed.slice(0, 2) };
  }
  if (!candidates.length) return { ok: false, reason: 'no_route', detail: `no configured route for ${country ?? 'this number'}` };
  return { ok: true, country, routes: candidates.slice(0, 2) };
}

/** Providers by route name plus the table: what the sender needs. */
export interface Router {
  table: RouteTable;
  providers: Readonly<Record<string, SmsProvider>>;
  /** RCS over RBM in front of the SMS routes (issue #13): for numbers of these countries that can receive it. */
  rcs?: RcsConfig;
}

export interface RcsConfig {
  provider: RbmProvider;
  /** The webhook's clientToken (also the HMAC key of X-Goog-Signature). */
  clientToken: string;
  countries: readonly string[];
  /** An RCS message not delivered within this is revoked and its SMS form sent instead. */
  fallbackAfterMs: number;
}

/** A router with one provider for every country: what a single SMS_PROVIDER deployment has. */
export function singleRouter(provider: SmsProvider, domestic: RouteTable['domestic'] = {}): Router {
  return { table: RouteTable.parse({ routes: { '*': [provider.name] }, domestic, failover: false }), providers: { [provider.name]: provider } };
}

export type RoutedSend = SendResult & { route: string; failedOver?: { from: string; error: string } };

/**
 * Sends over the first route; on a failure that is retryable and cannot have reached the provider
 * (5xx, 429, refused connection — never a timeout), the secondary gets the same request once. One
 * outbox row therefore reaches at most one provider that may have sent it.
 */
export async function sendRouted(router: Router, routes: string[], req: OutboundRequest, onFailover?: (to: string) => Promise<void>): Promise<RoutedSend> {
  const [first, second] = routes;
  const r1 = await router.providers[first!]!.send(req);
  // Only the RCS adapter reads the card; an SMS route gets the text alone.
  if (req.rich && second !== 'rbm') req = { ...req, rich: undefined };
  const mayHaveSent = !r1.ok && r1.mayHaveSent === true;
  // RCS → SMS when the number turned out not to take RCS is a fallback, not a failover: always on.
  const notCapable = !r1.ok && r1.notCapable === true && first === 'rbm';
  if (r1.ok || !second || mayHaveSent || !(notCapable || (router.table.failover && r1.retryable))) return { ...r1, route: first! };
  await onFailover?.(second);
  const r2 = await router.providers[second]!.send(req);
  return { ...r2, route: second, failedOver: { from: first!, error: r1.error } };
}

/**
 * The router a deployment runs with: SMS_ROUTES (default: every country over the main provider),
 * SMS_DOMESTIC_ROUTES, SMS_FAILOVER. Throws at boot naming the problem: a route that is not
 * configured, or a JP entry over a foreign route (rule 12).
 */
export function routerFromEnv(
  env: { SMS_ROUTES?: string; SMS_DOMESTIC_ROUTES?: string; SMS_FAILOVER?: 'on' | 'off' },
  providers: Record<string, SmsProvider>,
  main: SmsProvider,
): Router {
  const routes = env.SMS_ROUTES ? parseRouteList(env.SMS_ROUTES) : { '*': [main.name] };
  const parsed = RouteTable.safeParse({ routes, domestic: env.SMS_DOMESTIC_ROUTES ? parseDomesticList(env.SMS_DOMESTIC_ROUTES) : {}, failover: env.SMS_FAILOVER !== 'off' });
  if (!parsed.success) throw new Error(`SMS_ROUTES / SMS_DOMESTIC_ROUTES: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const table = parsed.data;
  const unknown = Object.values(table.routes).flat().filter((r) => !providers[r]);
  if (unknown.length) throw new Error(`SMS_ROUTES names ${[...new Set(unknown)].join(', ')}, which is not configured (set its credentials)`);
  const problems = tableProblems(table);
  if (problems.length) throw new Error(`SMS_ROUTES: ${problems.join('; ')}`);
  return { table, providers };
}

const countryOfJurisdiction = (jurisdiction: string) => (jurisdiction === 'jp' ? 'JP' : jurisdiction === 'uk' ? 'GB' : 'US');

/** The SMS route a flow's debtors get (its jurisdiction's country, else "*"): what previews price. */
export function flowRoute(router: Router, jurisdiction: string): string {
  const country = countryOfJurisdiction(jurisdiction);
  return (router.table.routes[country] ?? router.table.routes['*'] ?? Object.keys(router.providers))[0] ?? 'sms';
}

/** The routes a flow's texts are priced on: its SMS route, and 'rbm' when RCS is tried for its country. */
export function pricedRoutes(router: Router, jurisdiction: string): string[] {
  return [flowRoute(router, jurisdiction), ...(router.rcs?.countries.includes(countryOfJurisdiction(jurisdiction)) ? ['rbm'] : [])];
}
