import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, debts, messages, suppressions } from '../../db/schema';
import { ingestInbound } from '../../src/conversation/ingress';
import { recordPayment } from '../../src/dunning/payments';
import { openBrowser, screenshot, signIn, type Browser } from '../support/browser';
import { csvOf, csvRow } from '../support/campaigns';
import type { ManualClock } from '../../src/shared/clock';
import { jpMobile, startHarness, type Harness } from '../support/harness';

/**
 * 1,000 rows: 970 debts of 970 debtors, 10 debtors with 3 debts each (the third is held by the
 * daily cap), 10 bad phone numbers, 5 numbers that opted out earlier. Start 2026-11-20 10:00 JST.
 */
function thousandRows(): string {
  const rows: string[] = [];
  for (let i = 1; i <= 960; i++) rows.push(csvRow(1000 + i));
  for (let d = 1; d <= 10; d++) for (let k = 0; k < 3; k++) rows.push(csvRow(2000 + d, { ref: `M${d}-${k}`, phone: jpMobile(2000 + d).local }).replace(`C-M${d}-${k}`, `C-M${d}`));
  for (let i = 1; i <= 10; i++) rows.push(csvRow(3000 + i, { phone: '0000' }));
  expect(rows).toHaveLength(1000);
  return csvOf(rows);
}

