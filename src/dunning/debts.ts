import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { conversations, debtors, debts } from '../../db/schema';
import { normalisePhone } from '../channels/phone';
import { Locale } from '../classify/port';
import { areaCodeZone } from '../compliance/us-area-codes';
import type { FlowDefinition } from '../flow/schema';
import type { DbOrTx } from '../db/client';
import { isIsoCurrency, minorUnitProblem } from '../shared/currency';
import { isRealDate, localDate } from '../shared/time';
import { schemaIssues, type Issue } from '../shared/issues';
import { startConversation } from '../conversation/engine';
import { emptyPostCommit, type PostCommit } from '../outbox/queue';
import { startConversations } from './bulk-start';
import { debtLocale, defaultFlowKey } from './debt-locale';
import { insertJsonRows } from '../db/batch';
import type { LoadedFlow } from '../conversation/flow-store';
import { relay } from '../outbox/relay';
import type { Services } from '../services';

/** Known answers: building an Intl.DateTimeFormat per row was a tenth of a large import's CPU. */
const zoneChecks = new Map<string, boolean>();
const isTimezone = (tz: string) => {
  let ok = zoneChecks.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (zoneChecks.size < 1000) zoneChecks.set(tz, ok);
  }
  return ok;
};

/** postgres.js and PGlite report 23505; drizzle wraps the driver error in `cause`. */
export function isUniqueViolation(e: unknown): boolean {
  for (let cur = e as { code?: string; cause?: unknown } | undefined, i = 0; cur && i < 4; cur = cur.cause as typeof cur, i++) {
    if (cur.code === '23505') return true;
  }
  return false;
}

/** Zod's "expected number, received NaN" is for programmers; these say what a person must fix. */
const required = (what: string) => ({ error: (iss: { input: unknown }) => (iss.input === undefined || iss.input === null ? 'is required' : `must be ${what}`) });
const text = (max: number) => z.string(required('text')).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

/** 'YYYY-MM-DD' naming a real calendar day (2026-02-30 is refused here, not by the database). */
export const IsoDate = z.string(required('a date like 2026-11-30')).superRefine((d, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) ctx.addIssue({ code: 'custom', message: `must be a date like 2026-11-30 (YYYY-MM-DD), not "${d.slice(0, 40)}"` });
  else if (!isRealDate(d)) ctx.addIssue({ code: 'custom', message: `${d} is not a real date` });
});

/** An instant with its offset, on a real calendar day. */
export const IsoDateTime = z
  .string(required('a date and time like 2026-04-01T09:00:00+09:00'))
  .datetime({ offset: true, error: 'must be a date and time like 2026-04-01T09:00:00+09:00' })
  .refine((v) => isRealDate(v.slice(0, 10)), { error: (iss) => `${String(iss.input).slice(0, 10)} is not a real date` });

export const Currency = z.string(required('an ISO 4217 currency code like JPY or USD')).refine(isIsoCurrency, {
  error: (iss) => `must be an ISO 4217 currency code like JPY or USD, not "${String(iss.input).slice(0, 12)}"`,
});

export const Amount = z
  .number({ error: (iss) => (iss.input === undefined || iss.input === null ? 'is required' : typeof iss.input === 'number' ? 'is not a number' : `${JSON.stringify(iss.input).slice(0, 40)} is not a number`) })
  .positive('must be more than 0')
  .max(1e11, 'is larger than 100,000,000,000');

export const CreateDebt = z.object({
  debtor: z.object({
    externalRef: text(128),
    name: text(200),
    phone: text(40),
    /** When left out: the flow's locale. */
    locale: z.enum(Locale.options, { error: 'must be ja or en' }).optional(),
    timezone: z.string(required('an IANA timezone like Asia/Tokyo')).refine(isTimezone, 'is not an IANA timezone like Asia/Tokyo').optional(),
    consent: z.object(
      {
        obtainedAt: IsoDateTime,
        source: text(200),
      },
      required('an object with obtainedAt and source'),
    ),
  }, required('an object')),
  debt: z
    .object({
      externalRef: text(128),
      amount: Amount,
      currency: Currency,
      dueDate: IsoDate,
    }, required('an object'))
    .superRefine((d, ctx) => {
      const problem = minorUnitProblem(d.amount, d.currency);
      if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
    }),
  flow: z.string(required('a flow key like standard-ja')).trim().min(1, 'is required').optional(),
});
export type CreateDebt = z.infer<typeof CreateDebt>;

