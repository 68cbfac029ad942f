import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/shared/clock';
import { openBrowser, screenshot, signIn, type Browser } from '../support/browser';
import { debtPayload, startHarness, type Harness } from '../support/harness';

const V1 = '"【{brand}】{dueStatus}（{amount}）。';

describe('browser: an admin edits, lints, simulates and publishes a flow', () => {
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

  // Generous timeouts: chromium shares the machine with the parallel integration suite.
  it('fixes a lint error, simulates, publishes v2, and a v1 conversation carries on with v1', { timeout: 90_000 }, async () => {
    const phone = '+819055556666';
    // A conversation on v1: the pre-due reminder now, the due-day reminder armed as a timer.
    const created = await h.api('POST', '/api/debts', debtPayload({ ref: 'v1', phone: '090-5555-6666', dueDate: '2026-11-23' }));
    const convId = created.json.conversationId as string;
    await h.waitFor(async () => h.fake!.received.find((r) => r.to === phone));
    await h.api('POST', '/api/users', { email: 'mori@example.test', name: 'Mori', role: 'admin', password: 'admin password 1' });

    await signIn(b, 'mori@example.test', 'admin password 1');
    const { page } = b;
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.locator('#flow-standard-ja').getByRole('link', { name: 'Edit' }).click();
    // The YAML view is for advanced edits; the form view opens first.
    await page.getByRole('button', { name: 'YAML (advanced)' }).click();
    const source = page.locator('#source');
    const original = await source.inputValue();
    expect(original).toContain(V1);

    // 1. Drop the brand from the due-day reminder: the lint names the rule and the line.
    await source.fill(original.replace(V1, '"{dueStatus}・改訂版（{amount}）。'));
    await page.getByRole('button', { name: 'Validate' }).click();
    const error = page.locator('#issues li[data-severity="error"]').first();
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Due-day reminder: must start with \{brand\}/);
    const line = original.split('\n').findIndex((l) => l.includes(V1)) + 1;
    expect(await error.getByRole('button').textContent()).toBe(`line ${line}`);
    expect(await page.locator('#gutter .err').textContent()).toBe(`${line}\n`);
    await error.scrollIntoViewIfNeeded();
    await screenshot(page, 'flow-editor-lint', { fullPage: false });

    // 2. Fix it (brand back, new wording kept), validate clean, diff, simulate.
    await source.fill(original.replace(V1, '"【{brand}】{dueStatus}・改訂版（{amount}）。'));
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.locator('#issues li[data-severity="error"]').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /Diff/ }).click();
    await expect.poll(() => page.locator('#diffout .add').allTextContents()).toEqual([expect.stringContaining('改訂版')]);
    await page.getByLabel('Debtor script').fill('day 0: reminder\nday 3 10:00: 25日に払います\nday 6: wait');
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    const summary = page.locator('#sim-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/SMS segments: \d+/);
    expect(await page.locator('#simout table').textContent()).toContain('改訂版');
    await screenshot(page, 'flow-editor', { fullPage: false });

    // 3. Publish: version 2.
    await page.getByRole('button', { name: 'Publish new version' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/Published as version 2/);
    expect(await page.locator('#current-version').textContent()).toBe('v2');
    expect(await page.locator('#viewing-version').getAttribute('data-version')).toBe('2');
    const list = await h.api('GET', '/api/flows');
    expect(list.json.flows.find((f: any) => f.key === 'standard-ja').versions.map((v: any) => v.version)).toEqual([2, 1]);

    // 4. The running conversation stays on v1: its due-day reminder is v1's wording.
    (h.clock as ManualClock).set('2026-11-23T10:00:00+09:00');
    await h.workers!.sweepNow();
    const due = await h.waitFor(async () => h.fake!.received.find((r) => r.to === phone && r.body?.includes('本日11月23日')), 20_000);
    expect(due.body).not.toContain('改訂版');
    expect((await h.api('GET', `/api/conversations/${convId}`)).json.flow).toEqual({ key: 'standard-ja', version: 1 });
    // A debt loaded now starts on v2.
    const fresh = await h.api('POST', '/api/debts', debtPayload({ ref: 'v2', phone: '090-7777-8888', dueDate: '2026-11-23' }));
    expect((await h.api('GET', `/api/conversations/${fresh.json.conversationId}`)).json.flow).toEqual({ key: 'standard-ja', version: 2 });
  });
});
