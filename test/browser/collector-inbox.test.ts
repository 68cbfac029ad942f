import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, signIn, type Browser } from '../support/browser';
import { debtPayload, startHarness, TWILIO_FROM, type Harness } from '../support/harness';

/** Raw codes that must never reach the Japanese page (issue #14). */
const RAW = /asked_for_person|escalated|settled_offline|collector:[0-9a-f]|\bunclaimed\b|\bInbox\b|\bmin\b|UTC/;

const LANGS = {
  ja: {
    browser: { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' },
    reason: '担当者を希望',
    open: '開く',
    claim: '担当する',
    claimed: '担当しました',
    reply: /債務者への返信/,
    send: '送信',
    sent: '送信しました',
    resume: '通常の督促に戻す',
    handback: 'ボットに戻す',
    handedBack: 'ボットに戻しました',
    outcome: '窓口・電話で解決',
    resolve: '解決',
    resolved: '解決済みにしました',
    botRead: /「担当者を希望」と判定/,
    debtorTime: /債務者: \d\d:\d\d JST/,
    suffix: '-ja',
  },
  en: {
    browser: { locale: 'en-US', timezoneId: 'America/New_York' },
    reason: 'Asked for a person',
    open: 'Open',
    claim: 'Claim',
    claimed: 'You hold this thread now',
    reply: /Reply to the debtor/,
    send: 'Send',
    sent: 'Sent: the reply passed the send gate',
    resume: 'Resume reminders',
    handback: 'Hand back to the bot',
    handedBack: 'Handed back to the bot',
    outcome: 'Settled offline',
    resolve: 'Resolve',
    resolved: 'Resolved and closed',
    botRead: /Read as “Asks for a person” from “担当者”/,
    debtorTime: /debtor: \d\d:\d\d JST/,
    suffix: '',
  },
} as const;

describe('browser: a collector works the handoff inbox, in Japanese and English', () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A debt whose debtor asks for a person: escalated, waiting in the queue. */
  async function escalated(name: string): Promise<{ id: string; phone: string; ref: string }> {
    n++;
    const phone = `+81901234${String(5600 + n)}`;
    const ref = `inbox-${n}`;
    const p = debtPayload({ ref, phone: `0901234${5600 + n}`, dueDate: '2026-11-21' });
    const created = await h.api('POST', '/api/debts', { ...p, debtor: { ...p.debtor, name } });
    const id = created.json.conversationId as string;
    await h.waitFor(async () => h.fake!.received.find((r) => r.to === phone));
    await h.twilioPost('/webhooks/twilio/inbound', { MessageSid: 'SM' + String(n).repeat(32).slice(0, 32), AccountSid: h.fake!.accountSid, From: phone, To: TWILIO_FROM, Body: '<b>担当者</b>と話したいです', NumMedia: '0' });
    await h.waitFor(async () => (await h.api('GET', `/api/conversations/${id}`)).json.status === 'escalated');
    return { id, phone, ref: `INV-${ref}` };
  }

  for (const lang of ['ja', 'en'] as const) {
    const L = LANGS[lang];
    it(`${lang}: claim → reply → hand back → the queue says so (no error page); claim → resolve`, { timeout: 120_000 }, async () => {
      const first = await escalated(lang === 'ja' ? '加藤 一郎' : 'Kato Ichiro');
      const second = await escalated(lang === 'ja' ? '鈴木 花子' : 'Suzuki Hanako');
      const email = `kato-${lang}@example.test`;
      expect((await h.api('POST', '/api/users', { email, name: lang === 'ja' ? '加藤' : 'Kato', role: 'collector', password: 'collector password' })).status).toBe(201);
      const b: Browser = await openBrowser(h, L.browser);
      try {
        const { page } = b;
        await signIn(b, email, 'collector password');
        await page.goto(`${b.base}/ui/inbox?lang=${lang}`);
        const row = page.locator(`tr[data-conversation="${first.id}"]`);
        await row.waitFor();
        const rowText = (await row.textContent())!;
        expect(rowText).toContain(L.reason);
        expect(rowText).toContain(lang === 'ja' ? '加藤 一郎' : 'Kato Ichiro');
        expect(rowText).toContain('+81 ••••••' + first.phone.slice(-4));
        expect(rowText).toContain('担当者');
        expect(rowText).toContain('12,000');
        if (lang === 'ja') expect(await page.locator('main').innerText()).not.toMatch(RAW);
        // Search by reference narrows the queue to one thread.
        await page.getByLabel(lang === 'ja' ? '検索' : 'Search', { exact: true }).fill(second.ref);
        await page.getByRole('button', { name: lang === 'ja' ? '絞り込む' : 'Filter' }).click();
        await expect.poll(() => page.locator('tr[data-conversation]').count()).toBe(1);
        await page.goto(`${b.base}/ui/inbox`);
        await screenshot(page, `inbox${L.suffix}`);

        // Keyboard: j selects the first row, o opens it.
        await page.locator(`tr[data-conversation="${first.id}"]`).waitFor();
        await page.keyboard.press('j');
        // Both waited the same time on the test clock, so either may be listed first.
        if ((await page.locator('tr[data-conversation]').first().getAttribute('data-conversation')) !== first.id) await page.keyboard.press('j');
        await page.locator(`tr.selected[data-conversation="${first.id}"]`).waitFor();
        await page.keyboard.press('o');
        await page.waitForURL(new RegExp(`/ui/conversations/${first.id}$`), { waitUntil: 'domcontentloaded' });
        await page.getByRole('button', { name: L.claim, exact: true }).click();
        await page.locator('#hold-banner').waitFor();
        expect(await page.locator('#action-status').textContent()).toContain(L.claimed);
        const inbound = page.locator('li.msg.inbound').first();
        expect(await inbound.textContent()).toContain('<b>担当者</b>と話したいです');
        expect(await inbound.locator('.why').textContent()).toMatch(L.botRead);
        expect(await inbound.locator('.meta').textContent()).toMatch(L.debtorTime);

        const text = 'お電話ありがとうございます。担当の加藤です。ご都合のよい時間をお知らせください。';
        await page.getByLabel(L.reply).fill(text);
        await page.getByRole('button', { name: L.send, exact: true }).click();
        await expect.poll(() => page.locator('#action-status').textContent()).toContain(L.sent);
        const sent = await h.waitFor(async () => h.fake!.received.find((r) => r.to === first.phone && r.body?.includes(text)));
        expect(sent.body).toMatch(/^【サンプル債権】/);
        const mine = page.locator('li.msg.human', { hasText: '担当の加藤です' });
        await mine.waitFor({ timeout: 10_000 });
        expect(await mine.locator('.author').textContent()).toContain(lang === 'ja' ? '加藤 (あなた)' : 'Kato (you)');
        if (lang === 'ja') expect(await page.locator('main').innerText()).not.toMatch(RAW);
        await screenshot(page, `thread${L.suffix}`);

        // Hand back: the outcome and resume point have no default; the queue says what happened.
        await page.getByLabel(lang === 'ja' ? '再開する位置' : 'Resume at').selectOption({ label: L.resume });
        await page.getByRole('button', { name: L.handback }).click();
        await page.waitForURL(/\/ui\/inbox\?done=handback/, { waitUntil: 'domcontentloaded' });
        expect(await page.locator('#done').textContent()).toContain(L.handedBack);
        expect(await page.locator('main').innerText()).not.toMatch(/403/);
        expect(await page.locator(`tr[data-conversation="${first.id}"]`).count()).toBe(0);
        // The thread stays readable for the record.
        await page.goto(`${b.base}/ui/conversations/${first.id}`);
        await page.locator('#read-only').waitFor();

        // Resolve the second thread.
        await page.goto(`${b.base}/ui/conversations/${second.id}`);
        await page.getByRole('button', { name: L.claim, exact: true }).click();
        await page.locator('#hold-banner').waitFor();
        await page.getByRole('button', { name: L.resolve, exact: true }).click();
        // No default outcome: the form does not go until one is chosen.
        expect(await page.locator('#outcome').evaluate((e) => (e as HTMLSelectElement).validity.valueMissing)).toBe(true);
        expect((await h.api('GET', `/api/conversations/${second.id}`)).json.status).toBe('escalated');
        await page.getByLabel(lang === 'ja' ? '結果' : 'Outcome').selectOption({ label: L.outcome });
        await page.getByRole('button', { name: L.resolve, exact: true }).click();
        await page.waitForURL(/\/ui\/inbox\?done=resolved/, { waitUntil: 'domcontentloaded' });
        expect(await page.locator('#done').textContent()).toContain(L.resolved);
        expect(await page.locator('main').innerText()).not.toMatch(/403/);
        const after = await h.api('GET', `/api/conversations/${second.id}`);
        expect(after.json).toMatchObject({ status: 'resolved', outcome: 'settled_offline' });
      } finally {
        await b.close();
      }
    });
  }
});