/**
 * CreateDebt's schema with every problem as an issue. The number is normally checked after the
 * schema (it needs the flow's locale); when the schema fails elsewhere it is checked here too when
 * the locale is known, so one answer names a bad number beside a bad date. `flow`: the flow the
 * debt goes to when the caller has it loaded already (a campaign's), instead of the body's key.
 */
export function checkCreateDebt(raw: unknown, flow?: { key: string; locale: Locale }): { ok: true; data: CreateDebt } | { ok: false; issues: Issue[] } {
  const r = CreateDebt.safeParse(raw);
  if (r.success) return { ok: true, data: r.data };
  const issues = schemaIssues(r.error.issues);
  const o = (raw ?? {}) as { debtor?: { phone?: unknown; locale?: unknown }; flow?: unknown };
  const phone = o.debtor?.phone;
  // The body's flow is not loaded here: its key tells the locale only when it is a standard one.
  const locale = debtLocale(o.debtor?.locale, flow ?? { key: o.flow === undefined ? undefined : typeof o.flow === 'string' ? o.flow : '' });
  if (locale && typeof phone === 'string' && phone.trim() && !issues.some((i) => i.field === 'debtor.phone')) {
    const n = normalisePhone(phone, locale);
    if (!n.ok) issues.push({ field: 'debtor.phone', code: 'invalid_phone', message: n.error });
  }
  return { ok: false, issues };
}

export type CreateDebtResult =
  | { status: 'created'; debtorId: string; debtId: string; conversationId: string }
  | { status: 'exists'; debtorId: string; debtId: string; conversationId: string | null }
  /** The externalRef is loaded already with other data: what differs, and no ids. */
  | { status: 'differs'; differs: string[] }
  /** `field`/`message`: the first problem; `issues`: every one. */
  | { status: 'invalid'; field: string; message: string; issues: Issue[] };

/** What writing a checked debt answers (every check was before the write). */
export type WrittenDebt = Exclude<CreateDebtResult, { status: 'invalid' }>;

/** Years after its due date a debt is time-barred when the flow does not say (COMPLIANCE rule 17). */
export const DEFAULT_LIMITATION_YEARS: Record<FlowDefinition['jurisdiction'], number> = { jp: 5, us: 3, uk: 6 };
/** A due date further ahead than this is a typing mistake, not a debt. */
const MAX_YEARS_AHEAD = 10;

const shiftYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

/**
 * The debtor must speak the flow's language: we refuse rather than send a language they did not
 * ask for (docs/decisions/0111-bad-input.md).
 */
export function localeProblem(input: CreateDebt, flow: { key: string; locale: Locale }): Issue | null {
  const locale = debtLocale(input.debtor.locale, flow);
  if (locale === flow.locale) return null;
  return { field: 'flow', code: 'wrong_locale', message: `flow ${flow.key} speaks ${flow.locale}, but the debtor's locale is ${locale}: choose a flow in ${locale} (e.g. standard-${locale}), or leave debtor.locale out to use the flow's` };
}

/**
 * What the schema cannot know: the clock and the flow. A consent cannot be from the future; a debt
 * past the flow's limitation period is time-barred and not loaded. Every such problem, not the first.
 */
