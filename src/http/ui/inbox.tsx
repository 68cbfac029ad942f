import { formatAmount } from '../../flow/templates';
import type { InboxFilter, InboxItem } from '../../dunning/inbox';
import type { Lang, T } from './i18n';
import { INTENT, label, LOCALE, MESSAGE_STATUS, OUTCOME, REASON, REFUSAL, RESUME, STATE, STATUS, TEMPLATE, TIER } from './labels';
import { Layout, type PageCtx } from './layout';
import { dateTime, localClock, maskPhone, relative } from './time';

/** Display names by user id, for message authors and holders. */
export type People = Record<string, string>;

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function holderName(heldBy: string | null, ctx: PageCtx, people: People, fallback?: string | null): string {
  if (!heldBy) return ctx.t.unclaimed;
  if (heldBy === ctx.actor?.id) return ctx.t.you;
  return fallback ?? people[heldBy.replace(/^(collector|user):/, '')] ?? ctx.t.anotherPerson;
}

function authorName(author: string | null | undefined, ctx: PageCtx, people: People): string {
  // The bot's own sends carry no person (null or a system name such as "bot").
  if (!author || !/^(collector|user):/.test(author)) return ctx.t.bot;
  const id = author.replace(/^(collector|user):/, '');
  if (id === ctx.actor?.id) return `${people[id] ?? ctx.actor?.name ?? ''} (${ctx.t.you})`;
  return people[id] ?? ctx.t.anotherPerson;
}

/** "reminder_pre_due#1" (variant B of an A/B template) → "期日前のご案内 B". */
function templateName(template: string, lang: Lang): string {
  const m = /^(.*)#(\d)$/.exec(template);
  return m ? `${label(TEMPLATE, m[1]!, lang)} ${String.fromCharCode(65 + Number(m[2]))}` : label(TEMPLATE, template, lang);
}

