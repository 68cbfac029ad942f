import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, signIn, type Browser } from '../support/browser';
import { startHarness, type Harness } from '../support/harness';

const LANGS = {
  ja: {
    browser: { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' },
    key: 'standard-ja',
    flows: 'フロー',
    edit: '編集',
    days: '支払期限からの日数 2',
    text: '【{brand}】{dueStatus}（{amount}）。改訂版のご案内です。お支払い {link} {stop}',
    rendered: '【サンプル債権】',
    cost: /^SMS（[a-z]+）: 課金\d+通 · UCS-2 · 1回の送信 ￥[\d.]+ · 1,000人あたり ￥[\d,]+$/,
    publish: '新しいバージョンを公開',
    published: /公開しました: バージョン 2/,
    version: 'バージョン v2',
    suffix: '-ja',
  },
  en: {
    browser: { locale: 'en-US', timezoneId: 'America/New_York' },
    key: 'standard-en',
    flows: 'Flows',
    edit: 'Edit',
    days: 'Days from due date 2',
    text: '{brand}: {amount} {dueStatus}. Revised wording. Pay here: {link} {stop}',
    rendered: 'Sample Credit:',
    cost: /^SMS \([a-z]+\): \d+ billed message\(s\) · GSM-7 · ¥[\d.]+ per send · ¥[\d,]+ per 1,000 debtors$/,
    publish: 'Publish new version',
    published: /Published as version 2/,
    version: 'Version v2',
    suffix: '',
  },
} as const;

/** Issue #14: an admin changes a schedule step and a template through the form, sees preview and cost, publishes v2. */
describe('browser: the flow editor form, in Japanese and English', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  for (const lang of ['ja', 'en'] as const) {
    const L = LANGS[lang];
    it(`${lang}: schedule step and template through the form → preview and cost → publish v2 → the page shows v2`, { timeout: 120_000 }, async () => {
      const email = `admin-${lang}@example.test`;
      expect((await h.api('POST', '/api/users', { email, name: lang === 'ja' ? '森' : 'Mori', role: 'admin', password: 'admin password 1' })).status).toBe(201);
      const b: Browser = await openBrowser(h, L.browser);
      try {
        const { page } = b;
        await signIn(b, email, 'admin password 1');
        await page.goto(`${b.base}/ui/flows?lang=${lang}`);
        await page.locator(`#flow-${L.key}`).getByRole('link', { name: L.edit }).click();
        await page.locator('#schedule-table').waitFor();
        expect(await page.locator('#viewing-version').getAttribute('data-version')).toBe('1');

        // 1. The due-day step moves to one day after the due date: the YAML shows it.
        const days = page.getByLabel(L.days, { exact: true });
        expect(await days.inputValue()).toBe('0');
        await days.fill('1');
        await days.press('Tab');
        await expect.poll(() => page.locator('#source').inputValue()).toMatch(/- \{ name: due, offsetDays: 1, at: "10:00", template: reminder_due \}/);

        // 2. The due-day template: live preview with sample data, segments and cost.
        const tpl = page.locator('fieldset[data-template="reminder_due"]');
        const area = tpl.locator('textarea');
        await area.fill(L.text);
        const preview = tpl.locator('.preview');
        await expect.poll(() => preview.textContent()).toContain(lang === 'ja' ? '改訂版のご案内です' : 'Revised wording');
        expect(await preview.textContent()).toContain(L.rendered);
        // Priced on the flow's own route (issue #13): parts, one send, 1,000 debtors.
        const line = preview.locator('[data-route]').first();
        expect(await line.textContent()).toMatch(L.cost);
        expect(Number(await line.getAttribute('data-parts'))).toBeGreaterThan(0);
        expect(Number(await line.getAttribute('data-per1000'))).toBeCloseTo(Number(await line.getAttribute('data-cost')) * 1000, 2);
        await area.press('Tab');
        await expect.poll(() => page.locator('#source').inputValue()).toContain(lang === 'ja' ? '改訂版のご案内です' : 'Revised wording');
        await page.locator('#issues').waitFor();
        expect(await page.locator('#issues li[data-severity="error"]').count()).toBe(0);
        if (lang === 'ja') expect(await page.locator('#form-view').innerText()).not.toMatch(/reminder_|offsetDays|maxPromiseDays|segments/);
        await tpl.scrollIntoViewIfNeeded();
        await screenshot(page, `flow-form${L.suffix}`, { fullPage: false });

        // 3. Publish: the page reloads on v2, with no stale version or message.
        await page.getByRole('button', { name: L.publish }).click();
        await page.waitForURL(/published=2/, { waitUntil: 'domcontentloaded' });
        expect(await page.locator('#status').textContent()).toMatch(L.published);
        expect(await page.locator('#current-version').textContent()).toBe('v2');
        expect(await page.locator('#viewing-version').textContent()).toContain(L.version);
        await page.locator('#schedule-table').waitFor();
        expect(await page.getByLabel(L.days, { exact: true }).inputValue()).toBe('1');
        const stored = await h.api('GET', `/api/flows/${L.key}/versions/2`);
        expect(stored.json.source).toContain(lang === 'ja' ? '改訂版のご案内です' : 'Revised wording');
        await screenshot(page, `flow-published${L.suffix}`, { fullPage: false });
      } finally {
        await b.close();
      }
    });
  }

  it('the threat lint refuses legal-action wording typed into the form, in the editor language', { timeout: 60_000 }, async () => {
    const b: Browser = await openBrowser(h, LANGS.ja.browser);
    try {
      const { page } = b;
      await signIn(b, 'admin-ja@example.test', 'admin password 1');
      await page.goto(`${b.base}/ui/flows/standard-ja?lang=ja`);
      const area = page.locator('fieldset[data-template="reminder_final"] textarea');
      await area.fill('【{brand}】{amount}が未払いです。法的手続きに移行します。{link}');
      await area.press('Tab');
      const error = page.locator('#issues li[data-severity="error"]').first();
      await error.waitFor();
      expect(await error.textContent()).toContain('法的措置をほのめかす表現「法的手続き」は使えません');
      await error.scrollIntoViewIfNeeded();
      await screenshot(page, 'flow-editor-lint-ja', { fullPage: false });
    } finally {
      await b.close();
    }
  });
});