export function loadingProblems(input: CreateDebt, flow: { key: string; locale: string; jurisdiction: FlowDefinition['jurisdiction']; policy: { limitationYears?: number } } | null, now: Date, timezone: string): Issue[] {
  const out: Issue[] = [];
  if (Date.parse(input.debtor.consent.obtainedAt) > now.getTime() + 60_000)
    out.push({ field: 'debtor.consent.obtainedAt', code: 'consent_in_future', message: `${input.debtor.consent.obtainedAt} is in the future; give when consent was obtained` });
  const today = localDate(now, timezone);
  // Without a flow (unknown: its own issue) the limitation period is not known; the far future still is.
  const years = flow ? (flow.policy.limitationYears ?? DEFAULT_LIMITATION_YEARS[flow.jurisdiction]) : null;
  if (flow && years !== null && input.debt.dueDate < shiftYears(today, -years))
    out.push({ field: 'debt.dueDate', code: 'time_barred', message: `${input.debt.dueDate} is more than ${years} years ago: the debt is time-barred under flow ${flow.key} (policy.limitationYears, COMPLIANCE rule 17) and is not collected by message` });
  else if (input.debt.dueDate > shiftYears(today, MAX_YEARS_AHEAD)) out.push({ field: 'debt.dueDate', code: 'too_far_ahead', message: `${input.debt.dueDate} is more than ${MAX_YEARS_AHEAD} years ahead` });
  return out;
}

/** An `invalid` outcome from its issues: the first one's field and message, and all of them. */
export function invalid(issues: Issue[]): Extract<CreateDebtResult, { status: 'invalid' }> {
  return { status: 'invalid', field: issues[0]!.field, message: issues[0]!.message, issues };
}

/** The fields of a loaded debt that a re-post with the same externalRef changes. */
function differences(existing: { debt: typeof debts.$inferSelect; debtorRef: string }, input: CreateDebt): string[] {
  const out: string[] = [];
  if (existing.debtorRef !== input.debtor.externalRef) out.push('debtor.externalRef');
  if (Math.abs(existing.debt.amount - input.debt.amount) > 1e-9) out.push('debt.amount');
  if (existing.debt.currency !== input.debt.currency) out.push('debt.currency');
  if (existing.debt.dueDate !== input.debt.dueDate) out.push('debt.dueDate');
  return out;
}

/** The debt already loaded under this externalRef: the same one (ids) or another (what differs). */
async function existingOutcome(db: DbOrTx, input: CreateDebt): Promise<Extract<CreateDebtResult, { status: 'exists' | 'differs' }> | null> {
  const [row] = await db
    .select({ debt: debts, debtorRef: debtors.externalRef, conversationId: conversations.id })
    .from(debts)
    .innerJoin(debtors, eq(debtors.id, debts.debtorId))
    .leftJoin(conversations, eq(conversations.debtId, debts.id))
    .where(eq(debts.externalRef, input.debt.externalRef));
  if (!row) return null;
  const differs = differences(row, input);
  if (differs.length) return { status: 'differs', differs };
  return { status: 'exists', debtorId: row.debt.debtorId, debtId: row.debt.id, conversationId: row.conversationId ?? null };
}

/**
 * Of these debts, the ones whose externalRef is loaded already with other data: ref → what differs
 * (read in chunks; a debt loaded the same is not listed — loading it again changes nothing).
 */
export async function loadedDifferently(db: DbOrTx, inputs: CreateDebt[], chunk = 1000): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const byRef = new Map(inputs.map((i) => [i.debt.externalRef, i]));
  const refs = [...byRef.keys()];
  for (let at = 0; at < refs.length; at += chunk) {
    const rows = await db
      .select({ debt: debts, debtorRef: debtors.externalRef })
      .from(debts)
      .innerJoin(debtors, eq(debtors.id, debts.debtorId))
      .where(inArray(debts.externalRef, refs.slice(at, at + chunk)));
    for (const row of rows) {
      const differs = differences(row, byRef.get(row.debt.externalRef)!);
      if (differs.length) out.set(row.debt.externalRef, differs);
    }
  }
  return out;
}

/** A debt that passed every check before writing: its flow, E.164 number, zone and locale resolved. */
export interface PreparedDebt {
  input: CreateDebt & { debtor: { locale: Locale } };
  phone: { e164: string; region: string };
  timezone: string;
  loaded: LoadedFlow;
}

type DebtDeps = Pick<Services, 'db' | 'queue' | 'clock' | 'flows' | 'provider' | 'log' | 'config'>;

/**
 * Everything createDebt checks before it writes: the flow (by key, or the pinned version), the
 * debtor's language against it, the number, the zone, consent and limitation dates. `flowCache`
 * lets a batch look each flow up once.
 */
