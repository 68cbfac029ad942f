import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, signIn, type Browser } from '../support/browser';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';
import { signUp, type Person } from '../support/people';

/** Issue #13: the web phone draws the RCS card; tapping a chip answers like an RCS phone (the instalment offer). */
describe('browser: the simulator web phone shows RCS cards and chips', () => {
  let h: Harness;
  let b: Browser;
  let admin: Person;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
    admin = await signUp(h, 'admin', 'sim-browser');
    b = await openBrowser(h, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  });
  afterAll(async () => {
    await b?.close();
    await h?.close();
  });

  it('card with amount, due date, pay link and chips; 分割の相談 → 分割のご提案', { timeout: 120_000 }, async () => {
    const phone = jpMobile(7401);
    expect((await h.api('POST', '/api/debts', debtPayload({ ref: 'simbrowser1', phone: phone.local, dueDate: '2026-11-21' }))).status).toBe(201);
    const { page } = b;
    await signIn(b, admin.email, admin.password);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${b.base}/simulator?lang=ja`);
    await page.getByRole('button', { name: new RegExp(phone.e164.replace('+', '\\+')) }).click();
    const card = page.locator('#simthread .msg.card').first();
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.locator('.card-title').textContent()).toMatch(/12,000円.*11月21日|11月21日.*12,000円/);
    expect(await card.locator('.card-action').getAttribute('href')).toMatch(/^https:\/\/saisoku\.test\/p\//);
    expect(await card.getByRole('group', { name: '返信の候補' }).getByRole('button').allTextContents()).toEqual(['支払う', '分割の相談', '担当者と話す', '配信停止']);
    await card.getByRole('button', { name: '分割の相談' }).click();
    await page.locator('#simthread .msg.outbound', { hasText: '分割のご提案です' }).waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await screenshot(page, 'simulator-rcs');
  });
});
