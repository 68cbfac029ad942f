import { Hono } from 'hono';
import type { deadLetters } from '../../../db/schema';
import { DeadLetterQuery, listDeadLetters } from '../../workers/dead-letters';
import { AppError } from '../../shared/errors';
import type { AppEnv } from '../app';
import { authenticate, requireRole } from '../auth';
import { pageCtx } from './context';
import { ageText, deadLetterText } from './dead-letters-i18n';
import { Layout, type PageCtx } from './layout';

type Row = typeof deadLetters.$inferSelect;

/** Retry / Discard call the existing API (/api/admin/dead-letters/:id/…) with the session's CSRF token. */
function script(t: (typeof deadLetterText)['en']): string {
  return `
document.getElementById('dead-letters')?.addEventListener('click', async (e) => {
  const b = e.target.closest('button[data-action]');
  if (!b) return;
  const action = b.dataset.action, id = b.dataset.id, row = b.closest('tr'), out = document.getElementById('dl-status');
  if (action === 'discard' && !confirm(${JSON.stringify(t.confirmDiscard)})) return;
  row.querySelectorAll('button').forEach((x) => (x.disabled = true));
  const r = await window.saisoku.api('POST', '/api/admin/dead-letters/' + id + '/' + action);
  if (!r.ok) {
    out.className = 'notice bad'; out.textContent = window.saisoku.errorText(r);
    row.querySelectorAll('button').forEach((x) => (x.disabled = false));
    return;
  }
  const done = ${JSON.stringify(t.done)};
  out.className = 'notice ok'; out.textContent = done[r.json.status] || r.json.status;
  row.querySelector('td.actions').textContent = ${JSON.stringify(t.status)}[r.json.status] || r.json.status;
});
`;
}

export function DeadLettersPage(props: { ctx: PageCtx; status: string; items: Row[]; now: Date }) {
  const { ctx, items, status } = props;
  const t = deadLetterText[ctx.lang];
  return (
    <Layout ctx={ctx} title={t.title} script={script(t)}>
      <h1>{t.title}</h1>
      <p class="muted">{t.intro}</p>
      <nav aria-label={t.statusFilter} class="row">
        {(['dead', 'retried', 'discarded'] as const).map((s) => (
          <a class="badge" href={`/ui/dead-letters?status=${s}`} aria-current={s === status ? 'page' : undefined}>
            {t.status[s]}
          </a>
        ))}
      </nav>
      <div id="dl-status" role="status" aria-live="polite" />
      {items.length === 0 ? (
        <p class="card">{t.none}</p>
      ) : (
        <table id="dead-letters" class="queue">
          <thead>
            <tr>
              <th scope="col">{t.kind}</th>
              <th scope="col">{t.reason}</th>
              <th scope="col">{t.attempts}</th>
              <th scope="col">{t.age}</th>
              <th scope="col">{t.subject}</th>
              <th scope="col">{status === 'dead' ? t.actions : t.resolved}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr data-id={d.id}>
                <td>{t.kinds[d.queue] ?? d.queue}</td>
                <td>
                  <code>{d.reason}</code>
                </td>
                <td>{d.attempts}</td>
                <td>
                  <time datetime={d.createdAt.toISOString()} title={d.createdAt.toISOString()}>
                    {ageText(props.now.getTime() - d.createdAt.getTime(), ctx.lang)}
                  </time>
                </td>
                <td>
                  {d.queue === 'conversation' ? (
                    <a href={`/ui/conversations/${d.subjectId}`} aria-label={`${t.openThread} ${d.subjectId.slice(0, 8)}`}>
                      {d.subjectId.slice(0, 8)}
                    </a>
                  ) : (
                    <code title={d.subjectId}>{d.subjectId.slice(0, 8)}</code>
                  )}
                </td>
                <td class="actions">
                  {d.status === 'dead' ? (
                    <div class="row">
                      <button type="button" data-action="retry" data-id={d.id}>
                        {t.retry}
                      </button>
                      <button type="button" class="secondary" data-action="discard" data-id={d.id}>
                        {t.discard}
                      </button>
                    </div>
                  ) : (
                    <span>
                      {t.status[d.status] ?? d.status}
                      {d.resolvedBy ? ` (${d.resolvedBy})` : ''}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** /ui/dead-letters: admins only (policy.ts), like the API it calls. */
export function deadLetterUiRoutes() {
  return new Hono<AppEnv>()
    .use('/ui/dead-letters', authenticate({ unauthenticated: 'redirect' }), requireRole('admin'))
    .get('/ui/dead-letters', async (c) => {
      const q = DeadLetterQuery.safeParse({ status: c.req.query('status') });
      if (!q.success) throw new AppError('unprocessable', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const s = c.get('services');
      return c.html(<DeadLettersPage ctx={pageCtx(c)} status={q.data.status} items={await listDeadLetters(s, q.data)} now={s.clock.now()} />);
    });
}
