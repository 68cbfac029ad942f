import type { Child } from 'hono/jsx';
import type { Actor } from '../../auth/actor';
import { campaignText } from './campaigns-i18n';
import { deadLetterText } from './dead-letters-i18n';
import type { Lang, T } from './i18n';
import { label, ROLE } from './labels';
import { Style, FONT_STACK } from './style';

export interface PageCtx {
  lang: Lang;
  t: T;
  actor: Actor | null;
  csrfToken: string | null;
  path: string;
  simulator: boolean;
  /** The collector's timezone (from the browser, via a cookie) and the app clock's now. */
  tz: string;
  now: Date;
}

const css = `
:root{--fg:#14171a;--muted:#4a5560;--bg:#f5f6f8;--card:#fff;--line:#c9ced6;--accent:#0b57d0;--accent-fg:#fff;--bad:#a4161a;--bad-bg:#fdecea;--warn:#7a4d00;--warn-bg:#fff4d6;--ok:#1e6b32;--ok-bg:#e6f4ea}
*{box-sizing:border-box}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
body{margin:0;font:16px/1.5 ${FONT_STACK};color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding:.6rem 1rem;background:#1b2430;color:#fff}
header.top a{color:#fff;text-decoration:none;padding:.3rem .5rem;border-radius:6px}
header.top a[aria-current=page]{background:#ffffff26;text-decoration:underline}
header.top a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid #ffb300;outline-offset:2px}
header.top .brand{font-weight:700;font-size:1.1rem}
header.top .badge{color:#14171a;background:#e8ecf2}
header.top nav ul{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0;padding:0}
header.top .who{margin-left:auto;display:flex;gap:.75rem;align-items:center;font-size:.9rem}
header.top form{display:inline}
header.top button{background:transparent;color:#fff;border:1px solid #ffffff80;border-radius:6px;padding:.25rem .6rem;cursor:pointer}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem;margin-bottom:1rem}
table{width:100%;border-collapse:collapse;background:var(--card)}th,td{text-align:left;padding:.5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted)}
button,.button{font:inherit;background:var(--accent);color:var(--accent-fg);border:0;border-radius:6px;padding:.45rem .9rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#e8ecf2;color:var(--fg);border:1px solid var(--line)}
button[disabled]{opacity:.55;cursor:not-allowed}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
input,select,textarea{font:inherit;padding:.45rem;border:1px solid #7b8491;border-radius:6px;background:#fff;color:var(--fg);max-width:100%}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
.notice{padding:.6rem .8rem;border-radius:8px;margin:.5rem 0}
.notice.bad{background:var(--bad-bg);color:var(--bad);border:1px solid #e5a3a5}
.notice.warn{background:var(--warn-bg);color:var(--warn);border:1px solid #e9c46a}
.notice.ok{background:var(--ok-bg);color:var(--ok);border:1px solid #98cfa8}
.muted{color:var(--muted);font-size:.9rem}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.8rem;background:#e8ecf2;border:1px solid var(--line)}
.thread{display:flex;flex-direction:column;gap:.6rem}
.msg{max-width:38rem;padding:.55rem .8rem;border-radius:12px;white-space:pre-wrap;word-break:break-word}
.msg.outbound{align-self:flex-start;background:#e9edf3}
.msg.inbound{align-self:flex-end;background:#dbe8ff;border:1px solid #a9c4f5}
.msg.human{background:#eaf6ec;border:1px solid #98cfa8}
.msg .meta{display:block;font-size:.78rem;color:var(--muted);margin-top:.3rem;white-space:normal}
.why{display:block;font-size:.82rem;margin-top:.35rem;padding:.3rem .45rem;background:#fff;border-radius:6px;border:1px dashed #9aa5b4;white-space:normal}
.grid2{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem}
.editor{display:flex;height:34rem;border:1px solid #7b8491;border-radius:6px;background:#fff;overflow:hidden}
.gutter{padding:.45rem .4rem;text-align:right;color:#6b7480;background:#f0f2f5;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;user-select:none;white-space:pre;overflow:hidden;min-width:3.2em}
.gutter .err{background:var(--bad);color:#fff}.gutter .wrn{background:#e9c46a}
.editor textarea{border:0;border-radius:0;flex:1;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;padding:.45rem;resize:none;white-space:pre;overflow:auto;height:100%;tab-size:2}
.issues li{margin:.2rem 0}.issues button{background:none;color:var(--accent);padding:0;text-decoration:underline}
pre.diff{font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem;overflow:auto;max-height:24rem}
.diff .add{background:#e6f4ea;color:#14532d;display:block}.diff .del{background:#fdecea;color:#7f1d1d;display:block}
.sim td{font-size:.9rem}
tr.selected{outline:3px solid #ffb300;outline-offset:-3px}
dl.keys{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:.5rem 0 0}dl.keys dd{margin:0}
kbd{font:13px ui-monospace,Menlo,Consolas,monospace;background:#fff;border:1px solid #9aa5b4;border-bottom-width:2px;border-radius:4px;padding:0 .35rem}
.why details{margin-top:.2rem}.why summary{cursor:pointer;color:var(--muted);font-size:.78rem}
td.last{max-width:22rem}
fieldset.tpl{border:1px solid var(--line);border-radius:8px;margin:0 0 .75rem;padding:.5rem .75rem}fieldset.tpl legend{font-weight:700;padding:0 .3rem}
.preview{font-size:.85rem;margin:.3rem 0 .6rem;padding:.4rem .5rem;background:#f7f9fc;border:1px dashed #9aa5b4;border-radius:6px}.preview .rendered{white-space:pre-wrap;word-break:break-word}
button[aria-pressed=true]{background:var(--accent);color:var(--accent-fg)}
#schedule-table input{max-width:7rem}
@media (max-width:800px){.grid2{grid-template-columns:1fr}header.top .who{margin-left:0}main{padding:.6rem}table.queue thead{display:none}table.queue tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}table.queue td{display:block;border:0;padding:.15rem .5rem}}
`;

