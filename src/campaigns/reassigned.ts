import { z } from 'zod';

/**
 * Has this number been disconnected (and so possibly given to someone else) since the date the
 * debtor consented? `yes` = reassigned since, `no` = not, `unknown` = the source has no data.
 */
export type ReassignedAnswer = 'yes' | 'no' | 'unknown';

export interface ReassignedNumbers {
  readonly name: string;
  /** One answer per query, in order. */
  check(queries: Array<{ phone: string; since: Date }>): Promise<ReassignedAnswer[]>;
}

/** US: the FCC Reassigned Numbers Database query shape (10-digit NANP numbers, a date per number; yes / no / no_data). */
const RndResponse = z.object({ results: z.array(z.object({ tn: z.string(), date: z.string(), result: z.enum(['yes', 'no', 'no_data']) })) });

export function fccRnd(o: { baseUrl: string; apiKey: string; fetch?: typeof fetch; timeoutMs?: number }): ReassignedNumbers {
  const f = o.fetch ?? fetch;
  return {
    name: 'fcc-rnd',
    async check(queries) {
      if (!queries.length) return [];
      const body = { queries: queries.map((q) => ({ tn: q.phone.replace(/^\+1/, ''), date: q.since.toISOString().slice(0, 10) })) };
      const res = await f(`${o.baseUrl.replace(/\/$/, '')}/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
      });
      if (!res.ok) throw new Error(`reassigned numbers database answered HTTP ${res.status}`);
      const parsed = RndResponse.parse(await res.json());
      const byKey = new Map(parsed.results.map((r) => [`${r.tn}|${r.date}`, r.result]));
      return body.queries.map((q) => {
        const r = byKey.get(`${q.tn}|${q.date}`);
        return r === 'yes' ? 'yes' : r === 'no' ? 'no' : 'unknown';
      });
    },
  };
}

/**
 * Elsewhere: a list the operator supplies (from the carrier or a data vendor), one line per number:
 * `<E.164>,<YYYY-MM-DD the number was disconnected>`. A number is reassigned when it was
 * disconnected after the consent date; a number not on the list is `no`.
 */
export function operatorList(text: string): ReassignedNumbers {
  const disconnected = new Map<string, number>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [phone, day] = line.split(',').map((s) => s.trim());
    const at = Date.parse(`${day}T00:00:00Z`);
    if (!phone?.startsWith('+') || Number.isNaN(at)) throw new Error(`reassigned numbers list, line ${i + 1}: expected "+E164,YYYY-MM-DD"`);
    disconnected.set(phone, Math.max(at, disconnected.get(phone) ?? 0));
  }
  return {
    name: 'operator-list',
    async check(queries) {
      return queries.map((q) => {
        const at = disconnected.get(q.phone);
        return at !== undefined && at >= q.since.getTime() ? 'yes' : 'no';
      });
    },
  };
}

/** US numbers go to the FCC database when configured; every other number to the operator's list. */
export function byRegion(o: { us?: ReassignedNumbers; other?: ReassignedNumbers }): ReassignedNumbers {
  return {
    name: 'by-region',
    async check(queries) {
      const out: ReassignedAnswer[] = queries.map(() => 'unknown');
      for (const [port, pick] of [
        [o.us, (p: string) => p.startsWith('+1')],
        [o.other, (p: string) => !p.startsWith('+1')],
      ] as const) {
        const idx = queries.map((q, i) => (pick(q.phone) ? i : -1)).filter((i) => i >= 0);
        if (!port || !idx.length) continue;
        const answers = await port.check(idx.map((i) => queries[i]!));
        idx.forEach((qi, k) => (out[qi] = answers[k]!));
      }
      return out;
    },
  };
}

export interface ReassignmentPolicy {
  port: ReassignedNumbers;
  /** Check only debtors whose consent is older than this many days. */
  consentOlderThanDays: number;
}

/**
 * From the environment: FCC_RND_URL + FCC_RND_API_KEY (US numbers), REASSIGNED_NUMBERS_FILE (an
 * operator list for the rest), REASSIGNED_CHECK_AFTER_DAYS (consent older than this is checked;
 * default 90). Nothing configured → no check.
 */
export function reassignmentFromEnv(env: Record<string, string | undefined>, readText: (path: string) => string, f?: typeof fetch): ReassignmentPolicy | undefined {
  const us = env.FCC_RND_URL ? fccRnd({ baseUrl: env.FCC_RND_URL, apiKey: env.FCC_RND_API_KEY ?? '', fetch: f }) : undefined;
  const other = env.REASSIGNED_NUMBERS_FILE ? operatorList(readText(env.REASSIGNED_NUMBERS_FILE)) : undefined;
  if (!us && !other) return undefined;
  const days = Number(env.REASSIGNED_CHECK_AFTER_DAYS ?? 90);
  if (!Number.isInteger(days) || days < 0) throw new Error('REASSIGNED_CHECK_AFTER_DAYS must be a whole number of days');
  return { port: byRegion({ us, other }), consentOlderThanDays: days };
}
