import type { Campaign, CampaignProgress } from '../../campaigns/service';
import type { CampaignPreview } from '../../campaigns/preview';
import type { CampaignResults, ResultRow } from '../../campaigns/results';
import { campaignText, type CampaignText } from './campaigns-i18n';
import { Layout, type PageCtx } from './layout';
import { Style } from './style';

const style = `
[hidden]{display:none !important}
.bar{height:1.4rem;background:#e8ecf2;border:1px solid var(--line);border-radius:999px;overflow:hidden;display:flex}
.bar span{display:block;height:100%;transition:width .4s}
.bar .delivered{background:#1e6b32}.bar .sent{background:#4c8c5a}.bar .failed{background:#a4161a}.bar .refused{background:#7a4d00}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.4rem 0;font-size:.9rem}
.legend b{font-variant-numeric:tabular-nums}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.5rem .7rem}
.kpi .v{font-size:1.35rem;font-weight:700;font-variant-numeric:tabular-nums}
.funnel{display:grid;grid-template-columns:8rem 1fr 7rem;gap:.35rem .6rem;align-items:center}
.funnel .f{height:1.3rem;background:#0b57d0;border-radius:4px;min-width:2px}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{font-size:1.1rem;font-weight:600}
`;

const fmtPct = (r: number) => `${(r * 100).toFixed(1)} %`;
const fmtNum = (n: number, lang: string) => new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US').format(n);
const when = (d: Date | string | null) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');
/** JSON for an inline <script type="application/json">: "<" cannot close the element. */
const inlineJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

function StatusBadge(props: { status: string }) {
  return (
    <span class="badge" data-status={props.status}>
      {props.status}
    </span>
  );
}