export async function prepareDebt(
  deps: Pick<Services, 'flows' | 'clock'>,
  input: CreateDebt,
  opts: { flowVersion?: number; flowCache?: Map<string, Promise<LoadedFlow | null>> } = {},
): Promise<PreparedDebt | Extract<CreateDebtResult, { status: 'invalid' }>> {
  const flowKey = input.flow ?? defaultFlowKey(input.debtor.locale);
  const lookup = () => (opts.flowVersion ? deps.flows.get(flowKey, opts.flowVersion).catch(() => null) : deps.flows.latest(flowKey));
  let pending = opts.flowCache?.get(flowKey);
  if (!pending) {
    pending = lookup();
    opts.flowCache?.set(flowKey, pending);
  }
  const loaded = await pending;
  // Every problem of the debt at once: an unknown flow does not hide a bad number or date.
  const issues: Issue[] = [];
  if (!loaded) issues.push({ field: 'flow', code: 'unknown_flow', message: `unknown flow "${flowKey}"` });
  const flow = loaded ? { ...loaded.flow, key: flowKey } : null;
  const wrongLocale = flow && localeProblem(input, flow);
  if (wrongLocale) issues.push(wrongLocale);
  const locale = debtLocale(input.debtor.locale, { key: flowKey, locale: loaded?.flow.locale });
  // No locale (no debtor locale, an unknown flow): the number is not read in a guessed country.
  const phone = locale ? normalisePhone(input.debtor.phone, locale) : null;
  if (phone && !phone.ok) issues.push({ field: 'debtor.phone', code: 'invalid_phone', message: phone.error });
  // No timezone given: Japan (also when the locale is not known), else a +1 number's area-code zone (a California number is Pacific), else New York.
  const timezone = input.debtor.timezone ?? ((phone?.ok && phone.region === 'JP') || locale !== 'en' ? 'Asia/Tokyo' : ((phone?.ok ? areaCodeZone(phone.e164) : null) ?? 'America/New_York'));
  issues.push(...loadingProblems(input, flow, deps.clock.now(), timezone));
  if (issues.length || !loaded || !locale || !phone?.ok) return invalid(issues);
  return { input: { ...input, debtor: { ...input.debtor, locale } }, phone, timezone, loaded };
}

/**
 * Loads one debt and starts its conversation, all in one transaction; the first reminder is
 * armed by the flow's schedule (at once when it is already due, within the allowed hours).
 */
export async function createDebt(deps: DebtDeps, input: CreateDebt, opts: { campaignId?: string; flowVersion?: number } = {}): Promise<CreateDebtResult> {
  const prepared = await prepareDebt(deps, input, opts);
  if ('status' in prepared) return prepared;
  const out = await insertDebt(deps, prepared.input, prepared.phone, prepared.timezone, prepared.loaded, opts.campaignId).catch(async (e) => {
    // Two loads of the same debt at once: the loser sees the winner's row.
    if (!isUniqueViolation(e)) throw e;
    const existing = await existingOutcome(deps.db, prepared.input);
    if (!existing) throw e;
    return existing;
  });
  if (out.status === 'created') {
    await relay(deps, out.post);
    return { status: 'created', debtorId: out.debtorId, debtId: out.debtId, conversationId: out.conversationId };
  }
  return out;
}

/** RETURNING lists in the drizzle field names, so the raw rows read like `$inferSelect` (types fixed after). */
const returningAs = (fields: Record<string, string>) => sql.raw(Object.entries(fields).map(([f, col]) => `${col} as "${f}"`).join(', '));
const debtorColumns = returningAs({ id: 'id', externalRef: 'external_ref', name: 'name', phone: 'phone', locale: 'locale', timezone: 'timezone', region: 'region', consentObtainedAt: 'consent_obtained_at', consentSource: 'consent_source', contactWindows: 'contact_windows', flags: 'flags', erasedAt: 'erased_at', createdAt: 'created_at' });
const debtColumns = returningAs({ id: 'id', debtorId: 'debtor_id', externalRef: 'external_ref', amount: 'amount', paidAmount: 'paid_amount', currency: 'currency', dueDate: 'due_date', status: 'status', timeBarred: 'time_barred', paidAt: 'paid_at', createdAt: 'created_at' });

