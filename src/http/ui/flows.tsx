import { CHANNEL, label, STATUS, TEMPLATE } from './labels';
import { Layout, type PageCtx } from './layout';
import { lintCatalogue } from './lint-messages';
import { dateTime } from './time';

const FLOW_STATUS = { published: { ja: '公開中', en: 'Published' }, draft: { ja: '下書き', en: 'Draft' }, retired: { ja: '旧版', en: 'Retired' }, superseded: { ja: '旧版', en: 'Superseded' } };
void STATUS;

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
                  <td>{label(FLOW_STATUS, v.status, props.ctx.lang)}</td>
                  <td>{v.createdBy}</td>
                  <td>{v.publishedAt ? dateTime(v.publishedAt, props.ctx.lang, props.ctx.tz) : '—'}</td>
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
const EL = JSON.parse(document.getElementById('editor-labels').textContent);
function lintText(i) {
  const m = i.code && EL.lint[i.code];
  if (!m) return i.message;
  return m.replace(/\\{(\\w+)\\}/g, (all, k) => (i.params && k in i.params ? String(i.params[k]) : all));
}
function where(i) {
  const name = i.params && i.params.template;
  if (name) return (EL.templates[name] || name) + ': ';
  return i.path ? i.path + ': ' : '';
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
      const msg = document.createElement('span'); msg.textContent = where(i) + lintText(i);
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
  // The page is reloaded on the new version: its heading, source and form are v(new), nothing stale stays.
  location.href = location.pathname + '?version=' + r.json.version + '&published=' + r.json.version;
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

// ---- Form view: the same document as the YAML, edited value by value ----
const formBox = $('#form');
let previewTimer = null;
function el(tag, attrs, text) { const e = document.createElement(tag); for (const k in attrs || {}) { if (k === 'class') e.className = attrs[k]; else if (k.startsWith('data-')) e.setAttribute(k, attrs[k]); else e[k] = attrs[k]; } if (text !== undefined) e.textContent = text; return e; }
async function patch(p) {
  const r = await saisoku.api('POST', '/api/flows/form', { source: src.value, patches: [p] });
  if (!r.ok) { status(saisoku.errorText(r), 'bad'); return; }
  src.value = r.json.source;
  showIssues(r.json.issues);
  status(EL.form.saved, 'ok');
}
async function preview(text, box) {
  const r = await saisoku.api('POST', '/api/flows/preview', { source: src.value, text });
  box.textContent = '';
  if (!r.ok) { box.textContent = saisoku.errorText(r); return; }
  const p = r.json;
  box.appendChild(el('div', { class: 'rendered' }, p.rendered));
  box.appendChild(el('div', { class: 'muted' }, EL.form.previewLength.replace('{length}', p.length)));
  // One line per route, priced as POST /api/flows/cost prices it: the flow's own route first, then RCS when on.
  for (const r of p.routes) {
    const money = (n) => new Intl.NumberFormat(document.documentElement.lang, { style: 'currency', currency: r.currency, maximumFractionDigits: 2 }).format(n);
    const line = EL.form.previewRoute.replace('{channel}', r.kind === 'rcs' ? 'RCS' : 'SMS').replace('{route}', r.route).replace('{parts}', r.parts).replace('{encoding}', r.encoding).replace('{cost}', money(r.cost)).replace('{per1000}', money(r.per1000));
    box.appendChild(el('div', { class: 'muted', 'data-route': r.route, 'data-parts': String(r.parts), 'data-cost': String(r.cost), 'data-per1000': String(r.per1000) }, line));
  }
}
function numberInput(id, value, onchange, attrs) {
  const i = el('input', Object.assign({ id, type: 'number', value: value === null ? '' : String(value) }, attrs || {}));
  i.onchange = () => { if (i.value !== '' && i.checkValidity()) onchange(Number(i.value)); };
  return i;
}
function renderForm(form) {
  formBox.textContent = '';
  // Schedule
  const sch = el('section', { class: 'card' }); sch.appendChild(el('h3', {}, EL.form.schedule));
  const table = el('table', { id: 'schedule-table' });
  const head = el('tr'); for (const h of [EL.form.step, EL.form.days, EL.form.time, EL.form.channel, EL.form.message]) head.appendChild(el('th', { scope: 'col' }, h));
  table.appendChild(head);
  form.schedule.forEach((s, i) => {
    const tr = el('tr', { 'data-step': s.name });
    tr.appendChild(el('td', {}, String(i + 1)));
    const d = el('td'); const dl = el('label', { class: 'visually-hidden', htmlFor: 'step-' + i + '-days' }, EL.form.days + ' ' + (i + 1)); d.appendChild(dl);
    d.appendChild(numberInput('step-' + i + '-days', s.offsetDays, (v) => patch({ op: 'schedule', index: i, field: 'offsetDays', value: v }), { min: -60, max: 365, step: 1, style: 'width:6rem' }));
    tr.appendChild(d);
    const t = el('td'); t.appendChild(el('label', { class: 'visually-hidden', htmlFor: 'step-' + i + '-at' }, EL.form.time + ' ' + (i + 1)));
    const at = el('input', { id: 'step-' + i + '-at', type: 'time', value: s.at || '' }); at.onchange = () => { if (at.value) patch({ op: 'schedule', index: i, field: 'at', value: at.value.slice(0, 5) }); };
    t.appendChild(at); tr.appendChild(t);
    tr.appendChild(el('td', {}, EL.channels[s.channel] || s.channel));
    tr.appendChild(el('td', {}, s.escalate ? EL.form.escalate : (EL.templates[s.template] || s.template)));
    table.appendChild(tr);
  });
  sch.appendChild(table); formBox.appendChild(sch);
  // Templates
  const tpl = el('section', { class: 'card' }); tpl.appendChild(el('h3', {}, EL.form.templates));
  tpl.appendChild(el('p', { class: 'muted' }, EL.form.templatesHelp));
  for (const t of form.templates) {
    const fs = el('fieldset', { class: 'tpl', 'data-template': t.name });
    fs.appendChild(el('legend', {}, EL.templates[t.name] || t.name));
    t.variants.forEach((text, v) => {
      const id = 'tpl-' + t.name + '-' + v;
      fs.appendChild(el('label', { htmlFor: id }, t.variants.length > 1 ? EL.form.variant.replace('{n}', String.fromCharCode(65 + v)) : EL.form.text));
      const ta = el('textarea', { id, rows: 3, value: text }); ta.style.width = '100%';
      const pv = el('div', { class: 'preview', 'aria-live': 'polite' });
      ta.oninput = () => { clearTimeout(previewTimer); previewTimer = setTimeout(() => preview(ta.value, pv), 250); };
      ta.onchange = () => { if (ta.value.trim()) patch({ op: 'template', name: t.name, variant: v, text: ta.value }); };
      fs.appendChild(ta); fs.appendChild(pv);
      preview(text, pv);
    });
    tpl.appendChild(fs);
  }
  formBox.appendChild(tpl);
  // Policy limits
  const pol = el('section', { class: 'card' }); pol.appendChild(el('h3', {}, EL.form.policy));
  const grid = el('div', { class: 'row' });
  for (const k of Object.keys(form.policy)) {
    const box = el('div');
    box.appendChild(el('label', { htmlFor: 'policy-' + k }, EL.policy[k] || k));
    if (k === 'installmentCounts') {
      const i = el('input', { id: 'policy-' + k, value: (form.policy[k] || []).join(', '), pattern: '[0-9, ]+' });
      i.style.width = '8rem';
      i.onchange = () => { const v = i.value.split(',').map((x) => Number(x.trim())).filter((x) => x > 0); if (v.length) patch({ op: 'policy', key: k, value: v }); };
      box.appendChild(i);
    } else {
      box.appendChild(numberInput('policy-' + k, form.policy[k], (v) => patch({ op: 'policy', key: k, value: v }), { min: 0, step: 1, style: 'width:7rem' }));
    }
    grid.appendChild(box);
  }
  pol.appendChild(grid); formBox.appendChild(pol);
}
async function loadForm() {
  const r = await saisoku.api('POST', '/api/flows/form', { source: src.value });
  if (!r.ok) { formBox.textContent = saisoku.errorText(r); return; }
  renderForm(r.json.form);
  showIssues(r.json.issues);
}
function showView(which) {
  for (const v of ['form', 'yaml']) {
    $('#' + v + '-view').hidden = v !== which;
    $('#tab-' + v).setAttribute('aria-pressed', String(v === which));
  }
  if (which === 'form') loadForm();
}
$('#tab-form').onclick = () => showView('form');
$('#tab-yaml').onclick = () => { showView('yaml'); paintGutter(); };
showView('form');
`;

export function FlowEditorPage(props: { ctx: PageCtx; flowKey: string; version: number; latest: number; source: string; script: string; published?: number | null }) {
  const { t, lang } = props.ctx;
  const labels = {
    lint: lintCatalogue(lang),
    templates: Object.fromEntries(Object.keys(TEMPLATE).map((k) => [k, label(TEMPLATE, k, lang)])),
    channels: Object.fromEntries(Object.keys(CHANNEL).map((k) => [k, label(CHANNEL, k, lang)])),
    policy: t.policyLabels,
    form: t.formText,
  };
  return (
    <Layout ctx={props.ctx} title={`${t.editor}: ${props.flowKey}`} script={editorScript}>
      <script type="application/json" id="editor-labels" dangerouslySetInnerHTML={{ __html: JSON.stringify(labels).replace(/</g, '\\u003c') }} />
      <h1>
        {t.editor}: {props.flowKey} <span class="badge" id="current-version">v{props.latest}</span>
      </h1>
      <p class="muted" id="viewing-version" data-version={props.version}>
        {t.version} v{props.version} · {t.runningStay}
      </p>
      {props.published ? (
        <p id="status" class="notice ok" role="status" aria-live="polite">
          {t.publishedAs} {props.published}. {t.runningStay}
        </p>
      ) : (
        <p id="status" class="notice ok" role="status" aria-live="polite" hidden></p>
      )}
      <p class="row" role="group" aria-label={t.viewAs}>
        <button type="button" class="secondary" id="tab-form" aria-pressed="true" aria-controls="form-view">
          {t.formView}
        </button>
        <button type="button" class="secondary" id="tab-yaml" aria-pressed="false" aria-controls="yaml-view">
          {t.yamlView}
        </button>
      </p>
      <div class="grid2">
        <section aria-labelledby="src-h">
          <div id="form-view">
            <h2>{t.formView}</h2>
            <div id="form" aria-live="polite"></div>
          </div>
          <div id="yaml-view" hidden>
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
