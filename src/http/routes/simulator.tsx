import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { conversations, debtors, messages } from '../../../db/schema';
import { ingestInbound } from '../../conversation/ingress';
import type { AppEnv } from '../app';
import { jsonBody } from '../validate';

const Reply = z.object({ phone: z.string().regex(/^\+\d{6,15}$/, 'E.164 phone'), body: z.string().min(1).max(1600) });

const script = `
const $ = (s) => document.querySelector(s);
let current = null;
async function load() {
  const r = await fetch('/simulator/threads');
  const threads = await r.json();
  const list = $('#phones');
  list.innerHTML = '';
  for (const t of threads) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t.phone + ' — ' + t.name + ' (' + t.status + ')';
    b.setAttribute('aria-pressed', String(t.phone === current));
    b.onclick = () => { current = t.phone; render(threads); load(); };
    const li = document.createElement('li'); li.appendChild(b); list.appendChild(li);
  }
  if (!current && threads[0]) current = threads[0].phone;
  render(threads);
}
function render(threads) {
  const t = threads.find((x) => x.phone === current);
  const box = $('#thread');
  box.innerHTML = '';
  $('#who').textContent = t ? t.phone : '—';
  if (!t) return;
  for (const m of t.messages) {
    const d = document.createElement('div');
    d.className = 'msg ' + m.direction;
    d.textContent = m.body;
    const meta = document.createElement('small');
    meta.textContent = new Date(m.createdAt).toLocaleString() + ' · ' + m.status + (m.intent ? ' · ' + m.intent : '');
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
  const csrf = document.querySelector('meta[name=csrf-token]')?.getAttribute('content') ?? '';
  await fetch('/simulator/reply', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ phone: current, body }) });
  $('#body').value = '';
  setTimeout(load, 300);
};
load();
setInterval(load, 2000);
`;

const css = `
body{font-family:system-ui,sans-serif;margin:0;display:flex;gap:1rem;padding:1rem;background:#f4f5f7;color:#111}
nav{min-width:16rem}nav ul{list-style:none;padding:0}nav button{width:100%;text-align:left;padding:.5rem;margin:.2rem 0;border:1px solid #bbb;background:#fff;border-radius:6px;cursor:pointer}
nav button[aria-pressed=true]{border-color:#0a58ca;background:#e7f0ff}
main{flex:1;max-width:28rem;background:#fff;border-radius:12px;padding:1rem;box-shadow:0 1px 4px #0002}
#thread{height:60vh;overflow:auto;display:flex;flex-direction:column;gap:.5rem}
.msg{padding:.5rem .75rem;border-radius:12px;max-width:85%;white-space:pre-wrap;word-break:break-word}
.outbound{background:#e9e9eb;align-self:flex-start}.inbound{background:#0a58ca;color:#fff;align-self:flex-end}
.msg small{display:block;font-size:.7rem;opacity:.75;margin-top:.25rem}
form{display:flex;gap:.5rem;margin-top:.75rem}input{flex:1;padding:.6rem;border:1px solid #888;border-radius:6px}button.send{padding:.6rem 1rem}
@media (max-width:640px){body{flex-direction:column}}
`;

/** The embedded default's web phone: see what the bot sent each debtor, reply as the debtor. */
export function simulatorRoutes() {
  return new Hono<AppEnv>()
    .get('/', (c) =>
      c.html(
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>saisoku — debtor simulator</title>
            <meta name="csrf-token" content={c.get('session')?.csrfToken ?? ''} />
            <style>{css}</style>
          </head>
          <body>
            <nav aria-label="Debtor phones">
              <h1>Simulator</h1>
              <p>Each debtor's phone. Pick one, read what the bot sent, reply as the debtor.</p>
              <ul id="phones"></ul>
            </nav>
            <main>
              <h2 id="who">—</h2>
              <div id="thread" role="log" aria-live="polite"></div>
              <form id="send">
                <label for="body" class="visually-hidden">Reply</label>
                <input id="body" name="body" autocomplete="off" placeholder="払いました / paid / STOP" />
                <button class="send" type="submit">Send</button>
              </form>
            </main>
            <script dangerouslySetInnerHTML={{ __html: script }} />
          </body>
        </html>,
      ),
    )
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
            .select({ phone: messages.phone, direction: messages.direction, body: messages.body, status: messages.status, intent: messages.intent, createdAt: messages.createdAt })
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
        channel: 'sms',
      });
      return c.json(r, 202);
    });
}
