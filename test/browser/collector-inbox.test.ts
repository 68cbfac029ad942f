import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, signIn, type Browser } from '../support/browser';
import { debtPayload, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

describe('browser: a collector works the handoff inbox', () => {
  let h: Harness;
  let b: Browser;
  beforeAll(async () => {
    h = await startHarness();
    b = await openBrowser(h);
  });
  afterAll(async () => {
    await b?.close();
    await h?.close();
  });

  it('logs in, claims an escalated thread, replies, and the reply reaches Twilio', { timeout: 90_000 }, async () => {
    const phone = '+819012345678';
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'inbox', dueDate: '2026-11-21' }));
    const convId = created.json.conversationId as string;
    await h.waitFor(async () => h.fake!.received.find((r) => r.to === phone));
    await h.twilioPost('/webhooks/twilio/inbound', { MessageSid: 'SM' + '1'.repeat(32), AccountSid: h.fake!.accountSid, From: phone, To: TWILIO_FROM, Body: '<b>担当者</b>と話したいです', NumMedia: '0' });
    await h.waitFor(async () => (await h.api('GET', `/api/conversations/${convId}`)).json.status === 'escalated');
    const user = await h.api('POST', '/api/users', { email: 'kato@example.test', name: 'Kato', role: 'collector', password: 'collector password' });
    expect(user.status).toBe(201);

    await signIn(b, 'kato@example.test', 'collector password');
    const { page } = b;
    await expect.poll(() => page.url()).toContain('/ui/inbox');
    const row = page.locator(`tr[data-conversation="${convId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('asked_for_person');
    expect(await row.textContent()).toContain('¥12,000');
    await screenshot(page, 'inbox');

    await row.getByRole('link', { name: /Open/ }).click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.locator('#hold-banner').waitFor();
    // The debtor's HTML is shown as text, with the bot's reasoning beside it.
    const inbound = page.locator('li.msg.inbound').first();
    expect(await inbound.textContent()).toContain('<b>担当者</b>と話したいです');
    expect(await inbound.locator('.why').textContent()).toMatch(/human.*rules/s);

    const text = 'お電話ありがとうございます。担当の加藤です。ご都合のよい時間をお知らせください。';
    await page.getByLabel(/Reply to the debtor/).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = await h.waitFor(async () => h.fake!.received.find((r) => r.to === phone && r.body?.includes(text)));
    expect(sent.body).toMatch(/^【サンプル債権】/);
    // The reply shows up in the open thread without a reload (SSE).
    await page.locator('li.msg.human', { hasText: '担当の加藤です' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'thread');

    // Quick action: a payment-link draft from the flow's approved template fills the reply box.
    await page.getByRole('button', { name: 'Send the payment link' }).click();
    await expect.poll(() => page.getByLabel(/Reply to the debtor/).inputValue()).toMatch(/https:\/\/saisoku\.test\/p\/[A-Za-z0-9]{22}/);

    // A refusal shows its reason: the debtor opts out, then the collector tries again.
    await h.twilioPost('/webhooks/twilio/inbound', { MessageSid: 'SM' + '2'.repeat(32), AccountSid: h.fake!.accountSid, From: phone, To: TWILIO_FROM, Body: 'STOP', NumMedia: '0' });
    await h.waitFor(async () => (await h.api('GET', `/api/conversations/${convId}`)).json.status === 'opted_out');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/opted_out/);
    const audit = await h.api('GET', `/api/conversations/${convId}`);
    expect(audit.json.messages.some((m: any) => m.author?.startsWith('collector:'))).toBe(true);
  });
});