export function QueueTable(props: { ctx: PageCtx; items: InboxItem[]; people?: People }) {
  const { ctx } = props;
  const { t, lang } = ctx;
  if (!props.items.length) return <p class="notice ok">{t.queueEmpty}</p>;
  return (
    <table class="queue">
      <caption class="muted" style="text-align:left">
        {t.queue} ({props.items.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">{t.debtor}</th>
          <th scope="col">{t.lastMessage}</th>
          <th scope="col">{t.amount}</th>
          <th scope="col">{t.waiting}</th>
          <th scope="col">{t.reason}</th>
          <th scope="col">{t.heldBy}</th>
          <th scope="col">
            <span class="visually-hidden">{t.open}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((i) => (
          <tr data-conversation={i.id} tabindex={-1}>
            <td>
              <strong>{i.name}</strong>
              <br />
              <span class="muted" data-phone>
                {maskPhone(i.phone)}
              </span>{' '}
              <span class="muted">{i.ref}</span>
            </td>
            <td class="last" lang={i.locale}>
              {i.lastMessage ? (
                <>
                  <span class="muted">{i.lastMessage.direction === 'inbound' ? t.fromDebtor : t.toDebtor}</span> {short(i.lastMessage.body, 60)}
                </>
              ) : (
                '—'
              )}
            </td>
            <td>{formatAmount(i.balance, i.currency, lang)}</td>
            <td>
              {i.escalatedAt ? (
                <time datetime={i.escalatedAt.toISOString()} title={dateTime(i.escalatedAt, lang, ctx.tz)}>
                  {relative(i.escalatedAt, ctx.now, lang)}
                </time>
              ) : (
                '—'
              )}
            </td>
            <td>
              <strong data-reason={i.reason ?? ''}>{label(REASON, i.reason, lang)}</strong>
            </td>
            <td>{i.heldBy ? holderName(i.heldBy, ctx, props.people ?? {}, i.heldByName) : <span class="badge">{t.unclaimed}</span>}</td>
            <td>
              <a class="button" href={`/ui/conversations/${i.id}`} aria-label={`${t.open}: ${i.name} ${label(REASON, i.reason, lang)}`}>
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
    const r = await fetch(${JSON.stringify(fragment)} + location.search, { credentials: 'same-origin' });
    if (r.ok) { target.innerHTML = await r.text(); document.dispatchEvent(new CustomEvent('saisoku:refreshed')); }
  }
  window.saisokuRefresh = refresh;
  if (!window.EventSource) { setInterval(refresh, 3000); return; }
  const es = new EventSource(${JSON.stringify(events)});
  es.addEventListener('change', refresh);
})();
`;

/** Shortcuts only act when no text field has the focus (Ctrl+Enter excepted). */
const keysScript = `
window.saisokuKeys = function (map) {
  document.addEventListener('keydown', (e) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
    const key = (e.ctrlKey || e.metaKey ? 'Ctrl+' : '') + e.key;
    if (typing && key !== 'Ctrl+Enter' && key !== 'Escape') return;
    if (e.altKey) return;
    const f = map[key];
    if (f) { e.preventDefault(); f(e); }
  });
};
`;

const inboxKeys = `
(function () {
  const rows = () => [...document.querySelectorAll('tr[data-conversation]')];
  // The selection is kept by conversation id, so a live refresh of the table does not lose it.
  let selected = null;
  const paint = (focus) => { for (const r of rows()) { const on = r.dataset.conversation === selected; r.classList.toggle('selected', on); if (on && focus) r.focus(); } };
  const pick = (d) => { const r = rows(); if (!r.length) return; const at = r.findIndex((x) => x.dataset.conversation === selected); const next = r[Math.max(0, Math.min(r.length - 1, at < 0 ? 0 : at + d))]; selected = next.dataset.conversation; paint(true); };
  const open = () => { const r = rows().find((x) => x.dataset.conversation === selected) || rows()[0]; if (r) r.querySelector('a').click(); };
  document.addEventListener('saisoku:refreshed', () => paint(false));
  saisokuKeys({
    '/': () => document.getElementById('q').focus(),
    j: () => pick(1),
    k: () => pick(-1),
    Enter: open,
    o: open,
    '?': () => { const d = document.getElementById('shortcuts'); d.open = !d.open; },
  });
})();
`;

export type Done = { kind: 'handback' | 'resolved'; ref: string };

function Shortcuts(props: { t: T; keys: Array<[string, string]> }) {
  return (
    <details id="shortcuts" class="card">
      <summary>{props.t.shortcuts}</summary>
      <dl class="keys">
        {props.keys.map(([k, what]) => (
          <>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}

export function InboxPage(props: { ctx: PageCtx; items: InboxItem[]; people?: People; filter: InboxFilter; reasons: string[]; done?: Done | null }) {
  const { t, lang } = props.ctx;
  const done = props.done;
  const f = props.filter;
  return (
    <Layout ctx={props.ctx} title={t.navInbox} script={liveScript('/ui/inbox/fragment', '/ui/inbox/events', 'queue') + keysScript + inboxKeys}>
      <h1>{t.queue}</h1>
      {done ? (
        <p class="notice ok" id="done" role="status">
          {done.kind === 'handback' ? t.doneHandback : t.doneResolved} <span class="muted">{done.ref}</span>
        </p>
      ) : null}
      <form class="card row" method="get" action="/ui/inbox" role="search" id="filters">
        <div>
          <label for="q">{t.search}</label>
          <input id="q" name="q" type="search" value={f.q ?? ''} placeholder={t.searchHint} style="width:18rem" />
        </div>
        <div>
          <label for="reason">{t.reason}</label>
          <select id="reason" name="reason">
            <option value="">{t.allReasons}</option>
            {props.reasons.map((r) => (
              <option value={r} selected={f.reason === r}>
                {label(REASON, r, lang)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="held">{t.heldBy}</label>
          <select id="held" name="held">
            <option value="all" selected={f.held === 'all'}>
              {t.heldAll}
            </option>
            <option value="unclaimed" selected={f.held === 'unclaimed'}>
              {t.unclaimed}
            </option>
            <option value="mine" selected={f.held === 'mine'}>
              {t.heldMine}
            </option>
          </select>
        </div>
        <button type="submit">{t.filter}</button>
        <a href="/ui/inbox" class="muted">
          {t.clearFilters}
        </a>
      </form>
      <p class="muted">{t.live}</p>
      <div id="queue" aria-live="polite">
        <QueueTable ctx={props.ctx} items={props.items} people={props.people} />
      </div>
      <Shortcuts
        t={t}
        keys={[
          ['/', t.keySearch],
          ['j / k', t.keyNext],
          ['Enter / o', t.keyOpen],
          ['?', t.keyHelp],
        ]}
      />
    </Layout>
  );
}

export type Thread = NonNullable<Awaited<ReturnType<typeof import('../../conversation/read').readConversation>>>;
type Message = Thread['messages'][number];

/** The bot's reasoning in the page language: what it read, from which words, how sure, which tier. */
export function explain(m: Pick<Message, 'intent' | 'confidence' | 'tier' | 'classifiedBy' | 'explanation' | 'optOutSuspected' | 'secondaryIntents'>, lang: Lang, t: T): string {
  const intent = label(INTENT, m.intent, lang);
  const words = /\("([^"]{1,60})"\)/.exec(m.explanation ?? '')?.[1];
  const pct = m.confidence !== null && m.confidence !== undefined ? `${Math.round(m.confidence * 100)}%` : '—';
  const tier = label(TIER, m.tier ?? m.classifiedBy, lang);
  const more = m.secondaryIntents?.length ? (lang === 'ja' ? `（ほかに: ${m.secondaryIntents.map((i) => label(INTENT, i, lang)).join('、')}）` : ` (also: ${m.secondaryIntents.map((i) => label(INTENT, i, lang)).join(', ')})`) : '';
  const optOut = m.optOutSuspected ? ` · ${t.optOutSuspected}` : '';
  if (lang === 'ja') return `${words ? `「${words}」から` : ''}「${intent}」と判定${more}（${tier}、確信度 ${pct}）${optOut}`;
  return `Read as “${intent}”${words ? ` from “${words}”` : ''}${more} (${tier}, ${pct} sure)${optOut}`;
}

/** A labelled choice among `codes` and a submit button: resolving (outcome) and handing back (target). */
function ChoiceForm(props: { id: string; select: string; shortcut: string; label: string; choose: string; submit: string; codes: string[]; group: Parameters<typeof label>[0]; lang: Lang }) {
  return (
    <form id={props.id} class="card">
      <label for={props.select}>{props.label}</label>
      <div class="row">
        <select id={props.select} required aria-keyshortcuts={props.shortcut}>
          <option value="" selected disabled>
            {props.choose}
          </option>
          {props.codes.map((c) => (
            <option value={c}>{label(props.group, c, props.lang)}</option>
          ))}
        </select>
        <button type="submit">{props.submit}</button>
      </div>
    </form>
  );
}

/** `resumeTargets`: the handback targets of the conversation's flow (conversation/handback.ts). */
export function ThreadView(props: { ctx: PageCtx; conv: Thread; heldBy: string | null; people: People; name: string; resumeTargets: string[] }) {
  const { ctx } = props;
  const { t, actor, lang } = ctx;
  const conv = props.conv;
  const mine = props.heldBy !== null && props.heldBy === actor?.id;
  const debtorTz = conv.debtor.timezone;
  return (
    <>
      <dl class="card row" style="gap:1.5rem">
        <div>
          <dt class="muted">{t.debtor}</dt>
          <dd>{props.name}</dd>
        </div>
        <div>
          <dt class="muted">{t.status}</dt>
          <dd id="conv-status" data-status={conv.status}>
            {label(STATUS, conv.status, lang)}
          </dd>
        </div>
        <div>
          <dt class="muted">{t.state}</dt>
          <dd>{label(STATE, conv.state, lang)}</dd>
        </div>
        <div>
          <dt class="muted">{t.reason}</dt>
          <dd>{label(REASON, conv.escalation?.reason, lang)}</dd>
        </div>
        {conv.outcome ? (
          <div>
            <dt class="muted">{t.outcome}</dt>
            <dd>{label(OUTCOME, conv.outcome, lang)}</dd>
          </div>
        ) : null}
        <div>
          <dt class="muted">{t.amount}</dt>
          <dd>{formatAmount(Math.max(0, conv.debt.amount - conv.debt.paidAmount), conv.debt.currency, lang)}</dd>
        </div>
        <div>
          <dt class="muted">{t.dueDate}</dt>
          <dd>{new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${conv.debt.dueDate}T00:00:00Z`))}</dd>
        </div>
        <div>
          <dt class="muted">{t.debtorLanguage}</dt>
          <dd>{label(LOCALE, conv.debtor.locale, lang)}</dd>
        </div>
        <div>
          <dt class="muted">{t.debtorTime}</dt>
          <dd>{localClock(ctx.now, debtorTz)}</dd>
        </div>
        <div>
          <dt class="muted">{t.flow}</dt>
          <dd>
            {conv.flow.key} v{conv.flow.version}
          </dd>
        </div>
        <div>
          <dt class="muted">{t.heldBy}</dt>
          <dd id="held-by">{holderName(props.heldBy, ctx, props.people)}</dd>
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
                <time datetime={new Date(m.createdAt).toISOString()}>{dateTime(m.createdAt, lang, ctx.tz)}</time> <span class="debtor-time">({t.debtorShort}: {localClock(m.createdAt, debtorTz)})</span> ·{' '}
                {m.direction === 'outbound' ? (
                  <>
                    <span class="author">{authorName(m.author, ctx, props.people)}</span>
                    {m.template ? ` · ${templateName(m.template, lang)}` : ''} · {label(MESSAGE_STATUS, m.status, lang)}
                  </>
                ) : (
                  label(MESSAGE_STATUS, m.status, lang)
                )}
              </span>
              {m.status === 'uncertain' ? (
                <span class="why" role="note">
                  ⚠ {t.uncertainSend}
                </span>
              ) : null}
              {m.direction === 'inbound' && m.intent ? (
                <span class="why" data-intent={m.intent} data-tier={m.tier ?? m.classifiedBy ?? ''}>
                  {t.botRead}: {explain(m, lang, t)}
                  {m.explanation ? (
                    <details>
                      <summary>{t.technical}</summary>
                      <code lang="en">{m.explanation}</code>
                    </details>
                  ) : null}
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
const head = document.body.querySelector('[data-conversation-id]');
const id = head.dataset.conversationId;
const T = $('#action-status').dataset;
const reasons = JSON.parse(T.reasons);
function say(text, bad) {
  const s = $('#action-status'); s.textContent = text; s.className = 'notice ' + (bad ? 'bad' : 'ok'); s.hidden = !text;
  if (bad) s.setAttribute('role', 'alert'); else s.setAttribute('role', 'status');
}
function refusal(r) {
  const e = r.json && r.json.error;
  if (e && e.reason && reasons[e.reason]) return reasons[e.reason];
  return saisoku.errorText(r);
}
// A confirmation that survives the reload after a claim.
const flash = sessionStorage.getItem('saisoku:flash'); if (flash) { sessionStorage.removeItem('saisoku:flash'); say(flash, false); }
async function act(path, body, okText) {
  const r = await saisoku.api('POST', '/api/conversations/' + id + path, body);
  if (!r.ok) { say(T.refused + ': ' + refusal(r), true); return null; }
  say(okText || '', false);
  if (window.saisokuRefresh) await window.saisokuRefresh();
  return r;
}
const claim = $('#claim'); if (claim) claim.onclick = async () => { if (await act('/claim', undefined, T.claimed)) { sessionStorage.setItem('saisoku:flash', T.claimed); location.reload(); } };
const reply = $('#reply-form'); if (reply) reply.onsubmit = async (e) => {
  e.preventDefault();
  const body = $('#reply-body').value.trim(); if (!body) return;
  const r = await act('/reply', { body }, T.sent);
  if (r) $('#reply-body').value = '';
};
// After a handback or a resolve the thread leaves the queue: say what happened, back on the queue.
const back = (done) => { location.href = '/ui/inbox?done=' + done + '&ref=' + encodeURIComponent(head.dataset.ref); };
const resolve = $('#resolve-form'); if (resolve) resolve.onsubmit = async (e) => { e.preventDefault(); if (!$('#outcome').value) { say(T.chooseOutcome, true); $('#outcome').focus(); return; } if (await act('/resolve', { outcome: $('#outcome').value })) back('resolved'); };
const hb = $('#handback-form'); if (hb) hb.onsubmit = async (e) => { e.preventDefault(); if (!$('#resume').value) { say(T.chooseResume, true); $('#resume').focus(); return; } if (await act('/handback', { resumeAt: $('#resume').value })) back('handback'); };
async function draft(body) {
  const r = await saisoku.api('POST', '/api/conversations/' + id + '/drafts', body);
  if (!r.ok) { say(T.refused + ': ' + refusal(r), true); return; }
  $('#reply-body').value = r.json.body; $('#reply-body').focus(); say(T.drafted, false);
}
for (const b of document.querySelectorAll('[data-draft]')) b.onclick = () => draft(b.dataset.draft === 'promise' ? { kind: 'promise', date: $('#promise-date').value } : { kind: b.dataset.draft });
const click = (sel) => () => { const el = $(sel); if (el) el.click(); };
const focus = (sel) => () => { const el = $(sel); if (el) el.focus(); };
saisokuKeys({
  c: click('#claim'),
  r: focus('#reply-body'),
  'Ctrl+Enter': () => { if (reply) reply.requestSubmit(); },
  l: click('[data-draft="payment_link"]'),
  p: click('[data-draft="plan"]'),
  h: focus('#resume'),
  x: focus('#outcome'),
  i: () => { location.href = '/ui/inbox'; },
  Escape: () => { if (document.activeElement) document.activeElement.blur(); },
  '?': () => { const d = $('#shortcuts'); d.open = !d.open; },
});
`;

export function ThreadPage(props: { ctx: PageCtx; conv: Thread; heldBy: string | null; people: People; name: string; resumeTargets: string[] }) {
  const { t, actor, lang } = props.ctx;
  const conv = props.conv;
  const mine = props.heldBy !== null && props.heldBy === actor?.id;
  const live = liveScript(`/ui/conversations/${conv.id}/fragment`, `/ui/conversations/${conv.id}/events`, 'thread');
  const reasons = Object.fromEntries(Object.keys(REFUSAL).map((k) => [k, label(REFUSAL, k, lang)]));
  return (
    <Layout ctx={props.ctx} title={`${t.thread} ${conv.debt.externalRef}`} script={live + keysScript + actionsScript}>
      <p>
        <a href="/ui/inbox">← {t.backToQueue}</a>
      </p>
      <h1 data-conversation-id={conv.id} data-ref={conv.debt.externalRef}>
        {t.thread}: {props.name} <span class="muted">{conv.debt.externalRef}</span>
      </h1>
      {conv.status !== 'escalated' ? (
        <p class="notice warn" id="read-only" role="status">
          {t.readOnly}
        </p>
      ) : null}
      <p
        id="action-status"
        class="notice ok"
        hidden
        data-refused={t.refused}
        data-reasons={JSON.stringify(reasons)}
        data-claimed={t.confirmClaimed}
        data-sent={t.confirmSent}
        data-drafted={t.confirmDrafted}
        data-choose-outcome={t.chooseOutcome}
        data-choose-resume={t.chooseResume}
      ></p>
      <div class="grid2">
        <div id="thread">
          <ThreadView ctx={props.ctx} conv={conv} heldBy={props.heldBy} people={props.people} name={props.name} resumeTargets={props.resumeTargets} />
        </div>
        <aside aria-label={t.quickActions}>
          {conv.status === 'escalated' && !props.heldBy ? (
            <p>
              <button type="button" id="claim" aria-keyshortcuts="c">
                {t.claim}
              </button>
            </p>
          ) : null}
          {mine ? (
            <>
              <form id="reply-form" class="card">
                <label for="reply-body">{t.replyLabel}</label>
                <textarea id="reply-body" name="body" rows={4} maxlength={670} style="width:100%" required aria-keyshortcuts="r"></textarea>
                <p>
                  <button type="submit" id="send-reply" aria-keyshortcuts="Control+Enter">
                    {t.send}
                  </button>
                </p>
              </form>
              <section class="card" aria-labelledby="qa-h">
                <h2 id="qa-h">{t.quickActions}</h2>
                <p class="row">
                  <button type="button" class="secondary" data-draft="payment_link" aria-keyshortcuts="l">
                    {t.sendLink}
                  </button>
                  <button type="button" class="secondary" data-draft="plan" aria-keyshortcuts="p">
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
              <ChoiceForm id="resolve-form" select="outcome" shortcut="x" label={t.outcome} choose={t.choose} submit={t.resolve} codes={Object.keys(OUTCOME)} group={OUTCOME} lang={lang} />
              <ChoiceForm id="handback-form" select="resume" shortcut="h" label={t.resumeAt} choose={t.choose} submit={t.handback} codes={props.resumeTargets} group={RESUME} lang={lang} />
            </>
          ) : null}
          <Shortcuts
            t={t}
            keys={[
              ['c', t.claim],
              ['r', t.keyReply],
              ['Ctrl+Enter', t.send],
              ['l', t.sendLink],
              ['p', t.offerPlan],
              ['x', t.keyResolve],
              ['h', t.keyHandback],
              ['i', t.backToQueue],
              ['?', t.keyHelp],
            ]}
          />
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
      <p>
        <a href="/ui/inbox">← {props.ctx.t.backToQueue}</a>
      </p>
    </Layout>
  );
}
