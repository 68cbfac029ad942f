import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { paymentLinks } from '../../db/schema';
import type { DbOrTx } from '../db/client';
import { insertJsonRows, recordset, rowsOf } from '../db/batch';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 22 base62 characters ≈ 131 bits from the platform CSPRNG; carries no debt data. */
export function newToken(length = 22): string {
  return newTokens(1, length)[0]!;
}

/**
 * `n` tokens from as few CSPRNG reads as the bytes allow (a round's links: one read, not one per
 * link — a call per token was 2 % of a storm round's JS). Rejection sampling over one byte stream:
 * each character is uniform and independent, as with a read per token.
 */
export function newTokens(n: number, length = 22): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const bytes = crypto.getRandomValues(new Uint8Array(Math.min(65_536, (n - out.length) * length * 2)));
    let cur = '';
    for (const b of bytes) {
      if (b >= 248) continue; // 248 = 62*4: reject to keep the distribution uniform
      cur += ALPHABET[b % 62];
      if (cur.length === length) {
        out.push(cur);
        cur = '';
        if (out.length === n) break;
      }
    }
  }
  return out;
}

export function linkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/p/${token}`;
}

/** Reuses the debt's live link (so one debtor sees one link), or makes a new one. */
export async function paymentLinkFor(
  tx: DbOrTx,
  input: { debtId: string; installmentId?: string | null; now: Date; expiryDays: number },
): Promise<{ token: string; expiresAt: Date }> {
  const minLife = new Date(input.now.getTime() + 3 * 86_400_000);
  const [live] = await tx
    .select({ token: paymentLinks.token, expiresAt: paymentLinks.expiresAt })
    .from(paymentLinks)
    .where(
      and(
        eq(paymentLinks.debtId, input.debtId),
        input.installmentId ? eq(paymentLinks.installmentId, input.installmentId) : isNull(paymentLinks.installmentId),
        gt(paymentLinks.expiresAt, minLife),
      ),
    )
    .limit(1);
  if (live) return live;
  const token = newToken();
  const expiresAt = new Date(input.now.getTime() + input.expiryDays * 86_400_000);
  await tx.insert(paymentLinks).values({ token, debtId: input.debtId, installmentId: input.installmentId ?? null, expiresAt });
  return { token, expiresAt };
}

/**
 * paymentLinkFor for many debts at once (the whole-debt link, no installment): their live links in
 * one statement, the missing ones made in one more. Returns token by debt id. The first request of a
 * debt decides its `now` and expiry, as a loop of paymentLinkFor calls would.
 */
export async function paymentLinksFor(
  tx: DbOrTx,
  inputs: ReadonlyArray<{ debtId: string; now: Date; expiryDays: number }>,
): Promise<Map<string, string>> {
  const { links, write } = await paymentLinksPlanned(tx, inputs);
  await write();
  return links;
}

/**
 * paymentLinksFor whose INSERT of the new links is left to the caller (`write`, to start it with the
 * round's other writes in one pipeline): its tokens are made here, so nothing waits for its result.
 * The transaction must not commit before `write()` has settled.
 */
export async function paymentLinksPlanned(
  tx: DbOrTx,
  inputs: ReadonlyArray<{ debtId: string; now: Date; expiryDays: number }>,
): Promise<{ links: Map<string, string>; write: () => Promise<unknown> }> {
  const first = new Map<string, { debtId: string; now: Date; expiryDays: number }>();
  for (const i of inputs) if (!first.has(i.debtId)) first.set(i.debtId, i);
  const out = new Map<string, string>();
  const none = { links: out, write: () => Promise.resolve() };
  if (!first.size) return none;
  const wanted = [...first.values()].map((i) => ({ debt_id: i.debtId, min_life: new Date(i.now.getTime() + 3 * 86_400_000).toISOString() }));
  // One live link per debt, looked up per debt (a lateral subquery with its limit): joined to the recordset, the
  // read was planned as a hash join over a sequential scan of every link, and a connection's generic plan, made
  // while the table was nearly empty, kept it as the table grew by one link per fired reminder — a storm's round
  // read them all (18 ms per round of 200 at 18,000 links in a 20,000-timer storm; storm13, decision 0158). An id
  // array beside the join did not change that plan; a lookup per debt has no scan to choose but
  // payment_links_debt_idx.
  const live = await rowsOf<{ debt_id: string; token: string }>(
    tx,
    sql`select x.debt_id, p.token from ${recordset(wanted, { debt_id: 'uuid', min_life: 'timestamptz' })}
      cross join lateral (select p.token from payment_links p
        where p.debt_id = x.debt_id and p.installment_id is null and p.expires_at > x.min_life limit 1) p`,
  );
  for (const r of live) out.set(r.debt_id, r.token);
  const missing = [...first.values()].filter((i) => !out.has(i.debtId));
  const tokens = newTokens(missing.length);
  const fresh = missing.map((i, k) => ({ token: tokens[k]!, debt_id: i.debtId, installment_id: null, expires_at: new Date(i.now.getTime() + i.expiryDays * 86_400_000).toISOString() }));
  for (const f of fresh) out.set(f.debt_id, f.token);
  if (!fresh.length) return none;
  return { links: out, write: () => insertJsonRows(tx, paymentLinks, { token: 'text', debt_id: 'uuid', installment_id: 'uuid', expires_at: 'timestamptz' }, fresh) };
}
