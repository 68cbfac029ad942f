import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { conversations, debtors, messages } from '../../../db/schema';
import { ingestInbound } from '../../conversation/ingress';
import type { AppEnv } from '../app';
import { jsonBody } from '../validate';
import { pageCtx } from '../ui/context';
import { INTENT, label, MESSAGE_STATUS, STATUS } from '../ui/labels';
import { Layout } from '../ui/layout';
import type { Locale } from '../../classify/port';
import { Style } from '../ui/style';

const simulatorText = {
  en: { intro: "Each debtor's phone. Pick one, read what the bot sent, reply as the debtor.", phones: 'Debtor phones', reply: 'Reply as the debtor', send: 'Send', placeholder: '払いました / paid / STOP', received: 'received', sent: 'sent', chips: 'Suggested replies', card: 'RCS card' },
  ja: { intro: '債務者ごとの携帯電話です。選んで、ボットの送信内容を読み、債務者として返信できます。', phones: '債務者の電話', reply: '債務者として返信', send: '送信', placeholder: '払いました / paid / 停止', received: '受信', sent: '送信', chips: '返信の候補', card: 'RCS カード' },
} as const;

/** Labels the page script needs, in the page language. */
const labelsFor = (lang: Locale) => ({
  status: Object.fromEntries(Object.keys(STATUS).map((k) => [k, label(STATUS, k, lang)])),
  message: Object.fromEntries(Object.keys(MESSAGE_STATUS).map((k) => [k, label(MESSAGE_STATUS, k, lang)])),
  intent: Object.fromEntries(Object.keys(INTENT).map((k) => [k, label(INTENT, k, lang)])),
});

/** A typed reply, or a tapped chip: its label as the text and its postback, as the RBM webhook delivers it. */
const Reply = z.object({ phone: z.string().regex(/^\+\d{6,15}$/, 'E.164 phone'), body: z.string().min(1).max(1600), postback: z.string().min(1).max(2048).optional() });

const script = `
const $ = (s) => document.querySelector(s);
const L = JSON.parse(document.getElementById('sim-labels').textContent);
const lang = document.documentElement.lang;
let current = null;
async function load() {
  const r = await fetch('/simulator/threads');
  const threads = await r.json();
  const list = $('#phones');
  list.innerHTML = '';
  for (const t of threads) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t.phone + ' — ' + t.name + ' (' + (L.status[t.status] || t.status) + ')';
    b.setAttribute('aria-pressed', String(t.phone === current));
    b.onclick = () => { current = t.phone; render(threads); load(); };
    const li = document.createElement('li'); li.appendChild(b); list.appendChild(li);
  }
  if (!current && threads[0]) current = threads[0].phone;
  render(threads);
}
// An RCS card as the phone shows it: title, description, the pay action, the reply chips. Text only (textContent).
function card(c) {
  const f = document.createDocumentFragment();
  const title = document.createElement('strong'); title.className = 'card-title'; title.textContent = c.title; f.appendChild(title);
  const desc = document.createElement('p'); desc.className = 'card-desc'; desc.textContent = c.description; f.appendChild(desc);
  if (c.openUrl && (c.openUrl.url.startsWith('https://') || c.openUrl.url.startsWith('http://'))) {
    const a = document.createElement('a'); a.className = 'card-action'; a.href = c.openUrl.url; a.target = '_blank'; a.rel = 'noopener noreferrer'; a.textContent = c.openUrl.text; f.appendChild(a);
  }
  const chips = document.createElement('div'); chips.className = 'chips'; chips.setAttribute('role', 'group'); chips.setAttribute('aria-label', $('.simphone').dataset.chips);
  for (const r of c.replies) {
    const b = document.createElement('button'); b.type = 'button'; b.className = 'chip'; b.textContent = r.text;
    b.onclick = () => reply(r.text, r.postback);
    chips.appendChild(b);
  }
  f.appendChild(chips);
  return f;
}
async function reply(body, postback) {
  if (!current) return;
  const csrf = document.querySelector('meta[name=csrf-token]')?.getAttribute('content') ?? '';
  await fetch('/simulator/reply', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(postback ? { phone: current, body, postback } : { phone: current, body }) });
  setTimeout(load, 300);
}
function render(threads) {
  const t = threads.find((x) => x.phone === current);
  const box = $('#simthread');
  box.innerHTML = '';
  $('#who').textContent = t ? t.phone : '—';
  if (!t) return;
  for (const m of t.messages) {
    const d = document.createElement('div');
    d.className = 'msg ' + m.direction + (m.rich ? ' card' : '');
    if (m.rich) { d.setAttribute('aria-label', $('.simphone').dataset.card); d.appendChild(card(m.rich)); } else d.textContent = m.body;
    const meta = document.createElement('small');
    meta.textContent = new Date(m.createdAt).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB') + ' · ' + (L.message[m.status] || m.status) + (m.intent ? ' · ' + (L.intent[m.intent] || m.intent) : '');
    d.appendChild(meta);
    box.appendChild(d);
  }
  box.scrollTop = box.scrollHeight;
}
$('#send').onsubmit = async (e) => {
  e.preventDefault();
  if (!current) return;
  const body = $('#body').value.trim();
  if (!body) return;
  $('#body').value = '';
  await reply(body);
};
load();
setInterval(load, 2000);
`;

