import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Harness } from './harness';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface Browser {
  base: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Serves the harness's app on 127.0.0.1:0 and opens Debian's chromium with a fresh profile. */
export async function openBrowser(h: Harness, o: { locale?: string; timezoneId?: string; viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'saisoku-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    // Native date and time inputs follow the browser's UI language, not navigator.language.
    args: [...ARGS, `--lang=${o.locale ?? 'en-US'}`],
    headless: true,
    locale: o.locale ?? 'en-US',
    ...(o.timezoneId ? { timezoneId: o.timezoneId } : {}),
    viewport: o.viewport ?? { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    // localhost is a secure context, so the Secure session cookie sticks over plain http.
    base: `http://localhost:${port}`,
    context,
    page,
    async close() {
      await context.close();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function signIn(b: Browser, email: string, password: string) {
  await b.page.goto(`${b.base}/login`);
  await b.page.getByLabel(/Email|メールアドレス/).fill(email);
  await b.page.getByLabel(/^Password$|パスワード/).fill(password);
  await b.page.getByRole('button', { name: /Sign in|ログイン/ }).click();
  await b.page.waitForURL(/\/ui\//);
}

/** Screenshots for the README, only when asked: UPDATE_SCREENSHOTS=1 npx vitest run test/browser */
export async function screenshot(page: Page, name: string, o: { fullPage?: boolean } = {}) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: new URL(`../../docs/screenshots/${name}.png`, import.meta.url).pathname, fullPage: o.fullPage ?? true });
}
