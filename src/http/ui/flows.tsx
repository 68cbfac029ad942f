import { Layout, type PageCtx } from './layout';

type VersionRow = { version: number; status: string; createdBy: string; createdAt: Date; publishedAt: Date | null };

export function FlowListPage(props: { ctx: PageCtx; flows: Array<{ key: string; versions: VersionRow[] }> }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t.flows}>
      <h1>{t.flows}</h1>
      {props.flows.map((f) => (
        <section class="card" aria-labelledby={`flow-${f.key}`}>
          <h2 id={`flow-${f.key}`}>
            {f.key}{' '}
            <a class="button" href={`/ui/flows/${encodeURIComponent(f.key)}`}>
              {t.edit}
            </a>
          </h2>
          <table>
            <caption class="muted" style="text-align:left">
              {t.versions}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.version}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.createdBy}</th>
                <th scope="col">{t.published}</th>
              </tr>
            </thead>
            <tbody>
              {f.versions.map((v) => (
                <tr>
                  <td>
                    <a href={`/ui/flows/${encodeURIComponent(f.key)}?version=${v.version}`}>v{v.version}</a>
                  </td>
                  <td>{v.status}</td>
                  <td>{v.createdBy}</td>
                  <td>{v.publishedAt ? new Date(v.publishedAt).toISOString().replace('T', ' ').slice(0, 16) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}

const editorScript = `
const $ = (s) => document.querySelector(s);
const src = $('#source'), gutter = $('#gutter');
let marks = {};
function paintGutter() {
  const n = src.value.split('\\n').length;
  gutter.textContent = '';
  for (let i = 1; i <= n; i++) {
    const s = document.createElement('span');
    s.textContent = i + '\\n';
    if (marks[i]) s.className = marks[i];
    gutter.appendChild(s);
  }
  gutter.scrollTop = src.scrollTop;
}
src.addEventListener('input', paintGutter);
src.addEventListener('scroll', () => { gutter.scrollTop = src.scrollTop; });
function goToLine(line) {
  const lines = src.value.split('\\n');
  let pos = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
  src.focus();
  src.setSelectionRange(pos, pos + (lines[line - 1] || '').length);
  src.scrollTop = Math.max(0, (line - 5) * 18.85);
}
function showIssues(issues) {
  const box = $('#issues');
  box.textContent = '';
  marks = {};
  const T = box.dataset;
  if (!issues.length) {
    const p = document.createElement('p'); p.className = 'notice ok'; p.textContent = T.none; box.appendChild(p);
  } else {
    const ul = document.createElement('ul'); ul.className = 'issues';
    const sorted = issues.slice().sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    for (const i of sorted) {
      const li = document.createElement('li');
      li.className = 'notice ' + (i.severity === 'error' ? 'bad' : 'warn');
      li.dataset.severity = i.severity;
      const sev = document.createElement('strong'); sev.textContent = (i.severity === 'error' ? T.error : T.warning) + ' ';
      li.appendChild(sev);
      if (i.line) {
        marks[i.line] = i.severity === 'error' ? 'err' : (marks[i.line] || 'wrn');
        const b = document.createElement('button'); b.type = 'button'; b.textContent = T.line + ' ' + i.line;
        b.onclick = () => goToLine(i.line);
        li.appendChild(b); li.appendChild(document.createTextNode(' '));
      }
      const msg = document.createElement('span'); msg.textContent = (i.path ? i.path + ': ' : '') + i.message;
      li.appendChild(msg);
      ul.appendChild(li);
    }
    box.appendChild(ul);
  }
  paintGutter();
}
function status(text, kind) {
  const s = $('#status'); s.textContent = text; s.className = 'notice ' + (kind || 'ok'); s.hidden = !text;
}
async function validate() {
  const r = await saisoku.api('POST', '/api/flows/validate', { source: src.value });
  if (!r.ok) { status(saisoku.errorText(r), 'bad'); return null; }
  showIssues(r.json.issues);
  return r.json;
}
$('#validate').onclick = async () => { status(''); await validate(); };
$('#diff').onclick = async () => {
  const r = await saisoku.api('POST', '/api/flows/diff', { source: src.value });
  const pre = $('#diffout'); pre.textContent = ''; pre.hidden = false;
  if (!r.ok) { pre.textContent = saisoku.errorText(r); return; }
  if (!r.json.changed) { pre.textContent = pre.dataset.none; return; }
  const head = document.createElement('span'); head.textContent = '--- v' + (r.json.against ? r.json.against.version : '0') + '\\n+++ edit\\n'; pre.appendChild(head);
  for (const l of r.json.hunks) {
    const s = document.createElement('span');
    if (!l) { s.textContent = '…\\n'; }
    else { s.className = l.op === 'add' ? 'add' : l.op === 'del' ? 'del' : ''; s.textContent = (l.op === 'add' ? '+ ' : l.op === 'del' ? '- ' : '  ') + l.text + '\\n'; }
    pre.appendChild(s);
  }
};
$('#publish').onclick = async () => {
  status('');
  const v = await validate();
  if (!v || !v.ok) { status($('#publish').dataset.blocked, 'bad'); return; }
  const r = await saisoku.api('POST', '/api/flows', { source: src.value });
  if (!r.ok) { status(saisoku.errorText(r), 'bad'); if (r.json && r.json.error.details) showIssues(r.json.error.details.issues || []); return; }
  status($('#publish').dataset.done + ' ' + r.json.version + '. ' + $('#publish').dataset.running, 'ok');
  $('#current-version').textContent = 'v' + r.json.version;
};
$('#simulate').onclick = async () => {
  const body = { source: src.value, script: $('#script').value };
  if ($('#sim-start').value) body.start = new Date($('#sim-start').value).toISOString();
  if ($('#sim-due').value) body.dueDate = $('#sim-due').value;
  if ($('#sim-amount').value) body.amount = Number($('#sim-amount').value);
  const r = await saisoku.api('POST', '/api/flows/simulate', body);
  const out = $('#simout'); out.textContent = '';
  if (!r.ok) {
    const p = document.createElement('p'); p.className = 'notice bad'; p.setAttribute('role', 'alert'); p.textContent = saisoku.errorText(r); out.appendChild(p);
    if (r.json && r.json.error.details && r.json.error.details.issues) showIssues(r.json.error.details.issues);
    return;
  }
  const res = r.json;
  const sum = document.createElement('p');
  sum.id = 'sim-summary';
  sum.textContent = out.dataset.segments + ': ' + res.totalSegments + ' (' + res.outboundCount + ' SMS) · ' + res.finalState + ' · ' + res.status + (res.escalationReason ? ' (' + res.escalationReason + ')' : '');
  out.appendChild(sum);
  const table = document.createElement('table'); table.className = 'sim';
  const cap = document.createElement('caption'); cap.className = 'muted'; cap.style.textAlign = 'left'; cap.textContent = out.dataset.transcript; table.appendChild(cap);
  for (const e of res.transcript) {
    const tr = document.createElement('tr');
    const a = document.createElement('td'); a.textContent = e.local; tr.appendChild(a);
    const d = document.createElement('td'); d.textContent = e.direction === 'inbound' ? '← debtor' : e.direction === 'outbound' ? '→ ' + (e.template || '') : '• event'; tr.appendChild(d);
    const b = document.createElement('td');
    const body = document.createElement('div'); body.style.whiteSpace = 'pre-wrap'; body.textContent = e.body; b.appendChild(body);
    const meta = document.createElement('div'); meta.className = 'muted';
    meta.textContent = e.direction === 'inbound' ? (e.intent + ' ' + Math.round(e.confidence * 100) + '% ' + e.classifiedBy + ' — ' + e.explanation) : e.direction === 'outbound' ? (e.segments + ' seg ' + e.encoding + ' · ' + e.gate.action + (e.gate.action !== 'send' ? ' (' + e.gate.reason + (e.note ? ', ' + e.note : e.gate.until ? ' → ' + e.gate.until : '') + ')' : '') + ' · ' + e.state) : e.state;
    b.appendChild(meta); tr.appendChild(b);
    table.appendChild(tr);
  }
  out.appendChild(table);
  if (res.timers.length) {
    const h = document.createElement('h3'); h.textContent = out.dataset.timers; out.appendChild(h);
    const ul = document.createElement('ul');
    for (const t of res.timers) { const li = document.createElement('li'); li.textContent = t.name + ' → ' + t.dueAt; ul.appendChild(li); }
    out.appendChild(ul);
  }
};
paintGutter();
`;

export function FlowEditorPage(props: { ctx: PageCtx; flowKey: string; version: number; latest: number; source: string; script: string }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={`${t.editor}: ${props.flowKey}`} script={editorScript}>
      <h1>
        {t.editor}: {props.flowKey} <span class="badge" id="current-version">v{props.latest}</span>
      </h1>
      <p class="muted">
        {t.version} v{props.version} · {t.runningStay}
      </p>
      <p id="status" class="notice ok" role="status" aria-live="polite" hidden></p>
      <div class="grid2">
        <section aria-labelledby="src-h">
          <h2 id="src-h">
            <label for="source" style="display:inline;margin:0">
              {t.source}
            </label>
          </h2>
          <div class="editor">
            <div id="gutter" class="gutter" aria-hidden="true"></div>
            <textarea id="source" name="source" spellcheck={false} rows={30} aria-describedby="issues">
              {props.source}
            </textarea>
          </div>
          <p class="row">
            <button type="button" id="validate">
              {t.validate}
            </button>
            <button type="button" id="diff" class="secondary">
              {t.diff}
            </button>
            <button type="button" id="publish" data-done={t.publishedAs} data-running={t.runningStay} data-blocked={t.errorsBlock}>
              {t.publish}
            </button>
          </p>
          <h2>{t.issues}</h2>
          <div id="issues" aria-live="polite" data-none={t.noIssues} data-line={t.line} data-error={t.error} data-warning={t.warning}></div>
          <pre id="diffout" class="diff" hidden data-none={t.noDiff} aria-live="polite"></pre>
        </section>
        <section aria-labelledby="sim-h">
          <h2 id="sim-h">{t.simulate}</h2>
          <label for="script">{t.script}</label>
          <p class="muted" id="script-help">
            {t.scriptHelp}
          </p>
          <textarea id="script" rows={6} style="width:100%;font-family:ui-monospace,monospace" aria-describedby="script-help">
            {props.script}
          </textarea>
          <div class="row">
            <div>
              <label for="sim-start">{t.start}</label>
              <input id="sim-start" type="datetime-local" />
            </div>
            <div>
              <label for="sim-due">{t.dueDate}</label>
              <input id="sim-due" type="date" />
            </div>
            <div>
              <label for="sim-amount">{t.amount}</label>
              <input id="sim-amount" type="number" min="1" style="width:7rem" />
            </div>
          </div>
          <p>
            <button type="button" id="simulate">
              {t.simulate}
            </button>
          </p>
          <div id="simout" aria-live="polite" data-segments={t.segments} data-transcript={t.transcript} data-timers={t.timers}></div>
        </section>
      </div>
    </Layout>
  );
}
