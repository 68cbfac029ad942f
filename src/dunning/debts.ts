import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { conversations, debtors, debts } from '../../db/schema';
import { normalisePhone } from '../channels/phone';
import { Locale } from '../classify/port';
import { startConversation } from '../conversation/engine';
import { relay } from '../jobs/relay';
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

export const CreateDebt = z.object({
  debtor: z.object({
    externalRef: z.string().trim().min(1).max(128),
    name: z.string().trim().min(1).max(200),
    phone: z.string().trim().min(1).max(40),
    locale: Locale.default('ja'),
    timezone: z.string().refine(isTimezone, 'unknown IANA timezone').optional(),
    consent: z.object({
      obtainedAt: z.string().datetime({ offset: true }),
      source: z.string().trim().min(1).max(200),
    }),
  }),
  debt: z.object({
    externalRef: z.string().trim().min(1).max(128),
    amount: z.number().positive().max(1e11),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code like JPY'),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real date'),
  }),
  flow: z.string().trim().min(1).optional(),
});
export type CreateDebt = z.infer<typeof CreateDebt>;

export type CreateDebtResult =
  | { status: 'created'; debtorId: string; debtId: string; conversationId: string }
  | { status: 'exists'; debtorId: string; debtId: string; conversationId: string | null }
  | { status: 'invalid'; field: string; message: string };

/**
 * Loads one debt and starts its conversation, all in one transaction; the first reminder is
 * armed by the flow's schedule (at once when it is already due, within the allowed hours).
 */
export async function createDebt(
  deps: Pick<Services, 'db' | 'queue' | 'clock' | 'flows' | 'provider' | 'log' | 'config'>,
  input: CreateDebt,
  opts: { campaignId?: string; flowVersion?: number } = {},
): Promise<CreateDebtResult> {
  const phone = normalisePhone(input.debtor.phone, input.debtor.locale);
  if (!phone.ok) return { status: 'invalid', field: 'debtor.phone', message: phone.error };
  const flowKey = input.flow ?? (input.debtor.locale === 'ja' ? 'standard-ja' : 'standard-en');
  const loaded = opts.flowVersion ? await deps.flows.get(flowKey, opts.flowVersion).catch(() => null) : await deps.flows.latest(flowKey);
  if (!loaded) return { status: 'invalid', field: 'flow', message: `unknown flow "${flowKey}"` };
  const timezone = input.debtor.timezone ?? (phone.region === 'JP' ? 'Asia/Tokyo' : input.debtor.locale === 'ja' ? 'Asia/Tokyo' : 'America/New_York');

  const out = await insertDebt(deps, input, phone, timezone, loaded, opts.campaignId).catch(async (e) => {
    // Two loads of the same debt at once: the loser sees the winner's row.
    if (!isUniqueViolation(e)) throw e;
    const [existing] = await deps.db.select().from(debts).where(eq(debts.externalRef, input.debt.externalRef));
    if (!existing) throw e;
    const [conv] = await deps.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.debtId, existing.id));
    return { status: 'exists' as const, debtorId: existing.debtorId, debtId: existing.id, conversationId: conv?.id ?? null };
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
    const [existingDebt] = await tx.select().from(debts).where(eq(debts.externalRef, input.debt.externalRef));
    if (existingDebt) {
      const [conv] = await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.debtId, existingDebt.id));
      return { status: 'exists' as const, debtorId: existingDebt.debtorId, debtId: existingDebt.id, conversationId: conv?.id ?? null };
    }
    const values = {
      externalRef: input.debtor.externalRef,
      name: input.debtor.name,
      phone: phone.e164,
      locale: input.debtor.locale,
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