// About a minute on Postgres + Redis and on the embedded PGlite alike (measured on a loaded 2-core
// machine); the waits below are generous ceilings for conditions, not sleeps.
describe('browser: a month’s campaign from upload to results', () => {
  let h: Harness;
  let b: Browser;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
    b = await openBrowser(h);
    for (const [email, name] of [
      ['maker@example.test', 'Sato (maker)'],
      ['checker@example.test', 'Ito (checker)'],
    ])
      expect((await h.api('POST', '/api/users', { email, name, role: 'admin', password: 'admin password 1' })).status).toBe(201);
    await h.services.db.insert(suppressions).values([1001, 1002, 1003, 1004, 1005].map((i) => ({ phone: jpMobile(i).e164, reason: 'stop' })));
  });
  afterAll(async () => {
    await b?.close();
    await h?.close();
  });

  it('upload 1,000 rows → preview with cost and holds → second admin approves → progress bar moves → results with funnel and A/B', { timeout: 900_000 }, async () => {
    const { page } = b;
    await signIn(b, 'maker@example.test', 'admin password 1');
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByLabel('Name').fill('November arrears');
    await page.getByLabel('Flow').selectOption('standard-ja');
    // The datetime-local field is in the browser's zone: give it 2026-11-20 10:00 JST in that zone.
    const local = await page.evaluate(() => {
      const d = new Date('2026-11-20T01:00:00Z');
      return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    });
    await page.getByLabel(/^Start/).fill(local);
    await page.getByLabel('CSV file').setInputFiles({ name: 'november.csv', mimeType: 'text/csv', buffer: Buffer.from(thousandRows()) });
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.waitForURL(/\/ui\/campaigns\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;

    const kpi = async (k: string) => (await page.locator(`[data-kpi="${k}"] .v`).textContent())!.replace(/,/g, '');
    expect(await kpi('valid')).toBe('990');
    expect(await kpi('invalid')).toBe('10');
    expect(await kpi('suppressed')).toBe('5');
    expect(await kpi('held')).toBe('10');
    expect(await page.locator('#holds').textContent()).toContain('daily_cap');
    expect(await page.locator('#refusals').textContent()).toContain('opted_out');
    const costRow = await page.locator('#cost tbody tr').first().textContent();
    expect(costRow).toMatch(/simulator/); // priced on the flow's own route (issue #13)
    expect(costRow).toMatch(/985/); // 990 valid − 5 opted out: first reminders that would go (10 of them held)
    expect(await page.getByText('another admin must approve').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await h.services.db.select({ id: debts.id }).from(debts)).toHaveLength(0);
    await screenshot(page, 'campaign-preview');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(b, 'checker@example.test', 'admin password 1');
    await page.goto(`${b.base}/ui/campaigns/${id}`);
    const done = async () => Number(await page.locator('#bar').getAttribute('data-done'));
    expect(await done()).toBe(0);
    // Every value the bar shows, from before the approval on (the page polls the progress once a second).
    await page.evaluate(() => {
      const bar = document.getElementById('bar')!;
      const seen: number[] = [Number(bar.dataset.done)];
      (window as unknown as { barSeen: number[] }).barSeen = seen;
      new MutationObserver(() => seen.push(Number(bar.dataset.done))).observe(bar, { attributes: true, attributeFilter: ['data-done'] });
    });
    await page.getByRole('button', { name: 'Approve' }).click({ timeout: 120_000 });
    // The bar moves once the first reminders go out. Not "seen part-way": a storm's reminders wait for its
    // end and then go together (decision 0123), so a fast run can pass from 0 to done between two polls.
    await page.waitForFunction(() => Number(document.getElementById('bar')?.dataset.done) > 0, undefined, { timeout: 300_000, polling: 100 });
    await screenshot(page, 'campaign-progress', { fullPage: false });
    // Finished: nothing queued or waiting to load; what remains is held by the daily cap.
    await page.waitForFunction(() => ['n-queued', 'n-waiting'].every((id) => document.getElementById(id)?.textContent === '0') && Number(document.getElementById('bar')?.dataset.done) > 0.9, undefined, { timeout: 300_000, polling: 500 });
    // The page showed it move from 0 to (nearly) full without a reload.
    const seen = await page.evaluate(() => (window as unknown as { barSeen: number[] }).barSeen);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)!).toBeGreaterThan(0.9);
    expect(await page.locator('#n-held').textContent()).toBe('10');
    expect(Number(await page.locator('#n-delivered').textContent())).toBe(975);

    // Debtors answer: clicks on the link, some replies, and payments that favour variant B.
    const convs = await h.services.db.select({ id: conversations.id, debtId: conversations.debtId, snap: conversations.snapshot }).from(conversations).where(eq(conversations.campaignId, id));
    const byVariant = [0, 1].map((v) => convs.filter((c) => (c.snap as any).context.variant === v));
    const firstBody = async (convId: string) => (await h.services.db.select({ body: messages.body }).from(messages).where(eq(messages.conversationId, convId)))[0]?.body ?? '';
    // Payers: 10 % of A, 25 % of B, each clicking then paying on one of the next seven days.
    const payers = [0, 1]
      .flatMap((v) => byVariant[v]!.slice(0, Math.round(byVariant[v]!.length * (v === 0 ? 0.1 : 0.25))))
      .map((c, i) => ({ c, day: i % 7 }))
      .sort((a, b) => a.day - b.day);
    const clock = h.clock as ManualClock;
    for (const { c, day } of payers) {
      clock.set(new Date(Date.parse('2026-11-20T12:00:00+09:00') + day * 86_400_000 + (day % 3) * 3_600_000));
      const token = /\/p\/([A-Za-z0-9]{22})/.exec(await firstBody(c.id))?.[1];
      if (token) await h.app.request(`/p/${token}`);
      const [d] = await h.services.db.select().from(debts).where(eq(debts.id, c.debtId));
      const r = await recordPayment(h.services, { debtExternalRef: d!.externalRef, amount: d!.amount, currency: d!.currency, paidAt: clock.now().toISOString(), reference: `PAY-${d!.externalRef}` }, { actor: 'test' });
      expect(r.status).toBe('recorded');
    }
    const n = payers.length;
    for (const c of byVariant[0]!.slice(-20)) {
      const [row] = await h.services.db.select({ phone: messages.phone }).from(messages).where(eq(messages.conversationId, c.id));
      await ingestInbound(h.services, { provider: 'simulator', providerMessageId: `sim-in-${c.id}`, from: row!.phone, to: 'saisoku', body: '12月5日に払います', channel: 'sms' });
    }
    expect(n).toBeGreaterThan(150);

    // A week of simulated time has passed: the session has expired, so sign in again.
    await signIn(b, 'checker@example.test', 'admin password 1');
    await page.goto(`${b.base}/ui/campaigns/${id}/results`);
    expect(Number(await page.locator('#funnel-chart [data-step="paid"]').evaluate((e) => parseFloat((e as HTMLElement).style.width)))).toBeGreaterThan(5);
    expect(await page.locator('#ab-verdict').textContent()).toMatch(/^Variant B pays \d+\.\d points more than A .*p [<=] 0\.\d+/);
    await page.locator('#daily-chart[data-rendered="true"] canvas').waitFor();
    expect(await page.locator('#daily-table tbody tr').count()).toBe(7);
    expect(await page.locator('#results-table tr[data-variant="total"]').textContent()).toContain('990');
    await screenshot(page, 'campaign-results');
  });
});
