import { and, asc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { conversations, debtors, debts, users } from '../../db/schema';
import type { Db } from '../db/client';

/**
 * The collectors' queue as the inbox shows it: who (name, phone), what they last said, how much,
 * how long they have waited, why. Filters: reason, holder; search by name, phone or reference.
 * The last message is the debtor's latest reply (the bot's handoff line says nothing new), else the latest sent.
 * Collectors see unclaimed threads and their own (`ownOnly`); admins see every holder.
 */
export const InboxFilter = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  reason: z.string().trim().regex(/^[a-z_]{1,64}$/).optional().catch(undefined),
  held: z.enum(['all', 'mine', 'unclaimed']).default('all').catch('all'),
});
export type InboxFilter = z.infer<typeof InboxFilter>;

export interface InboxItem {
  id: string;
  reason: string | null;
  escalatedAt: Date | null;
  balance: number;
  currency: string;
  locale: string;
  timezone: string;
  name: string;
  phone: string;
  ref: string;
  heldBy: string | null;
  heldByName: string | null;
  lastMessage: { body: string; direction: string; at: Date } | null;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Where clause for a search: name or reference contains it; a phone matches on its digits (a leading 0 is the trunk prefix). */
function search(q: string): SQL | undefined {
  const like = `%${likeEscape(q)}%`;
  const digits = q.replace(/\D/g, '').replace(/^0/, '');
  return or(ilike(debtors.name, like), ilike(debts.externalRef, like), ilike(debtors.externalRef, like), digits.length >= 3 ? sql`${debtors.phone} like ${`%${digits}%`}` : undefined);
}

export async function inboxQueue(db: Db, f: InboxFilter, actor: { id: string; ownOnly: boolean }, limit = 100): Promise<InboxItem[]> {
  const where: Array<SQL | undefined> = [eq(conversations.status, 'escalated')];
  if (actor.ownOnly) where.push(or(isNull(conversations.heldBy), eq(conversations.heldBy, actor.id)));
  if (f.held === 'mine') where.push(eq(conversations.heldBy, actor.id));
  if (f.held === 'unclaimed') where.push(isNull(conversations.heldBy));
  if (f.reason) where.push(eq(conversations.escalationReason, f.reason));
  if (f.q) where.push(search(f.q));
  const last = (col: string) => sql.raw(`(select m.${col} from messages m where m.conversation_id = "conversations"."id" order by (m.direction = 'inbound') desc, m.seq desc limit 1)`);
  const rows = await db
    .select({
      id: conversations.id,
      reason: conversations.escalationReason,
      escalatedAt: conversations.escalatedAt,
      amount: debts.amount,
      paidAmount: debts.paidAmount,
      currency: debts.currency,
      ref: debts.externalRef,
      locale: debtors.locale,
      timezone: debtors.timezone,
      name: debtors.name,
      phone: debtors.phone,
      heldBy: conversations.heldBy,
      heldByName: users.name,
      lastBody: sql<string | null>`${last('body')}`,
      lastDirection: sql<string | null>`${last('direction')}`,
      lastAt: sql<string | null>`(${last('created_at')})::text`,
    })
    .from(conversations)
    .innerJoin(debts, eq(debts.id, conversations.debtId))
    .innerJoin(debtors, eq(debtors.id, conversations.debtorId))
    .leftJoin(users, sql`${users.id}::text = ${conversations.heldBy}`)
    .where(and(...where))
    .orderBy(asc(sql`coalesce(${conversations.escalatedAt}, ${conversations.updatedAt})`), asc(conversations.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    reason: r.reason,
    escalatedAt: r.escalatedAt,
    balance: Math.max(0, Math.round((r.amount - r.paidAmount) * 100) / 100),
    currency: r.currency,
    locale: r.locale,
    timezone: r.timezone,
    name: r.name,
    phone: r.phone,
    ref: r.ref,
    heldBy: r.heldBy,
    heldByName: r.heldByName,
    lastMessage: r.lastBody !== null && r.lastAt ? { body: r.lastBody, direction: r.lastDirection ?? 'outbound', at: new Date(r.lastAt) } : null,
  }));
}

/** Display names for message authors (`collector:<id>`, `user:<id>`) and holders (`<id>`). */
export async function peopleNames(db: Db, refs: Array<string | null | undefined>): Promise<Record<string, string>> {
  const ids = [...new Set(refs.flatMap((r) => (r ? [r.replace(/^(collector|user):/, '')] : [])))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!ids.length) return {};
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}
