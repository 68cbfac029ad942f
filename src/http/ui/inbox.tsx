import { formatAmount } from '../../conversation/templates';
import { Layout, type PageCtx } from './layout';

export interface QueueItem {
  id: string;
  reason: string | null;
  waitingSeconds: number | null;
  balance: number;
  currency: string;
  locale: string;
  heldBy: string | null;
  state: string;
}

function waiting(s: number | null): string {
  if (s === null) return '—';
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export function QueueTable(props: { ctx: PageCtx; items: QueueItem[] }) {
  const { t, actor, lang } = props.ctx;
  if (!props.items.length) return <p class="notice ok">{t.queueEmpty}</p>;
  return (
    <table class="queue">
      <caption class="muted" style="text-align:left">
        {t.queue} ({props.items.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">{t.reason}</th>
          <th scope="col">{t.waiting}</th>
          <th scope="col">{t.amount}</th>
          <th scope="col">{t.debtorLanguage}</th>
          <th scope="col">{t.heldBy}</th>
          <th scope="col">
            <span class="visually-hidden">{t.open}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((i) => (
          <tr data-conversation={i.id}>
            <td>
              <strong>{i.reason ?? '—'}</strong>
            </td>
            <td>{waiting(i.waitingSeconds)}</td>
            <td>{formatAmount(i.balance, i.currency, lang)}</td>
            <td lang={i.locale}>{i.locale === 'ja' ? '日本語' : 'English'}</td>
            <td>{i.heldBy ? (i.heldBy === actor?.id ? t.you : i.heldBy) : <span class="badge">{t.unclaimed}</span>}</td>
            <td>
              <a class="button" href={`/ui/conversations/${i.id}`} aria-label={`${t.open}: ${i.reason ?? ''} ${formatAmount(i.balance, i.currency, lang)}`}>
                {t.open}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const liveScript = (fragment: string, events: string, target: string) => `
(function () {
  const target = document.getElementById(${JSON.stringify(target)});
  async function refresh() {
    const r = await fetch(${JSON.stringify(fragment)}, { credentials: 'same-origin' });
    if (r.ok) { target.innerHTML = await r.text(); document.dispatchEvent(new CustomEvent('saisoku:refreshed')); }
  }
  window.saisokuRefresh = refresh;
  if (!window.EventSource) { setInterval(refresh, 3000); return; }
  const es = new EventSource(${JSON.stringify(events)});
  es.addEventListener('change', refresh);
})();
`;

export function InboxPage(props: { ctx: PageCtx; items: QueueItem[] }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t.navInbox} script={liveScript('/ui/inbox/fragment', '/ui/inbox/events', 'queue')}>
      <h1>{t.queue}</h1>
      <p class="muted">{t.live}</p>
      <div id="queue" aria-live="polite">
        <QueueTable ctx={props.ctx} items={props.items} />
      </div>
    </Layout>
  );
}

export type Thread = NonNullable<Awaited<ReturnType<typeof import('../../conversation/read').readConversation>>>;

export function ThreadView(props: { ctx: PageCtx; conv: Thread; heldBy: string | null }) {
  const { t, actor, lang } = props.ctx;
  const conv = props.conv;
  const mine = props.heldBy !== null && props.heldBy === actor?.id;
  return (
    <>
      <dl class="card row" style="gap:1.5rem">
        <div>
          <dt class="muted">{t.status}</dt>
          <dd id="conv-status">{conv.status}</dd>
        </div>
        <div>
          <dt class="muted">{t.state}</dt>
          <dd>{conv.state}</dd>
        </div>
        <div>
          <dt class="muted">{t.reason}</dt>
          <dd>{conv.escalation?.reason ?? '—'}</dd>
        </div>
        <div>
          <dt class="muted">{t.amount}</dt>
          <dd>{formatAmount(Math.max(0, conv.debt.amount - conv.debt.paidAmount), conv.debt.currency, lang)}</dd>
        </div>
        <div>
          <dt class="muted">{t.dueDate}</dt>
          <dd>{conv.debt.dueDate}</dd>
        </div>
        <div>
          <dt class="muted">{t.debtorLanguage}</dt>
          <dd>{conv.debtor.locale}</dd>
        </div>
        <div>
          <dt class="muted">{t.flow}</dt>
          <dd>
            {conv.flow.key} v{conv.flow.version}
          </dd>
        </div>
        <div>
          <dt class="muted">{t.heldBy}</dt>
          <dd id="held-by">{props.heldBy ? (mine ? t.you : props.heldBy) : t.unclaimed}</dd>
        </div>
      </dl>
      {mine ? (
        <p class="notice warn" id="hold-banner" role="status">
          {t.botPaused}
        </p>
      ) : props.heldBy ? (
        <p class="notice bad">{t.heldByOther}</p>
      ) : conv.status === 'escalated' ? (
        <p class="notice warn">{t.notClaimed}</p>
      ) : null}
      <section aria-labelledby="thread-h" class="card">
        <h2 id="thread-h">{t.thread}</h2>
        <ol class="thread" role="log" aria-live="polite" style="list-style:none;padding:0;margin:0">
          {conv.messages.map((m) => (
            <li class={`msg ${m.direction}${m.author?.startsWith('collector') ? ' human' : ''}`} data-direction={m.direction} data-status={m.status}>
              {m.body}
              <span class="meta">
                {new Date(m.createdAt).toISOString().replace('T', ' ').slice(0, 16)} UTC · {m.direction === 'outbound' ? `${m.author ?? 'bot'}${m.template ? ` · ${m.template}` : ''} · ${m.status}` : m.status}
              </span>
              {m.status === 'uncertain' ? (
                <span class="why" role="note">
                  ⚠ {t.uncertainSend}
                </span>
              ) : null}
              {m.direction === 'inbound' && m.intent ? (
                <span class="why">
                  {t.intent}: <strong>{m.intent}</strong> · {t.confidence}: {m.confidence !== null && m.confidence !== undefined ? `${Math.round(m.confidence * 100)}%` : '—'} · {t.by}: {m.tier ?? m.classifiedBy ?? '—'}{m.optOutSuspected ? ' · opt-out?' : ''}{m.secondaryIntents?.length ? ` (+${m.secondaryIntents.join(', ')})` : ''}
                  {m.explanation ? <> — {m.explanation}</> : null}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

const actionsScript = `
const $ = (s) => document.querySelector(s);
const id = document.body.querySelector('[data-conversation-id]').dataset.conversationId;
function say(text, bad) {
  const s = $('#action-status'); s.textContent = text; s.className = 'notice ' + (bad ? 'bad' : 'ok'); s.hidden = !text;
  if (bad) s.setAttribute('role', 'alert'); else s.setAttribute('role', 'status');
}
async function act(path, body, okText) {
  const r = await saisoku.api('POST', '/api/conversations/' + id + path, body);
  if (!r.ok) { say($('#action-status').dataset.refused + ': ' + saisoku.errorText(r), true); return null; }
  say(okText || '', false);
  if (window.saisokuRefresh) await window.saisokuRefresh();
  return r;
}
const claim = $('#claim'); if (claim) claim.onclick = async () => { if (await act('/claim', undefined, '')) location.reload(); };
const reply = $('#reply-form'); if (reply) reply.onsubmit = async (e) => {
  e.preventDefault();
  const body = $('#reply-body').value.trim(); if (!body) return;
  const r = await act('/reply', { body }, '✓');
  if (r) $('#reply-body').value = '';
};
const resolve = $('#resolve-form'); if (resolve) resolve.onsubmit = async (e) => { e.preventDefault(); if (await act('/resolve', { outcome: $('#outcome').value })) location.reload(); };
const hb = $('#handback-form'); if (hb) hb.onsubmit = async (e) => { e.preventDefault(); if (await act('/handback', { resumeAt: $('#resume').value })) location.reload(); };
async function draft(body) {
  const r = await saisoku.api('POST', '/api/conversations/' + id + '/drafts', body);
  if (!r.ok) { say($('#action-status').dataset.refused + ': ' + saisoku.errorText(r), true); return; }
  $('#reply-body').value = r.json.body; $('#reply-body').focus(); say('', false);
}
for (const b of document.querySelectorAll('[data-draft]')) b.onclick = () => draft(b.dataset.draft === 'promise' ? { kind: 'promise', date: $('#promise-date').value } : { kind: b.dataset.draft });
`;

export function ThreadPage(props: { ctx: PageCtx; conv: Thread; heldBy: string | null }) {
  const { t, actor } = props.ctx;
  const conv = props.conv;
  const mine = props.heldBy !== null && props.heldBy === actor?.id;
  const live = liveScript(`/ui/conversations/${conv.id}/fragment`, `/ui/conversations/${conv.id}/events`, 'thread');
  return (
    <Layout ctx={props.ctx} title={`${t.thread} ${conv.id.slice(0, 8)}`} script={live + actionsScript}>
      <h1 data-conversation-id={conv.id}>
        {t.thread} <span class="muted">{conv.debt.externalRef}</span>
      </h1>
      <p id="action-status" class="notice ok" hidden data-refused={t.refused}></p>
      <div class="grid2">
        <div id="thread">
          <ThreadView ctx={props.ctx} conv={conv} heldBy={props.heldBy} />
        </div>
        <aside aria-label={t.quickActions}>
          {conv.status === 'escalated' && !props.heldBy ? (
            <p>
              <button type="button" id="claim">
                {t.claim}
              </button>
            </p>
          ) : null}
          {mine ? (
            <>
              <form id="reply-form" class="card">
                <label for="reply-body">{t.replyLabel}</label>
                <textarea id="reply-body" name="body" rows={4} maxlength={670} style="width:100%" required></textarea>
                <p>
                  <button type="submit" id="send-reply">
                    {t.send}
                  </button>
                </p>
              </form>
              <section class="card" aria-labelledby="qa-h">
                <h2 id="qa-h">{t.quickActions}</h2>
                <p class="row">
                  <button type="button" class="secondary" data-draft="payment_link">
                    {t.sendLink}
                  </button>
                  <button type="button" class="secondary" data-draft="plan">
                    {t.offerPlan}
                  </button>
                </p>
                <div class="row">
                  <div>
                    <label for="promise-date">{t.promiseDate}</label>
                    <input id="promise-date" type="date" />
                  </div>
                  <button type="button" class="secondary" data-draft="promise">
                    {t.recordPromise}
                  </button>
                </div>
              </section>
              <form id="resolve-form" class="card">
                <label for="outcome">{t.outcome}</label>
                <div class="row">
                  <select id="outcome">
                    <option value="paid">paid</option>
                    <option value="settled_offline">settled_offline</option>
                    <option value="disputed">disputed</option>
                    <option value="wrong_number">wrong_number</option>
                    <option value="written_off">written_off</option>
                    <option value="other">other</option>
                  </select>
                  <button type="submit">{t.resolve}</button>
                </div>
              </form>
              <form id="handback-form" class="card">
                <label for="resume">{t.resumeAt}</label>
                <div class="row">
                  <select id="resume">
                    <option value="dunning">dunning</option>
                    <option value="promised">promised</option>
                    <option value="plan_offer">plan_offer</option>
                  </select>
                  <button type="submit">{t.handback}</button>
                </div>
              </form>
            </>
          ) : null}
        </aside>
      </div>
    </Layout>
  );
}

export function ForbiddenPage(props: { ctx: PageCtx; message: string }) {
  return (
    <Layout ctx={props.ctx} title="403">
      <h1>403</h1>
      <p class="notice bad">{props.ctx.t.forbidden}</p>
      <p class="muted">{props.message}</p>
    </Layout>
  );
}
