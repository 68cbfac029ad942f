import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../db/schema';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';
import { asPerson, signUp, type Person } from '../support/people';

/** Issue #13: the simulator's web phone shows the RCS card and its chips; a tapped chip arrives as RBM's postback would. */
describe('simulator: RCS card and chips in the web phone', () => {
  let h: Harness;
  let admin: Person;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
    admin = await signUp(h, 'admin', 'sim-rcs-admin');
  });
  afterAll(async () => h?.close());

  const threadOf = async (phone: string) => {
    const r = await asPerson(h, admin, 'GET', '/simulator/threads');
    expect(r.status).toBe(200);
    return (r.json as { phone: string; messages: any[] }[]).find((t) => t.phone === phone);
  };

  it('shows the card (amount, due date, chips, pay link); tapping 分割の相談 posts its postback and yields the instalment offer', async () => {
    const phone = jpMobile(7301);
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: `simrcs-${crypto.randomUUID().slice(0, 6)}`, phone: phone.local, dueDate: '2026-11-21' }));
    expect(created.status).toBe(201);
    // The message row exists (queued, sms) before the sender has sent it with its card: wait for the send.
    const first = await h.waitFor(async () => (await threadOf(phone.e164))?.messages.find((m) => m.direction === 'outbound' && m.rich));
    expect(first.channel).toBe('rcs');
    expect(first.rich.title).toContain('12,000円');
    expect(first.rich.title).toContain('11月21日');
    expect(first.rich.description).toBe(first.body);
    expect(first.rich.replies.map((r: { text: string }) => r.text)).toEqual(['支払う', '分割の相談', '担当者と話す', '配信停止']);
    expect(first.rich.openUrl.url).toMatch(/^https:\/\/saisoku\.test\/p\/[A-Za-z0-9_-]+$/);
    expect(first.body).toContain(first.rich.openUrl.url);

    const chip = first.rich.replies.find((r: { text: string }) => r.text === '分割の相談');
    const tap = await asPerson(h, admin, 'POST', '/simulator/reply', { phone: phone.e164, body: chip.text, postback: chip.postback });
    expect(tap.status).toBe(202);
    const offer = await h.waitFor(async () => (await threadOf(phone.e164))?.messages.filter((m) => m.direction === 'outbound')[1]);
    expect(offer.body).toContain('分割のご提案です');
    const inbound = (await h.services.db.select().from(messages).where(eq(messages.phone, phone.e164))).find((m) => m.direction === 'inbound');
    expect(inbound).toMatchObject({ body: '分割の相談', intent: 'installment', confidence: 1, channel: 'rcs' });
  });

  it('a typed reply stays SMS text, classified as usual; a bad postback is refused and changes nothing', async () => {
    const phone = jpMobile(7302);
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: `simrcs-${crypto.randomUUID().slice(0, 6)}`, phone: phone.local, dueDate: '2026-11-21' }));
    expect(created.status).toBe(201);
    await h.waitFor(async () => (await threadOf(phone.e164))?.messages.length);
    const bad = await asPerson(h, admin, 'POST', '/simulator/reply', { phone: phone.e164, body: '分割の相談', postback: '' });
    expect(bad.status).toBe(422);
    expect((await h.services.db.select().from(messages).where(eq(messages.phone, phone.e164))).filter((m) => m.direction === 'inbound')).toHaveLength(0);
    // A forged postback is no intent: the text is classified like any typed reply, never at confidence 1.0 by the postback.
    const forged = await asPerson(h, admin, 'POST', '/simulator/reply', { phone: phone.e164, body: 'hello', postback: 'intent:not_an_intent' });
    expect(forged.status).toBe(202);
    const [inbound] = await h.waitFor(async () => {
      const rows = (await h.services.db.select().from(messages).where(eq(messages.phone, phone.e164))).filter((m) => m.direction === 'inbound' && m.intent);
      return rows.length ? rows : null;
    });
    expect(inbound!.intent).not.toBe('not_an_intent');
  });

  it('labels the chips in the page language', async () => {
    const page = await asPerson(h, admin, 'GET', '/simulator?lang=en');
    expect(page.text).toContain('data-chips="Suggested replies"');
    const ja = await asPerson(h, admin, 'GET', '/simulator?lang=ja');
    expect(ja.text).toContain('data-chips="返信の候補"');
  });
});