/** Fetch helper every page shares: JSON to the API with the session's CSRF token in a header. */
const baseScript = `
(function () {
  // The server words times in the collector's zone: tell it the browser's.
  try {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && !document.cookie.split('; ').includes('saisoku_tz=' + encodeURIComponent(tz))) document.cookie = 'saisoku_tz=' + encodeURIComponent(tz) + '; path=/; max-age=31536000; samesite=lax';
  } catch {}
})();
window.saisoku = {
  csrf: document.querySelector('meta[name="csrf-token"]')?.content || '',
  async api(method, path, body) {
    const r = await fetch(path, { method, credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json = null; try { json = text ? JSON.parse(text) : null; } catch {}
    return { ok: r.ok, status: r.status, json };
  },
  errorText(res) {
    const e = res.json && res.json.error;
    if (!e) return 'HTTP ' + res.status;
    return (e.reason ? e.reason + ': ' : '') + e.message;
  },
};
`;

function NavLink(props: { href: string; path: string; children: Child }) {
  const current = props.path === props.href || props.path.startsWith(`${props.href}/`);
  return (
    <li>
      <a href={props.href} aria-current={current ? 'page' : undefined}>
        {props.children}
      </a>
    </li>
  );
}

export function Layout(props: { ctx: PageCtx; title: string; children: Child; script?: string }) {
  const { ctx } = props;
  const { t } = ctx;
  const other = ctx.lang === 'ja' ? 'en' : 'ja';
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {ctx.csrfToken ? <meta name="csrf-token" content={ctx.csrfToken} /> : null}
        <title>{`${props.title} — saisoku`}</title>
        <Style css={css} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header class="top">
          <span class="brand">{t.appName}</span>
          {ctx.actor ? (
            <nav aria-label="Main">
              <ul>
                <NavLink href="/ui/inbox" path={ctx.path}>
                  {t.navInbox}
                </NavLink>
                {ctx.actor.role === 'admin' ? (
                  <NavLink href="/ui/flows" path={ctx.path}>
                    {t.navFlows}
                  </NavLink>
                ) : null}
                {ctx.actor.role === 'admin' ? (
                  <NavLink href="/ui/campaigns" path={ctx.path}>
                    {campaignText[ctx.lang].nav}
                  </NavLink>
                ) : null}
                {ctx.actor.role === 'admin' ? (
                  <NavLink href="/ui/dead-letters" path={ctx.path}>
                    {deadLetterText[ctx.lang].nav}
                  </NavLink>
                ) : null}
                {ctx.simulator ? (
                  <NavLink href="/simulator" path={ctx.path}>
                    {t.navSimulator}
                  </NavLink>
                ) : null}
                <NavLink href="/api/openapi.json" path={ctx.path}>
                  {t.navApi}
                </NavLink>
              </ul>
            </nav>
          ) : null}
          <div class="who">
            <a href={`?lang=${other}`} lang={other} aria-label={`${t.language}: ${other === 'ja' ? '日本語' : 'English'}`}>
              {other === 'ja' ? '日本語' : 'English'}
            </a>
            {ctx.actor ? (
              <>
                <span>
                  {t.signedInAs} <strong>{ctx.actor.name}</strong> <span class="badge">{label(ROLE, ctx.actor.role, ctx.lang)}</span>
                </span>
                {ctx.actor.via === 'session' ? (
                  <form method="post" action="/logout">
                    <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
                    <button type="submit">{t.signOut}</button>
                  </form>
                ) : null}
              </>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <script dangerouslySetInnerHTML={{ __html: baseScript }} />
        {props.script ? <script dangerouslySetInnerHTML={{ __html: props.script }} /> : null}
      </body>
    </html>
  );
}
