import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, signIn, type Browser } from '../support/browser';
import { startHarness, type Harness } from '../support/harness';

/** The faces Chromium really drew a node's text with (not the CSS it was asked for). */
async function facesOf(b: Browser, selector: string): Promise<string[]> {
  const cdp = await b.context.newCDPSession(b.page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.map((f) => f.familyName);
}

// On a plain Linux Chromium `system-ui` resolved to a serif face, so the English UI read like a
// printed letter while the Japanese one was sans-serif. Both must draw with sans-serif faces.
describe('browser: the UI draws its text in a sans-serif face in English and Japanese', () => {
  let h: Harness;
  const open: Browser[] = [];
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
    expect((await h.api('POST', '/api/users', { email: 'fonts@example.test', name: 'Fonts', role: 'admin', password: 'admin password 1' })).status).toBe(201);
  });
  afterAll(async () => {
    for (const b of open) await b.close();
    await h?.close();
  });

  it('the pages\' stylesheets arrive unescaped (no &quot; or &gt; inside <style>)', async () => {
    for (const path of ['/login', '/p/not-a-token']) {
      const html = await (await h.app.fetch(new Request(`http://localhost${path}`))).text();
      const sheets = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(sheets.length, path).toBeGreaterThan(0);
      for (const css of sheets) expect(css, path).not.toMatch(/&(quot|gt|lt|amp|#39);/);
      expect(sheets.join(''), path).toContain('"Noto Sans JP"');
    }
  });

  for (const [locale, heading] of [
    ['en-US', 'Escalated conversations'],
    ['ja-JP', '担当者対応待ちの会話'],
  ] as const)
    it(`${locale}: the inbox heading and a button`, { timeout: 120_000 }, async () => {
      const b = await openBrowser(h, { locale });
      open.push(b);
      await signIn(b, 'fonts@example.test', 'admin password 1');
      await b.page.getByRole('heading', { name: heading }).waitFor();
      for (const selector of ['h1', 'button[type=submit], button']) {
        const faces = await facesOf(b, selector);
        expect(faces.length, selector).toBeGreaterThan(0);
        expect(faces.filter((face) => /serif/i.test(face) && !/sans/i.test(face)), `${locale} ${selector}: ${faces.join(', ')}`).toEqual([]);
      }
    });
});
