import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, deadLetters, debtors, outbox } from '../../db/schema';
import { queueOutbound } from '../../src/outbox/queue';
import { deliverDue } from '../../src/workers/sender';
import { jpMobile, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/**
 * deliverDue's fallback: when a batch of due sends fails as a whole (here Postgres refuses to write
 * one row's claim, so the batch's transaction aborts), every row of the batch gets its own `send`
 * job. The good rows go once each; the bad one is retried alone and dead-lettered, never reaching the
 * provider; and the next deliverDue leaves the dead row alone.
 */
describe('deliverDue, a batch that fails', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('hands each row of the failed batch its own send job: the others go once each, the bad one is dead-lettered unsent', async () => {
    h = await startHarness();
    const db = h.services.db;
    const now = h.clock.now();
    const rows: Array<{ id: string; phone: string }> = [];
    for (let i = 0; i < 10; i++) {
      const phone = jpMobile(7900 + i).e164;
      const [d] = await db
        .insert(debtors)
        .values({ externalRef: `fb-${i}`, name: 'Test Debtor', phone, locale: 'ja', timezone: 'Asia/Tokyo', region: 'JP', consentObtainedAt: new Date('2026-04-01T00:00:00Z'), consentSource: 'contract' })
        .returning({ id: debtors.id });
      // An opt-out confirmation goes at any hour (rule 2): the test does not depend on the time of day.
      const row = await queueOutbound(db, { conversationId: null, debtorId: d!.id, phone, body: `配信を停止しました ${i}`, kind: 'optout_confirmation', author: 'system', idempotencyKey: `fb-${i}`, provider: 'twilio', notBefore: now });
      rows.push({ id: row!.id, phone });
    }
    const bad = rows[3]!;
    // A fault in Postgres itself: any write of this outbox row is refused (its claim, so the whole batch's transaction).
    await db.execute(
      sql.raw(`create or replace function refuse_bad_send() returns trigger language plpgsql as $$ begin
        if new.id = '${bad.id}'::uuid then raise exception 'refused for the test'; end if; return new; end $$;
        create trigger refuse_bad_send before update on outbox for each row execute function refuse_bad_send();`),
    );

    // One batch of the ten: it fails, so each row is handed to its own send job (the workers run them).
    expect(await deliverDue(h.services)).toBe(10);
    const received = (phone: string) => h.fake!.received.filter((r) => r.sid && r.from === TWILIO_FROM && r.to === phone);
    const good = rows.filter((r) => r !== bad);
    await h.waitFor(async () => good.every((r) => received(r.phone).length === 1), 30_000);
    const dead = await h.waitFor(async () => (await db.select().from(deadLetters).where(eq(deadLetters.subjectId, bad.id)))[0], 30_000);
    expect(dead).toMatchObject({ queue: 'send', status: 'dead' });
    // The database's own error, not the driver's wrapper (which quotes the statement and its parameters: bodies, phones).
    expect(dead.reason).toMatch(/refused for the test/);
    expect(dead.reason).not.toMatch(/Failed query|params/);

    // Each good row sent once (one claim, one allowed and one sent audit); the bad one never reached the provider.
    const states = await db.select({ id: outbox.id, status: outbox.status, attempts: outbox.attempts }).from(outbox).where(inArray(outbox.id, rows.map((r) => r.id)));
    expect(Object.fromEntries(states.map((s) => [s.id, `${s.status}/${s.attempts}`]))).toEqual(Object.fromEntries(rows.map((r) => [r.id, r === bad ? 'pending/0' : 'sent/1'])));
    expect(received(bad.phone)).toHaveLength(0);
    const sentAudits = await db.select({ data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.type, 'send.sent')));
    expect(sentAudits.map((a) => a.data['outboxId']).sort()).toEqual(good.map((r) => r.id).sort());

    // The dead row is an admin's now: the next deliverDue finds nothing due, and nothing more is sent.
    expect(await deliverDue(h.services)).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake!.received.filter((r) => r.sid && r.from === TWILIO_FROM)).toHaveLength(9);
  }, 60_000);
});