const debtorValues = (p: PreparedDebt) => ({
  externalRef: p.input.debtor.externalRef,
  name: p.input.debtor.name,
  phone: p.phone.e164,
  locale: p.input.debtor.locale,
  timezone: p.timezone,
  region: p.phone.region,
  consentObtainedAt: new Date(p.input.debtor.consent.obtainedAt),
  consentSource: p.input.debtor.consent.source,
});

/**
 * Many prepared debts in ONE transaction with multi-row statements (debtors upserted, debts
 * inserted ON CONFLICT DO NOTHING, debts already loaded read in one query), each new debt's
 * conversation started by the engine as for a single debt, then one relay of all their timers and
 * outbox rows. Outcomes are the ones createDebt would give row by row in this order (a reference
 * repeated in the batch: the first creates, the rest are `exists` or `differs`). Throws if the
 * transaction fails: nothing of the batch is written then, and the caller can go row by row.
 */
export async function createDebtBatch(deps: DebtDeps, items: PreparedDebt[], opts: { campaignId?: string } = {}): Promise<WrittenDebt[]> {
  const { results, post } = await writeDebtBatch(deps, items, opts);
  await relay(deps, post);
  return results;
}

/**
 * createDebtBatch without the wake-ups: the committed outcomes and the post-commit work (the new
 * timers and outbox rows) for the caller to relay — the import relays a batch while it writes the
 * next. Nothing is lost if that relay never runs: the rows are in Postgres and the sweep wakes them.
 */