const css = `
.simphone{display:flex;gap:1rem;align-items:flex-start}
.simphone nav{min-width:16rem}.simphone nav ul{list-style:none;padding:0}.simphone nav button{width:100%;text-align:left;padding:.5rem;margin:.2rem 0;border:1px solid #bbb;background:#fff;color:#111;border-radius:6px;cursor:pointer}
.simphone nav button[aria-pressed=true]{border-color:#0a58ca;background:#e7f0ff}
.simphone .phone{flex:1;max-width:28rem;background:#fff;border-radius:12px;padding:1rem;box-shadow:0 1px 4px #0002}
#simthread{height:60vh;overflow:auto;display:flex;flex-direction:column;gap:.5rem}
.simphone .msg{padding:.5rem .75rem;border-radius:12px;max-width:85%;white-space:pre-wrap;word-break:break-word}
.simphone .outbound{background:#e9e9eb;align-self:flex-start}.simphone .inbound{background:#0a58ca;color:#fff;align-self:flex-end}
.simphone .msg small{display:block;font-size:.7rem;opacity:.75;margin-top:.25rem}
.simphone .msg.card{background:#fff;border:1px solid #ccc}.simphone .card>*{margin:0 0 .4rem}
.simphone .card-title{display:block}.simphone .card-action{display:block;color:#0a58ca;font-weight:600;text-decoration:none}
.simphone .chips{display:flex;flex-wrap:wrap;gap:.35rem}.simphone .chip{border:1px solid #0a58ca;color:#0a58ca;background:#fff;border-radius:999px;padding:.25rem .7rem;cursor:pointer}
#send{display:flex;gap:.5rem;margin-top:.75rem}#send input{flex:1}
@media (max-width:640px){.simphone{flex-direction:column}}
`;

/** The embedded default's web phone: see what the bot sent each debtor, reply as the debtor. */
export function simulatorRoutes() {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const ctx = pageCtx(c);
      const t = simulatorText[ctx.lang];
      return c.html(
        <Layout ctx={ctx} title={ctx.t.navSimulator} script={script}>
          <Style css={css} />
          <script type="application/json" id="sim-labels" dangerouslySetInnerHTML={{ __html: JSON.stringify(labelsFor(ctx.lang)).replace(/</g, '\\u003c') }} />
          <h1>{ctx.t.navSimulator}</h1>
          <p class="muted">{t.intro}</p>
          <div class="simphone" data-lang={ctx.lang} data-received={t.received} data-sent={t.sent} data-chips={t.chips} data-card={t.card}>
            <nav aria-label={t.phones}>
              <h2>{t.phones}</h2>
              <ul id="phones"></ul>
            </nav>
            <section class="phone" aria-labelledby="who">
              <h2 id="who">—</h2>
              <div id="simthread" role="log" aria-live="polite"></div>
              <form id="send">
                <label for="body" class="visually-hidden">
                  {t.reply}
                </label>
                <input id="body" name="body" autocomplete="off" placeholder={t.placeholder} />
                <button class="send" type="submit">
                  {t.send}
                </button>
              </form>
            </section>
          </div>
        </Layout>,
      );
    })
    .get('/threads', async (c) => {
      const { db } = c.get('services');
      const convs = await db
        .select({ id: conversations.id, status: conversations.status, phone: debtors.phone, name: debtors.name })
        .from(conversations)
        .innerJoin(debtors, eq(debtors.id, conversations.debtorId))
        .orderBy(desc(conversations.updatedAt))
        .limit(50);
      const byPhone = new Map<string, { phone: string; name: string; status: string; ids: string[] }>();
      for (const cv of convs) {
        const t = byPhone.get(cv.phone) ?? { phone: cv.phone, name: cv.name, status: cv.status, ids: [] };
        t.ids.push(cv.id);
        byPhone.set(cv.phone, t);
      }
      const phones = [...byPhone.keys()];
      const msgs = phones.length
        ? await db
            .select({ phone: messages.phone, direction: messages.direction, channel: messages.channel, body: messages.body, rich: messages.rich, status: messages.status, intent: messages.intent, createdAt: messages.createdAt })
            .from(messages)
            .where(and(inArray(messages.phone, phones), inArray(messages.status, ['sent', 'delivered', 'received', 'sending'])))
            .orderBy(asc(messages.seq))
        : [];
      return c.json(
        [...byPhone.values()].map((t) => ({ phone: t.phone, name: t.name, status: t.status, messages: msgs.filter((m) => m.phone === t.phone) })),
      );
    })
    .post('/reply', async (c) => {
      const s = c.get('services');
      const input = await jsonBody(c, Reply);
      const r = await ingestInbound(s, {
        provider: 'simulator',
        providerMessageId: `sim-in-${crypto.randomUUID()}`,
        from: input.phone,
        to: 'saisoku',
        body: input.body,
        // A tapped chip arrives as RBM delivers one: channel rcs with the postback (→ its intent at confidence 1.0).
        ...(input.postback ? { channel: 'rcs' as const, postback: input.postback } : { channel: 'sms' as const }),
      });
      return c.json(r, 202);
    });
}
