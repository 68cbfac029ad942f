import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, messages, outbox } from '../../db/schema';
import { sweep } from '../../src/workers/sweep';
import { ManualClock } from '../../src/shared/clock';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';
import { asPerson, signUp } from '../support/people';

/**
 * A worker that dies between claiming a send ('sending', committed) and recording the provider's
 * answer leaves the row in 'sending'. It must not keep counting against the debtor's daily cap on
 * later days, and it is reconciled with the provider: recorded as sent when the provider has it,
 * sent (once) when the provider never got it, held for a person when the provider cannot be asked.
 */
describe('a send interrupted after its claim', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('does not block the debtor’s reminders on later days, and the sweep records it as sent when the provider has it', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const to = jpMobile(4242);
    const sent = () => h.fake!.received.filter((r) => r.sid && r.to === to.e164);
    // One debtor, two debts due tomorrow: two reminders today (the daily cap is 2).
    const a = debtPayload({ ref: 'stuckA', phone: to.local, dueDate: '2026-11-21' });
    const b = { ...debtPayload({ ref: 'stuckA', phone: to.local, dueDate: '2026-11-21' }), debt: { ...a.debt, externalRef: 'INV-stuckB' } };
    await h.api('POST', '/api/debts', a);
    await h.api('POST', '/api/debts', b);
    await h.waitFor(async () => sent().length === 2);
    const rows = await h.services.db.select().from(outbox).where(eq(outbox.kind, 'reminder'));
    expect(rows).toHaveLength(2);
    await h.waitFor(async () => (await h.services.db.select().from(outbox).where(and(eq(outbox.kind, 'reminder'), eq(outbox.status, 'sent')))).length === 2);
    // The crash: both claims committed, neither "sent" was recorded (the provider has both).
    const claimedAt = new Date(h.clock.now().getTime() - 1000);
    await h.services.db.update(outbox).set({ status: 'sending', sentAt: null, notBefore: claimedAt }).where(inArray(outbox.id, rows.map((r) => r.id)));
    await h.services.db.update(messages).set({ status: 'sending', providerMessageId: null }).where(inArray(messages.id, rows.map((r) => r.messageId)));

    // Three days on, the next schedule step: the stranded claims of three days ago no longer count
    // against today's cap, even before the sweep reconciles them (here it is told they are not stale yet).
    (h.clock as ManualClock).set('2026-11-23T10:00:05+09:00');
    await h.services.db.update(outbox).set({ notBefore: new Date('2026-11-20T01:00:00Z') }).where(inArray(outbox.id, rows.map((r) => r.id)));
    await sweep(h.services, { sendingStaleMs: 30 * 86_400_000 });
    await h.waitFor(async () => sent().length === 4);
    expect((await h.services.db.select().from(outbox).where(inArray(outbox.id, rows.map((r) => r.id)))).map((r) => r.status)).toEqual(['sending', 'sending']);

    // Reconciled: the provider lists both (sent since the claim), so both are recorded as sent with
    // the provider's ids, and nothing is sent again.
    await sweep(h.services, { sendingStaleMs: 0 });
    const after = await h.services.db.select().from(outbox).where(inArray(outbox.id, rows.map((r) => r.id)));
    expect(after.map((r) => r.status)).toEqual(['sent', 'sent']);
    const msgs = await h.services.db.select().from(messages).where(inArray(messages.id, rows.map((r) => r.messageId)));
    expect(new Set(msgs.map((m) => m.providerMessageId)).size).toBe(2);
    expect(msgs.every((m) => sent().some((r) => r.sid === m.providerMessageId))).toBe(true);
    expect(sent()).toHaveLength(4);
    const bodies = sent().map((r) => r.body);
    expect(new Set(bodies).size).toBe(bodies.length);
  });

  it('sends it once when the provider never got it, and not again on the next sweep', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const to = jpMobile(4343);
    const sent = () => h.fake!.received.filter((r) => r.sid && r.to === to.e164);
    h.fake!.failNext(500, 5);
    await h.api('POST', '/api/debts', debtPayload({ ref: 'never', phone: to.local, dueDate: '2026-11-21' }));
    const [row] = await h.waitFor(async () => {
      const r = await h.services.db.select().from(outbox).where(eq(outbox.kind, 'reminder'));
      return r.length && r[0]!.status !== 'sending' ? r : null;
    });
    await h.stopWorkers();
    // The crash before the provider call: claimed, nothing reached the provider.
    h.fake!.reset();
    await h.services.db.update(outbox).set({ status: 'sending', notBefore: new Date(h.clock.now().getTime() - 1000) }).where(eq(outbox.id, row!.id));
    await h.restartWorkers();
    await sweep(h.services, { sendingStaleMs: 0 });
    await h.waitFor(async () => sent().length === 1);
    await h.waitFor(async () => (await h.services.db.select().from(outbox).where(eq(outbox.id, row!.id)))[0]?.status === 'sent');
    await sweep(h.services, { sendingStaleMs: 0 });
    expect(sent()).toHaveLength(1);
    const audit = await h.services.db.select().from(auditEvents).where(eq(auditEvents.type, 'send.reconciled'));
    expect(audit.map((a) => (a.data as { found: boolean }).found)).toEqual([false]);
  });

  it('a provider timeout is not failed: the sweep asks the provider, which has it', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00') });
    const to = jpMobile(4444);
    const sent = () => h.fake!.received.filter((r) => r.sid && r.to === to.e164);
    // The fake accepts, then answers after the adapter's 10 s timeout.
    h.fake!.chaos({ hangAccepted: 1, hangMs: 10_500 });
    await h.api('POST', '/api/debts', debtPayload({ ref: 'slow', phone: to.local, dueDate: '2026-11-21' }));
    const row = await h.waitFor(async () => (await h.services.db.select().from(outbox).where(and(eq(outbox.kind, 'reminder'), eq(outbox.status, 'unknown'))))[0], 20_000);
    h.fake!.chaos({});
    await sweep(h.services, { sendingStaleMs: 0 });
    // Not yet: the provider gets a minute before it is asked.
    expect((await h.services.db.select().from(outbox).where(eq(outbox.id, row.id)))[0]!.status).toBe('unknown');
    await h.services.db.update(outbox).set({ notBefore: new Date(row.notBefore.getTime() - 61_000) }).where(eq(outbox.id, row.id));
    await sweep(h.services);
    const [after] = await h.services.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(after!.status).toBe('sent');
    expect(sent()).toHaveLength(1);
  }, 40_000);

  it('is held for a person, "may or may not have been sent", when the provider cannot list its messages', async () => {
    h = await startHarness({ clock: new ManualClock('2026-11-20T10:00:00+09:00'), provider: 'simulator' });
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'sim', phone: jpMobile(4545).local, dueDate: '2026-11-21' }));
    const row = await h.waitFor(async () => (await h.services.db.select().from(outbox).where(and(eq(outbox.kind, 'reminder'), eq(outbox.status, 'sent'))))[0]);
    await h.services.db.update(outbox).set({ status: 'sending', notBefore: new Date(h.clock.now().getTime() - 1000) }).where(eq(outbox.id, row.id));
    await h.services.db.update(messages).set({ status: 'sending' }).where(eq(messages.id, row.messageId));
    await sweep(h.services, { sendingStaleMs: 0 });
    expect((await h.services.db.select().from(outbox).where(eq(outbox.id, row.id)))[0]!.status).toBe('uncertain');
    // The sweep never sends it again.
    await sweep(h.services, { sendingStaleMs: 0 });
    expect((await h.services.db.select().from(outbox).where(eq(outbox.id, row.id)))[0]!.status).toBe('uncertain');
    const thread = await h.api('GET', `/api/conversations/${created.json.conversationId}`);
    const m = thread.json.messages.find((x: { id: string }) => x.id === row.messageId);
    expect(m).toMatchObject({ status: 'uncertain', notice: 'may or may not have been sent' });
    // And in the inbox's thread, for the person who decides, in both languages.
    const admin = await signUp(h, 'admin');
    const en = await asPerson(h, admin, 'GET', `/ui/conversations/${created.json.conversationId}?lang=en`);
    const li = en.text.slice(en.text.indexOf('data-status="uncertain"'));
    expect(li.slice(0, li.indexOf('</li>'))).toContain('May or may not have been sent');
    const ja = await asPerson(h, admin, 'GET', `/ui/conversations/${created.json.conversationId}?lang=ja`);
    expect(ja.text).toContain('送信されたかどうか不明です');
  });
});