export function CampaignListPage(props: { ctx: PageCtx; items: Campaign[]; flows: string[] }) {
  const c = campaignText[props.ctx.lang];
  const script = `
document.getElementById('upload').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target, out = document.getElementById('upload-status');
  const file = f.csv.files[0];
  if (!file) return;
  out.className = 'notice warn'; out.textContent = ${JSON.stringify(c.uploading)};
  const start = new Date(f.startAt.value);
  const q = new URLSearchParams({ name: f.name.value, flow: f.flow.value, startAt: start.toISOString() });
  const r = await fetch('/api/campaigns?' + q, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'text/csv', 'x-csrf-token': window.saisoku.csrf }, body: await file.text() });
  const j = await r.json().catch(() => null);
  if (!r.ok) { out.className = 'notice bad'; out.textContent = (j && j.error && j.error.message) || ('HTTP ' + r.status); return; }
  location.href = '/ui/campaigns/' + j.campaign.id;
});
const s = document.getElementById('startAt');
if (!s.value) { const d = new Date(${props.ctx.now.getTime()} + 5 * 60000); d.setSeconds(0, 0); s.value = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); }
`;
  return (
    <Layout ctx={props.ctx} title={c.title} script={script}>
      <Style css={style} />
      <h1>{c.title}</h1>
      <section class="card" aria-labelledby="new-campaign">
        <h2 id="new-campaign">{c.newCampaign}</h2>
        <form id="upload">
          <div class="row">
            <div>
              <label for="name">{c.name}</label>
              <input id="name" name="name" required maxlength={200} />
            </div>
            <div>
              <label for="flow">{c.flow}</label>
              <select id="flow" name="flow">
                {props.flows.map((f) => (
                  <option value={f}>{f}</option>
                ))}
              </select>
            </div>
            <div>
              <label for="startAt">{c.startAt}</label>
              <input id="startAt" name="startAt" type="datetime-local" required />
            </div>
          </div>
          <label for="csv">{c.csvFile}</label>
          <input id="csv" name="csv" type="file" accept=".csv,text/csv" required aria-describedby="csv-help" />
          <p id="csv-help" class="muted">
            {c.csvHelp}
          </p>
          <button type="submit">{c.upload}</button>
          <div id="upload-status" role="status" aria-live="polite" />
        </form>
      </section>
      {props.items.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.name}</th>
              <th scope="col">{c.status}</th>
              <th scope="col">{c.flow}</th>
              <th scope="col">{c.startAt}</th>
              <th scope="col">{c.createdBy}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((i) => (
              <tr data-campaign={i.id}>
                <td>
                  <a href={`/ui/campaigns/${i.id}`}>{i.name}</a>
                </td>
                <td>
                  <StatusBadge status={i.status} />
                </td>
                <td>
                  {i.flowKey} v{i.flowVersion}
                </td>
                <td>{when(i.startAt)}</td>
                <td>{i.createdBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{c.none}</p>
      )}
    </Layout>
  );
}

function CountTable(props: { c: CampaignText; caption: string; counts: Record<string, number>; id: string }) {
  const entries = Object.entries(props.counts);
  if (!entries.length) return null;
  return (
    <table id={props.id}>
      <caption style="text-align:left;font-weight:600">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.c.reason}</th>
          <th scope="col" class="n">
            {props.c.count}
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([k, v]) => (
          <tr>
            <td>{k}</td>
            <td class="n">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PreviewView(props: { ctx: PageCtx; p: CampaignPreview }) {
  const c = campaignText[props.ctx.lang];
  const { p } = props;
  const lang = props.ctx.lang;
  const held = Object.values(p.firstSend.hold).reduce((a, b) => a + b, 0);
  const refused = Object.values(p.firstSend.refuse).reduce((a, b) => a + b, 0);
  const suppressed = Object.values(p.suppressed).reduce((a, b) => a + b, 0);
  return (
    <section class="card" aria-labelledby="preview" id="preview-card">
      <h2 id="preview">{c.preview}</h2>
      <div class="kpis">
        {(
          [
            ['valid', c.valid, p.valid],
            ['invalid', c.invalid, p.invalid],
            ['already', c.alreadyLoaded, p.alreadyLoaded],
            ['suppressed', c.suppressed, suppressed],
            ['send', c.willSend, p.firstSend.send],
            ['held', c.held, held],
            ['refused', c.refused, refused],
          ] as const
        ).map(([k, label, v]) => (
          <div class="kpi" data-kpi={k}>
            <div class="muted">{label}</div>
            <div class="v">{fmtNum(v, lang)}</div>
          </div>
        ))}
      </div>
      <h3>{c.firstSend}</h3>
      <div class="grid2">
        <CountTable c={c} caption={c.held} counts={p.firstSend.hold} id="holds" />
        <CountTable c={c} caption={c.refused} counts={p.firstSend.refuse} id="refusals" />
      </div>
      <h3>{c.cost}</h3>
      <table id="cost">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{c.route}</th>
            <th scope="col" class="n">
              {c.messages}
            </th>
            <th scope="col" class="n">
              {c.segments}
            </th>
            <th scope="col" class="n">
              {c.perSegment}
            </th>
            <th scope="col" class="n">
              {c.total}
            </th>
          </tr>
        </thead>
        <tbody>
          {(
            [
              [c.firstWave, p.cost.first],
              [c.wholeSchedule, p.cost.schedule],
            ] as const
          ).map(([label, l]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{l.route}</td>
              <td class="n">{fmtNum(l.messages, lang)}</td>
              <td class="n">{fmtNum(l.segments, lang)}</td>
              <td class="n">
                {l.perSegment} {l.currency}
              </td>
              <td class="n">{new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { style: 'currency', currency: l.currency }).format(l.cost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">{c.costNote}</p>
      {p.invalidRows.length ? (
        <details>
          <summary>
            {c.invalidList} ({p.invalid})
          </summary>
          <table id="invalid-rows">
            <thead>
              <tr>
                <th scope="col">{c.row}</th>
                <th scope="col">{c.field}</th>
                <th scope="col">{c.problem}</th>
              </tr>
            </thead>
            <tbody>
              {p.invalidRows.flatMap((r) =>
                // Every problem of the row, one line each (a preview stored before rows had `issues`: its first).
                (r.issues ?? [r]).map((i) => (
                  <tr>
                    <td>{r.row}</td>
                    <td>{i.field}</td>
                    <td>{i.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}

export function CampaignPage(props: { ctx: PageCtx; campaign: Campaign; progress: CampaignProgress; audit: Array<{ actor: string; type: string; at: Date }>; isMaker: boolean }) {
  const c = campaignText[props.ctx.lang];
  const { campaign: k, progress } = props;
  const can = (s: string[]) => s.includes(k.status);
  const script = `
const id = ${JSON.stringify(k.id)};
let lastStatus = ${JSON.stringify(k.status)};
async function act(action) {
  if (action === 'cancel' && !confirm(${JSON.stringify(c.cancelConfirm)})) return;
  const r = await window.saisoku.api('POST', '/api/campaigns/' + id + '/' + action, {});
  const out = document.getElementById('action-status');
  if (!r.ok) { out.className = 'notice bad'; out.textContent = window.saisoku.errorText(r); return; }
  showStatus(r.json.campaign.status);
}
/** Status changes are shown in place (no reload): the buttons that no longer apply go away. */
const ALLOWED = { approve: ['pending_approval'], reject: ['pending_approval'], pause: ['scheduled', 'running'], resume: ['paused'], cancel: ['pending_approval', 'scheduled', 'running', 'paused'] };
function showStatus(status) {
  lastStatus = status;
  const badge = document.querySelector('h1 .badge');
  badge.textContent = status; badge.dataset.status = status;
  document.querySelectorAll('[data-action]').forEach((b) => { b.hidden = !ALLOWED[b.dataset.action].includes(status); });
}
document.querySelectorAll('[data-action]').forEach((b) => b.addEventListener('click', () => act(b.dataset.action)));
const keys = ['delivered', 'sent', 'failed', 'refused'];
async function poll() {
  const r = await fetch('/api/campaigns/' + id + '/progress', { credentials: 'same-origin' });
  if (r.ok) {
    const p = await r.json();
    const m = p.messages;
    const total = m.queued + m.held + m.sent + m.delivered + m.failed + m.refused + p.rows.waiting;
    for (const k of keys) document.querySelector('.bar .' + k).style.width = (total ? (100 * m[k]) / total : 0) + '%';
    const bar = document.getElementById('bar');
    bar.setAttribute('aria-valuenow', String(Math.round(p.done * 100)));
    bar.dataset.done = String(p.done);
    for (const k of ['queued', 'held', 'sent', 'delivered', 'failed', 'refused']) document.getElementById('n-' + k).textContent = m[k];
    document.getElementById('n-waiting').textContent = p.rows.waiting;
    document.getElementById('pct').textContent = Math.round(p.done * 100) + ' %';
    if (p.status !== lastStatus) showStatus(p.status);
  }
  setTimeout(poll, 1000);
}
poll();
`;
  const m = progress.messages;
  const total = m.queued + m.held + m.sent + m.delivered + m.failed + m.refused + progress.rows.waiting;
  const w = (n: number) => `width:${total ? (100 * n) / total : 0}%`;
  return (
    <Layout ctx={props.ctx} title={k.name} script={script}>
      <Style css={style} />
      <p>
        <a href="/ui/campaigns">← {c.title}</a>
      </p>
      <h1>
        {k.name} <StatusBadge status={k.status} />
      </h1>
      <p class="muted">
        {c.flow}: {k.flowKey} v{k.flowVersion} · {c.start}: {when(k.startAt)} · {c.createdBy}: {k.createdBy}
        {k.decidedBy ? ` · ${c.decidedBy}: ${k.decidedBy}` : ''}
      </p>
      <div class="row" role="group" aria-label="Actions">
        {!props.isMaker ? (
          <>
            <button data-action="approve" hidden={!can(['pending_approval'])}>
              {c.approve}
            </button>
            <button class="secondary" data-action="reject" hidden={!can(['pending_approval'])}>
              {c.reject}
            </button>
          </>
        ) : null}
        <button class="secondary" data-action="pause" hidden={!can(['scheduled', 'running'])}>
          {c.pause}
        </button>
        <button data-action="resume" hidden={!can(['paused'])}>
          {c.resume}
        </button>
        <button class="secondary" data-action="cancel" hidden={!can(['pending_approval', 'scheduled', 'running', 'paused'])}>
          {c.cancel}
        </button>
        <a class="button secondary" href={`/ui/campaigns/${k.id}/results`} style="background:#e8ecf2;color:var(--fg)">
          {c.results}
        </a>
      </div>
      {can(['pending_approval']) && props.isMaker ? <p class="notice warn">{c.makerCannotApprove}</p> : null}
      <div id="action-status" role="status" aria-live="polite" />
      <section class="card" aria-labelledby="progress">
        <h2 id="progress">
          {c.progress} <span id="pct">{Math.round(progress.done * 100)} %</span>
        </h2>
        <div id="bar" class="bar" role="progressbar" aria-labelledby="progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress.done * 100)} data-done={String(progress.done)}>
          <span class="delivered" style={w(m.delivered)} />
          <span class="sent" style={w(m.sent)} />
          <span class="failed" style={w(m.failed)} />
          <span class="refused" style={w(m.refused)} />
        </div>
        <div class="legend">
          <span>
            {c.queued}: <b id="n-queued">{m.queued}</b> (+<b id="n-waiting">{progress.rows.waiting}</b> {c.rows})
          </span>
          <span>
            {c.held}: <b id="n-held">{m.held}</b>
          </span>
          <span>
            {c.sent}: <b id="n-sent">{m.sent}</b>
          </span>
          <span>
            {c.delivered}: <b id="n-delivered">{m.delivered}</b>
          </span>
          <span>
            {c.failed}: <b id="n-failed">{m.failed}</b>
          </span>
          <span>
            {c.refused}: <b id="n-refused">{m.refused}</b>
          </span>
        </div>
      </section>
      <PreviewView ctx={props.ctx} p={k.preview as unknown as CampaignPreview} />
      <section class="card" aria-labelledby="audit">
        <h2 id="audit">{c.audit}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{c.when}</th>
              <th scope="col">{c.who}</th>
              <th scope="col">{c.what}</th>
            </tr>
          </thead>
          <tbody>
            {props.audit.map((a) => (
              <tr>
                <td>{when(a.at)}</td>
                <td>{a.actor}</td>
                <td>{a.type}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}

function ResultsTable(props: { c: CampaignText; rows: ResultRow[]; lang: string }) {
  const { c } = props;
  const cols: Array<[string, (r: ResultRow) => string]> = [
    [c.debts, (r) => fmtNum(r.debts, props.lang)],
    [c.delivered, (r) => fmtNum(r.delivered, props.lang)],
    [c.clicked, (r) => fmtNum(r.clicked, props.lang)],
    [c.ctr, (r) => fmtPct(r.ctr)],
    [c.replied, (r) => fmtNum(r.replied, props.lang)],
    [c.promised, (r) => fmtNum(r.promised, props.lang)],
    [c.paid, (r) => fmtNum(r.paid, props.lang)],
    [c.cvr, (r) => fmtPct(r.cvr)],
    [c.recovered, (r) => fmtNum(r.recovered, props.lang)],
    [c.optOut, (r) => fmtPct(r.optOutRate)],
    [c.escalation, (r) => fmtPct(r.escalationRate)],
    [c.medianToPay, (r) => (r.medianHoursToPay === null ? '—' : String(r.medianHoursToPay))],
  ];
  return (
    <div style="overflow-x:auto">
      <table id="results-table">
        <thead>
          <tr>
            <th scope="col">
              {c.flowVersion} / {c.variant}
            </th>
            {cols.map(([h]) => (
              <th scope="col" class="n">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr data-variant={r.variant === null ? 'total' : String(r.variant)}>
              <th scope="row">{r.variant === null ? c.total : `${r.flowKey} v${r.flowVersion} · ${String.fromCharCode(65 + r.variant)}`}</th>
              {cols.map(([, f]) => (
                <td class="n">{f(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CampaignResultsPage(props: { ctx: PageCtx; campaign: Campaign; results: CampaignResults }) {
  const c = campaignText[props.ctx.lang];
  const lang = props.ctx.lang;
  const { results: r, campaign: k } = props;
  const t = r.total;
  const steps: Array<[string, string, number]> = [
    ['debts', c.debts, t.debts],
    ['delivered', c.delivered, t.delivered],
    ['clicked', c.clicked, t.clicked],
    ['replied', c.replied, t.replied],
    ['promised', c.promised, t.promised],
    ['paid', c.paid, t.paid],
  ];
  const top = Math.max(1, t.debts);
  const script = `
const data = JSON.parse(document.getElementById('daily-data').textContent);
const el = document.getElementById('daily-chart');
if (window.uPlot && data.length) {
  const xs = data.map((d) => Date.parse(d.day + 'T00:00:00Z') / 1000);
  const opts = { width: Math.min(el.clientWidth || 800, 1000), height: 260, scales: { x: { time: true } },
    series: [{}, { label: ${JSON.stringify(c.sent)}, stroke: '#4c8c5a', width: 2 }, { label: ${JSON.stringify(c.clicked)}, stroke: '#0b57d0', width: 2 }, { label: ${JSON.stringify(c.replied)}, stroke: '#7a4d00', width: 2 }, { label: ${JSON.stringify(c.paid)}, stroke: '#a4161a', width: 2 }] };
  el.textContent = '';
  new uPlot(opts, [xs, data.map((d) => d.sent), data.map((d) => d.clicked), data.map((d) => d.replied), data.map((d) => d.paid)], el);
  el.dataset.rendered = 'true';
}
`;
  return (
    <Layout ctx={props.ctx} title={`${c.results}: ${k.name}`} script={script}>
      <Style css={style} />
      <link rel="stylesheet" href="/ui/assets/uplot.css" />
      <script src="/ui/assets/uplot.js" />
      <p>
        <a href={`/ui/campaigns/${k.id}`}>← {k.name}</a>
      </p>
      <h1>
        {c.results}: {k.name}
      </h1>
      <p>
        <a class="button" href={`/api/campaigns/${k.id}/results.csv`} download>
          {c.exportCsv}
        </a>
      </p>
      <section class="card" aria-labelledby="funnel">
        <h2 id="funnel">{c.funnel}</h2>
        <div class="funnel" id="funnel-chart">
          {steps.map(([key, label, n]) => (
            <>
              <span>{label}</span>
              <div class="f" data-step={key} style={`width:${(100 * n) / top}%`} role="img" aria-label={`${label}: ${n}`} />
              <span class="n">
                {fmtNum(n, lang)} ({fmtPct(n / top)})
              </span>
            </>
          ))}
        </div>
        <p class="muted">
          {c.recovered}: <b>{fmtNum(t.recovered, lang)}</b> · {c.ctr}: {fmtPct(t.ctr)} · {c.cvr}: {fmtPct(t.cvr)} · {c.optOut}: {fmtPct(t.optOutRate)} · {c.escalation}: {fmtPct(t.escalationRate)} · {c.medianToPay}: {t.medianHoursToPay ?? '—'}
        </p>
      </section>
      <section class="card" aria-labelledby="ab">
        <h2 id="ab">{c.abTest}</h2>
        {r.ab ? (
          <>
            <p class="verdict" id="ab-verdict">
              {r.ab.verdict}
            </p>
            <p class="muted">
              A: {r.ab.a.x}/{r.ab.a.n} ({fmtPct(r.ab.a.rate)}) · B: {r.ab.b.x}/{r.ab.b.n} ({fmtPct(r.ab.b.rate)}) · z = {r.ab.z === null ? '—' : r.ab.z.toFixed(2)} · {r.ab.measure} · two-proportion z-test
            </p>
          </>
        ) : (
          <p class="muted">{c.noData}</p>
        )}
      </section>
      <section class="card" aria-labelledby="daily">
        <h2 id="daily">{c.daily}</h2>
        <div id="daily-chart">
          <p class="muted">{c.chartFallback}</p>
        </div>
        <script type="application/json" id="daily-data" dangerouslySetInnerHTML={{ __html: inlineJson(r.daily) }} />
        <table id="daily-table">
          <thead>
            <tr>
              <th scope="col">{c.when}</th>
              <th scope="col" class="n">
                {c.sent}
              </th>
              <th scope="col" class="n">
                {c.delivered}
              </th>
              <th scope="col" class="n">
                {c.clicked}
              </th>
              <th scope="col" class="n">
                {c.replied}
              </th>
              <th scope="col" class="n">
                {c.paid}
              </th>
              <th scope="col" class="n">
                {c.recovered}
              </th>
            </tr>
          </thead>
          <tbody>
            {r.daily.map((d) => (
              <tr>
                <td>{d.day}</td>
                <td class="n">{d.sent}</td>
                <td class="n">{d.delivered}</td>
                <td class="n">{d.clicked}</td>
                <td class="n">{d.replied}</td>
                <td class="n">{d.paid}</td>
                <td class="n">{fmtNum(d.recovered, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="by-variant">
        <h2 id="by-variant">
          {c.flowVersion} / {c.variant}
        </h2>
        <ResultsTable c={c} rows={[...r.rows, r.total]} lang={lang} />
      </section>
    </Layout>
  );
}
