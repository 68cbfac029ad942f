import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { checkoutView, demoPay, openLink, type LinkMiss } from '../../dunning/checkout';
import { newToken } from '../../ledger/payment-links';
import type { AppEnv } from '../app';
import { Style, FONT_STACK } from '../ui/style';

const css = `
body{font-family:${FONT_STACK};margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f4f5f7;color:#111}
main{background:#fff;border-radius:12px;padding:1.5rem 2rem;box-shadow:0 1px 4px #0002;max-width:24rem;width:100%}
h1{font-size:1.2rem;margin:0 0 1rem}.amount{font-size:2rem;font-weight:600;margin:.25rem 0 1.25rem}
button{font-size:1.1rem;padding:.75rem 1.5rem;border:0;border-radius:8px;background:#0a58ca;color:#fff;cursor:pointer;width:100%}
.note{font-size:.8rem;color:#555;margin-top:1rem}
`;

const text = {
  ja: { title: 'お支払い', due: 'ご請求額', pay: '支払う', paid: 'お支払いを確認しました。ありがとうございました。', demo: 'デモ決済（シミュレーター）です。実際の請求は発生しません。', unavailable: 'お支払い方法は別途ご案内します。' },
  en: { title: 'Payment', due: 'Amount due', pay: 'Pay', paid: 'Your payment has been received. Thank you.', demo: 'Demo checkout (simulator): no real charge is made.', unavailable: 'We will tell you how to pay separately.' },
} as const;

function Page(props: { lang: string; title: string; children: Child }) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <Style css={css} />
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** One page for unknown and expired links alike: it names no debt, amount or person. */
function miss(c: Context<AppEnv>, m: LinkMiss) {
  return c.html(
    <Page lang="ja" title="リンクが無効です / Link not valid">
      <h1>このリンクは無効か、有効期限が切れています。</h1>
      <p>This link is not valid or has expired.</p>
    </Page>,
    m.status === 'expired' ? 410 : 404,
  );
}

const DemoForm = z.object({ ref: z.string().regex(/^[A-Za-z0-9]{16,64}$/) });

/** Public payment links `/p/:token` and the embedded default's demo checkout. No auth. */
export function payRoutes() {
  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      await next();
      // The token is the credential: keep it out of caches, referrers and search indexes.
      c.header('cache-control', 'no-store');
      c.header('referrer-policy', 'no-referrer');
      c.header('x-robots-tag', 'noindex');
    })
    .get('/:token', async (c) => {
      const r = await openLink(c.get('services'), c.req.param('token'));
      if (r.status !== 'redirect') return miss(c, r);
      return c.redirect(r.location, 302);
    })
    .get('/:token/checkout', async (c) => {
      const s = c.get('services');
      const v = await checkoutView(s, c.req.param('token'));
      if (v.status !== 'live') return miss(c, v);
      const t = text[v.locale];
      const demo = s.provider.name === 'simulator';
      return c.html(
        <Page lang={v.locale} title={`${v.brand} — ${t.title}`}>
          <h1>{v.brand}</h1>
          {v.settled ? (
            <p role="status">{t.paid}</p>
          ) : (
            <>
              <div>{t.due}</div>
              <div class="amount">{v.amountDue}</div>
              {demo ? (
                <form method="post">
                  <input type="hidden" name="ref" value={newToken(24)} />
                  <button type="submit">{t.pay}</button>
                  <p class="note">{t.demo}</p>
                </form>
              ) : (
                <p class="note">{t.unavailable}</p>
              )}
            </>
          )}
        </Page>,
      );
    })
    .post('/:token/checkout', async (c) => {
      const s = c.get('services');
      // Only the embedded default (simulator) may pay without a real provider.
      if (s.provider.name !== 'simulator') return c.notFound();
      const form = DemoForm.safeParse(await c.req.parseBody());
      if (!form.success) return c.text('bad request', 400);
      const token = c.req.param('token');
      const r = await demoPay(s, token, form.data.ref);
      if (r.status === 'unknown' || r.status === 'expired') return miss(c, r);
      return c.redirect(`/p/${token}/checkout`, 303);
    });
}