export async function writeDebtBatch(deps: DebtDeps, items: PreparedDebt[], opts: { campaignId?: string } = {}): Promise<{ results: WrittenDebt[]; post: PostCommit }> {
  const results: WrittenDebt[] = new Array(items.length);
  const post = emptyPostCommit();
  if (!items.length) return { results, post };
  await deps.db.transaction(async (tx) => {
    const refs = [...new Set(items.map((p) => p.input.debt.externalRef))];
    const loaded = new Map<string, { debt: typeof debts.$inferSelect; debtorRef: string; conversationId: string | null }>();
    const readLoaded = async (these: string[]) => {
      for (const row of await tx
        .select({ debt: debts, debtorRef: debtors.externalRef, conversationId: conversations.id })
        .from(debts)
        .innerJoin(debtors, eq(debtors.id, debts.debtorId))
        .leftJoin(conversations, eq(conversations.debtId, debts.id))
        .where(inArray(debts.externalRef, these)))
        loaded.set(row.debt.externalRef, row);
    };
    await readLoaded(refs);
    // The first row of each new reference creates it; the debtor's last such row gives its values (as row by row).
    const firstOf = new Map<string, number>();
    const create: number[] = [];
    items.forEach((p, i) => {
      const ref = p.input.debt.externalRef;
      if (loaded.has(ref) || firstOf.has(ref)) return;
      firstOf.set(ref, i);
      create.push(i);
    });
    const debtorRows = new Map<string, ReturnType<typeof debtorValues>>();
    for (const i of create) debtorRows.set(items[i]!.input.debtor.externalRef, debtorValues(items[i]!));
    const upserted = await insertJsonRows<typeof debtors.$inferSelect>(
      tx,
      debtors,
      { external_ref: 'text', name: 'text', phone: 'text', locale: 'text', timezone: 'text', region: 'text', consent_obtained_at: 'timestamptz', consent_source: 'text' },
      [...debtorRows.values()].map((d) => ({
        external_ref: d.externalRef,
        name: d.name,
        phone: d.phone,
        locale: d.locale,
        timezone: d.timezone,
        region: d.region,
        consent_obtained_at: d.consentObtainedAt,
        consent_source: d.consentSource,
      })),
      sql`on conflict (external_ref) do update set name = excluded.name, phone = excluded.phone, locale = excluded.locale, timezone = excluded.timezone, region = excluded.region, consent_obtained_at = excluded.consent_obtained_at, consent_source = excluded.consent_source returning ${debtorColumns}`,
    );
    const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
    const debtorByRef = new Map(upserted.map((d) => [d.externalRef, { ...d, contactWindows: json(d.contactWindows), flags: json(d.flags), consentObtainedAt: new Date(d.consentObtainedAt), createdAt: new Date(d.createdAt), erasedAt: d.erasedAt ? new Date(d.erasedAt) : null }]));
    const inserted = (
      await insertJsonRows<typeof debts.$inferSelect>(
        tx,
        debts,
        { debtor_id: 'uuid', external_ref: 'text', amount: 'numeric', currency: 'text', due_date: 'date' },
        create.map((i) => {
          const d = items[i]!.input.debt;
          return { debtor_id: debtorByRef.get(items[i]!.input.debtor.externalRef)!.id, external_ref: d.externalRef, amount: d.amount, currency: d.currency, due_date: d.dueDate };
        }),
        sql`on conflict (external_ref) do nothing returning ${debtColumns}`,
      )
    ).map((d) => ({ ...d, amount: Number(d.amount), paidAmount: Number(d.paidAmount), dueDate: String(d.dueDate).slice(0, 10), createdAt: new Date(d.createdAt), paidAt: d.paidAt ? new Date(d.paidAt) : null }));
    const debtByRef = new Map(inserted.map((d) => [d.externalRef, d]));
    // Loaded by someone else since the read above: read those now (their transaction has committed).
    const raced = create.filter((i) => !debtByRef.has(items[i]!.input.debt.externalRef)).map((i) => items[i]!.input.debt.externalRef);
    if (raced.length) await readLoaded(raced);
    const starting = create.filter((i) => debtByRef.has(items[i]!.input.debt.externalRef));
    const started = await startConversations(
      tx,
      deps,
      starting.map((i) => ({ loaded: items[i]!.loaded, debt: debtByRef.get(items[i]!.input.debt.externalRef)!, debtor: debtorByRef.get(items[i]!.input.debtor.externalRef)!, campaignId: opts.campaignId })),
    );
    post.outbox.push(...started.post.outbox);
    post.timers.push(...started.post.timers);
    starting.forEach((i, k) => {
      const debt = debtByRef.get(items[i]!.input.debt.externalRef)!;
      const debtor = debtorByRef.get(items[i]!.input.debtor.externalRef)!;
      results[i] = { status: 'created', debtorId: debtor.id, debtId: debt.id, conversationId: started.conversationIds[k]! };
      loaded.set(debt.externalRef, { debt, debtorRef: debtor.externalRef, conversationId: started.conversationIds[k]! });
    });
    items.forEach((p, i) => {
      if (results[i]) return;
      const row = loaded.get(p.input.debt.externalRef)!;
      const differs = differences(row, p.input);
      results[i] = differs.length ? { status: 'differs', differs } : { status: 'exists', debtorId: row.debt.debtorId, debtId: row.debt.id, conversationId: row.conversationId };
    });
  });
  return { results, post };
}

async function insertDebt(
  deps: Pick<Services, 'db' | 'clock' | 'provider' | 'config'>,
  input: CreateDebt,
  phone: { e164: string; region: string },
  timezone: string,
  loaded: NonNullable<Awaited<ReturnType<Services['flows']['latest']>>>,
  campaignId?: string,
) {
  return deps.db.transaction(async (tx) => {
    const existing = await existingOutcome(tx, input);
    if (existing) return existing;
    const values = {
      externalRef: input.debtor.externalRef,
      name: input.debtor.name,
      phone: phone.e164,
      locale: input.debtor.locale!,
      timezone,
      region: phone.region,
      consentObtainedAt: new Date(input.debtor.consent.obtainedAt),
      consentSource: input.debtor.consent.source,
    };
    const [debtor] = await tx
      .insert(debtors)
      .values(values)
      .onConflictDoUpdate({ target: debtors.externalRef, set: values })
      .returning();
    const [debt] = await tx
      .insert(debts)
      .values({ debtorId: debtor!.id, externalRef: input.debt.externalRef, amount: input.debt.amount, currency: input.debt.currency, dueDate: input.debt.dueDate })
      .returning();
    const started = await startConversation(tx, deps, { loaded, debt: debt!, debtor: debtor!, campaignId });
    return { status: 'created' as const, debtorId: debtor!.id, debtId: debt!.id, conversationId: started.conversationId, post: started.post };
  });
}
