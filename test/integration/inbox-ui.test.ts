import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, debtors } from '../../db/schema';
import { ingestInbound } from '../../src/conversation/ingress';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';
import { asPerson, signUp, type Person } from '../support/people';

/** Issue #14: after a handback or a resolve the page reloaded into a false 403 ("held by another collector"). */
describe('the inbox: a thread a collector handled, the queue in ja and en', () => {
  let h: Harness;
  let a: Person;
  let b: Person;
  let n = 0;

  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
    a = await signUp(h, 'collector', 'alice');
    b = await signUp(h, 'collector', 'bob');
  });
  afterAll(async () => h?.close());

  /** A real escalation: the debtor asks for a person through the ingress. */
  async function escalated(): Promise<string> {
    const phone = jpMobile(8500 + ++n);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: `hand${n}-${crypto.randomUUID().slice(0, 4)}`, phone: phone.local }));
    expect(r.status).toBe(201);
    await ingestInbound(h.services, { provider: 'simulator', providerMessageId: `sim-in-${crypto.randomUUID()}`, from: phone.e164, to: 'saisoku', body: '担当者と話したいです', channel: 'sms' });
    await h.waitFor(async () => (await h.services.db.select().from(conversations).where(eq(conversations.id, r.json.conversationId)))[0]?.status === 'escalated');
    return r.json.conversationId;
  }

  it.each(['handback', 'resolve'] as const)('after %s the collector who handled it still reads it (read-only); others do not', { timeout: 30_000 }, async (action) => {
    const id = await escalated();
    expect((await asPerson(h, a, 'POST', `/api/conversations/${id}/claim`)).status).toBe(200);
    const done = await asPerson(h, a, 'POST', `/api/conversations/${id}/${action}`, action === 'handback' ? { resumeAt: 'dunning' } : { outcome: 'settled_offline' });
    expect(done.status).toBe(200);
    expect(done.json.status).toBe(action === 'handback' ? 'active' : 'resolved');
    expect((await asPerson(h, a, 'GET', `/api/conversations/${id}`)).status).toBe(200);
    const page = await asPerson(h, a, 'GET', `/ui/conversations/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="read-only"');
    expect(page.text).not.toContain('id="reply-form"');
    expect((await asPerson(h, a, 'GET', `/ui/conversations/${id}/fragment`)).status).toBe(200);
    // Bob never touched it: still denied.
    expect((await asPerson(h, b, 'GET', `/api/conversations/${id}`)).status).toBe(403);
    expect((await asPerson(h, b, 'GET', `/ui/conversations/${id}`)).status).toBe(403);
    // Read-only: the record does not let Alice act on it again.
    expect((await asPerson(h, a, 'POST', `/api/conversations/${id}/reply`, { body: 'hello' })).status).toBe(409);
  });

  it('the queue says what the last action did, in the page language', async () => {
    expect((await asPerson(h, a, 'GET', '/ui/inbox?done=handback&ref=D-1&lang=ja')).text).toContain('ボットに戻しました');
    expect((await asPerson(h, a, 'GET', '/ui/inbox?done=resolved&ref=D-1&lang=en')).text).toContain('Resolved');
  });

  it('the queue shows name, masked phone, last message, amount, wait and reason in the page language; search and filters narrow it', { timeout: 30_000 }, async () => {
    const id = await escalated();
    const [conv] = await h.services.db.select().from(conversations).where(eq(conversations.id, id));
    await h.services.db.update(debtors).set({ name: '佐藤 花子' }).where(eq(debtors.id, conv!.debtorId));
    const [debtor] = await h.services.db.select().from(debtors).where(eq(debtors.id, conv!.debtorId));
    const last4 = debtor!.phone.slice(-4);
    const ja = await asPerson(h, a, 'GET', '/ui/inbox?lang=ja');
    const row = ja.text.slice(ja.text.indexOf(`data-conversation="${id}"`), ja.text.indexOf('</tr>', ja.text.indexOf(`data-conversation="${id}"`)));
    expect(row).toContain('佐藤 花子');
    expect(row).toContain(`+81 ••••••${last4}`);
    expect(row).not.toContain(debtor!.phone);
    expect(row).toContain('担当者と話したいです'.slice(0, 10));
    expect(row).toContain('12,000円');
    expect(row).toContain('担当者を希望');
    expect(row).not.toMatch(/>asked_for_person</);
    expect(row).toMatch(/\d+ 分(前|以内)/);
    const en = await asPerson(h, a, 'GET', '/ui/inbox?lang=en');
    expect(en.text).toContain('Asked for a person');
    expect(en.text).toMatch(/(\d+ minutes? ago|this minute)/);
    // Search by name, phone (as the debtor writes it) or reference; a filter that excludes it.
    for (const q of ['佐藤', `090${debtor!.phone.slice(5)}`.slice(0, 11), debtor!.externalRef]) {
      expect((await asPerson(h, a, 'GET', `/ui/inbox/fragment?q=${encodeURIComponent(q)}`)).text, q).toContain(id);
    }
    expect((await asPerson(h, a, 'GET', '/ui/inbox/fragment?q=nobody-like-this')).text).not.toContain(id);
    expect((await asPerson(h, a, 'GET', '/ui/inbox/fragment?reason=dispute')).text).not.toContain(id);
    expect((await asPerson(h, a, 'GET', '/ui/inbox/fragment?reason=asked_for_person&held=unclaimed')).text).toContain(id);
    expect((await asPerson(h, a, 'GET', '/ui/inbox/fragment?held=mine')).text).not.toContain(id);
  });

  it('the thread names the collector, localises the bot explanation and shows the debtor local time', { timeout: 30_000 }, async () => {
    const id = await escalated();
    expect((await asPerson(h, a, 'POST', `/api/conversations/${id}/claim`)).status).toBe(200);
    expect((await asPerson(h, a, 'POST', `/api/conversations/${id}/reply`, { body: 'お電話ください' })).status).toBe(202);
    const ja = await asPerson(h, a, 'GET', `/ui/conversations/${id}?lang=ja`);
    expect(ja.text).toContain('alice (あなた)');
    expect(ja.text).not.toMatch(/collector:[0-9a-f-]{36}/);
    expect(ja.text).toContain('「担当者を希望」と判定');
    expect(ja.text).toMatch(/債務者: \d\d:\d\d JST/);
    expect(ja.text).toContain('<option value="" selected="" disabled="">選択してください</option>');
    const en = await asPerson(h, a, 'GET', `/ui/conversations/${id}?lang=en`);
    expect(en.text).toContain('Read as “Asks for a person”');
  });

  it('the simulator sits inside the navigation and speaks the page language', async () => {
    const admin = await signUp(h, 'admin', 'sim-admin');
    const ja = await asPerson(h, admin, 'GET', '/simulator?lang=ja');
    expect(ja.status).toBe(200);
    expect(ja.text).toContain('<html lang="ja">');
    expect(ja.text).toMatch(/<a href="\/simulator" aria-current="page">債務者シミュレーター<\/a>/);
    expect(ja.text).toContain('受信箱');
    expect(ja.text).toContain('債務者として返信');
    const en = await asPerson(h, admin, 'GET', '/simulator?lang=en');
    expect(en.text).toContain('Reply as the debtor');
  });
});
