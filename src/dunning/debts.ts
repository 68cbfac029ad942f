import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { conversations, debtors, debts } from '../../db/schema';
import { normalisePhone } from '../channels/phone';
import { Locale } from '../classify/port';
import { areaCodeZone } from '../compliance/us-area-codes';
import type { FlowDefinition } from '../conversation/flow-schema';
import type { DbOrTx } from '../db/client';
import { isIsoCurrency, minorUnitProblem } from '../shared/currency';
import { isRealDate, localDate } from '../shared/time';
import { startConversation } from '../conversation/engine';
import { relay } from '../outbox/relay';
import type { Services } from '../services';

const isTimezone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
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

export type CreateDebtResult =
  | { status: 'created'; debtorId: string; debtId: string; conversationId: string }
  | { status: 'exists'; debtorId: string; debtId: string; conversationId: string | null }
  /** The externalRef is loaded already with other data: what differs, and no ids. */
  | { status: 'differs'; differs: string[] }
  | { status: 'invalid'; field: string; message: string };

/** Years after its due date a debt is time-barred when the flow does not say (COMPLIANCE rule 17). */
export const DEFAULT_LIMITATION_YEARS: Record<FlowDefinition['jurisdiction'], number> = { jp: 5, us: 3, uk: 6 };
/** A due date further ahead than this is a typing mistake, not a debt. */
const MAX_YEARS_AHEAD = 10;

const shiftYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

/**
 * The debtor must speak the flow's language: we refuse rather than send a language they did not
 * ask for (docs/decisions/0111-bad-input.md).
 */
export function localeProblem(input: CreateDebt, flow: { key: string; locale: string }): { field: string; message: string } | null {
  const locale = input.debtor.locale ?? flow.locale;
  if (locale === flow.locale) return null;
  return { field: 'flow', message: `flow ${flow.key} speaks ${flow.locale}, but the debtor's locale is ${locale}: choose a flow in ${locale} (e.g. standard-${locale}), or leave debtor.locale out to use the flow's` };
}

/**
 * What the schema cannot know: the clock and the flow. A consent cannot be from the future; a debt
 * past the flow's limitation period is time-barred and not loaded.
 */
export function loadingProblem(input: CreateDebt, flow: { key: string; locale: string; jurisdiction: FlowDefinition['jurisdiction']; policy: { limitationYears?: number } }, now: Date, timezone: string): { field: string; message: string } | null {
  if (Date.parse(input.debtor.consent.obtainedAt) > now.getTime() + 60_000)
    return { field: 'debtor.consent.obtainedAt', message: `${input.debtor.consent.obtainedAt} is in the future; give when consent was obtained` };
  const today = localDate(now, timezone);
  const years = flow.policy.limitationYears ?? DEFAULT_LIMITATION_YEARS[flow.jurisdiction];
  if (input.debt.dueDate < shiftYears(today, -years))
    return { field: 'debt.dueDate', message: `${input.debt.dueDate} is more than ${years} years ago: the debt is time-barred under flow ${flow.key} (policy.limitationYears, COMPLIANCE rule 17) and is not collected by message` };
  if (input.debt.dueDate > shiftYears(today, MAX_YEARS_AHEAD)) return { field: 'debt.dueDate', message: `${input.debt.dueDate} is more than ${MAX_YEARS_AHEAD} years ahead` };
  return null;
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
 * Loads one debt and starts its conversation, all in one transaction; the first reminder is
 * armed by the flow's schedule (at once when it is already due, within the allowed hours).
 */
export async function createDebt(
  deps: Pick<Services, 'db' | 'queue' | 'clock' | 'flows' | 'provider' | 'log' | 'config'>,
  input: CreateDebt,
  opts: { campaignId?: string; flowVersion?: number } = {},
): Promise<CreateDebtResult> {
  const flowKey = input.flow ?? (input.debtor.locale === 'en' ? 'standard-en' : 'standard-ja');
  const loaded = opts.flowVersion ? await deps.flows.get(flowKey, opts.flowVersion).catch(() => null) : await deps.flows.latest(flowKey);
  if (!loaded) return { status: 'invalid', field: 'flow', message: `unknown flow "${flowKey}"` };
  const wrongLocale = localeProblem(input, { ...loaded.flow, key: flowKey });
  if (wrongLocale) return { status: 'invalid', ...wrongLocale };
  const locale = input.debtor.locale ?? (loaded.flow.locale as 'ja' | 'en');
  const phone = normalisePhone(input.debtor.phone, locale);
  if (!phone.ok) return { status: 'invalid', field: 'debtor.phone', message: phone.error };
  // No timezone given: Japan, else a +1 number's area-code zone (a California number is Pacific), else New York.
  const timezone = input.debtor.timezone ?? (phone.region === 'JP' || locale === 'ja' ? 'Asia/Tokyo' : (areaCodeZone(phone.e164) ?? 'America/New_York'));
  const problem = loadingProblem(input, { ...loaded.flow, key: flowKey }, deps.clock.now(), timezone);
  if (problem) return { status: 'invalid', ...problem };
  const withLocale: CreateDebt = { ...input, debtor: { ...input.debtor, locale } };

  const out = await insertDebt(deps, withLocale, phone, timezone, loaded, opts.campaignId).catch(async (e) => {
    // Two loads of the same debt at once: the loser sees the winner's row.
    if (!isUniqueViolation(e)) throw e;
    const existing = await existingOutcome(deps.db, withLocale);
    if (!existing) throw e;
    return existing;
  });
  if (out.status === 'created') {
    await relay(deps, out.post);
    return { status: 'created', debtorId: out.debtorId, debtId: out.debtId, conversationId: out.conversationId };
  }
  return out;
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
