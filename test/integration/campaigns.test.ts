import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, conversations, messages, outbox, suppressions, timers } from '../../db/schema';
import { sweep } from '../../src/workers/sweep';
import type { ManualClock } from '../../src/shared/clock';
import { csvOf, csvRow } from '../support/campaigns';
import { ADMIN_TOKEN, debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';
import { asPerson, signUp, type Person } from '../support/people';

const NOW = '2026-11-20T10:00:00+09:00';


async function upload(h: Harness, csv: string, q: { name?: string; startAt?: string; flow?: string } = {}, auth: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` }) {
  const qs = new URLSearchParams({ name: q.name ?? 'November', flow: q.flow ?? 'standard-ja', startAt: q.startAt ?? NOW });
  const res = await h.app.request(`/api/campaigns?${qs}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...auth }, body: csv });
  return { status: res.status, json: (await res.json()) as any };
}

const campaignMessages = (h: Harness, campaignId: string) =>
  h.services.db
    .select({ phone: messages.phone, status: messages.status, direction: messages.direction, body: messages.body, kind: outbox.kind, outboxStatus: outbox.status, reason: outbox.reason })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(outbox, eq(outbox.messageId, messages.id))
    .where(eq(conversations.campaignId, campaignId));

describe('campaigns: preview, maker-checker, launch, progress', () => {
  let h: Harness;
  let checker: Person;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
    checker = await signUp(h, 'admin', 'checker');
  });
  afterAll(async () => h?.close());

  it('previews without sending, refuses the maker as checker, then runs once a second admin approves', async () => {
    await h.services.db.insert(suppressions).values({ phone: jpMobile(3).e164, reason: 'stop' });
    // The same debt as CSV row 4 (same amount), loaded before the upload: the campaign skips it.
    expect((await h.api('POST', '/api/debts', debtPayload({ ref: 'K4', phone: jpMobile(4).local, amount: 10004 }))).status).toBe(201);
    const csv = csvOf([csvRow(1), csvRow(2), csvRow(3), csvRow(4), csvRow(5), csvRow(6, { phone: '12' }), csvRow(7, { ref: 'K2' })]);
    const created = await upload(h, csv);
    expect(created.status).toBe(201);
    const p = created.json.preview;
    expect(p).toMatchObject({ rows: 7, valid: 5, invalid: 2, alreadyLoaded: 1, suppressed: { opted_out: 1 } });
    expect(p.firstSend).toEqual({ send: 3, hold: {}, refuse: { opted_out: 1 } });
    expect(p.invalidRows).toEqual([
      { row: 7, field: 'phone', message: expect.any(String), issues: [{ field: 'phone', code: 'invalid_phone', message: expect.any(String) }] },
      { row: 8, field: 'debt_external_ref', message: 'same debt as row 3', issues: [{ field: 'debt_external_ref', code: 'duplicate', message: 'same debt as row 3' }] },
    ]);
    // Three first reminders, each one UCS-2 text of 2 segments, at the default 3.3 JPY.
    // Route-aware (issue #13): priced on the route the flow's debtors go over (here the simulator, which splits like SMS).
    expect(p.cost.first).toMatchObject({ route: 'simulator', messages: 3, currency: 'JPY' });
    expect(p.cost.first.segments).toBeGreaterThanOrEqual(3);
    expect(p.cost.first.cost).toBeCloseTo(p.cost.first.segments * 3.3, 5);
    expect(p.cost.schedule.segments).toBeGreaterThan(p.cost.first.segments);
    const id = created.json.campaign.id as string;
    expect(created.json.campaign.status).toBe('pending_approval');
    expect(await campaignMessages(h, id)).toEqual([]);

    const self = await h.api('POST', `/api/campaigns/${id}/approve`);
    expect(self.status).toBe(403);
    expect(self.json.error.message).toMatch(/cannot approve/);
    const collector = await signUp(h, 'collector', 'kato');
    expect((await asPerson(h, collector, 'POST', `/api/campaigns/${id}/approve`)).status).toBe(403);
    expect((await asPerson(h, checker, 'POST', `/api/campaigns/${id}/approve`, {}, { csrf: false })).status).toBe(403);

    const ok = await asPerson(h, checker, 'POST', `/api/campaigns/${id}/approve`, { note: 'checked the list' });
    expect(ok.status).toBe(200);
    expect((await asPerson(h, checker, 'POST', `/api/campaigns/${id}/approve`)).status).toBe(409);
    const sent = await h.waitFor(async () => {
      const ms = (await campaignMessages(h, id)).filter((m) => m.direction === 'outbound' && m.kind === 'reminder');
      return ms.length === 4 && ms.every((m) => ['delivered', 'refused'].includes(m.status)) ? ms : null;
    });
    expect(sent.filter((m) => m.status === 'delivered').map((m) => m.phone).sort()).toEqual([jpMobile(1).e164, jpMobile(2).e164, jpMobile(5).e164]);
    expect(sent.find((m) => m.phone === jpMobile(3).e164)).toMatchObject({ status: 'refused', reason: 'opted_out' });

    const progress = await h.api('GET', `/api/campaigns/${id}/progress`);
    expect(progress.json).toMatchObject({ status: 'running', rows: { valid: 5, waiting: 0, launched: 4, skipped: 1, invalid: 2 }, messages: { queued: 0, held: 0, delivered: 3, failed: 0, refused: 1 }, done: 1 });
    const detail = await h.api('GET', `/api/campaigns/${id}`);
    expect(detail.json.audit.map((a: any) => [a.type, a.actor])).toEqual([
      ['campaign.created', 'bootstrap'],
      ['campaign.approve_denied', 'bootstrap'],
      ['campaign.approved', `user:${checker.id}`],
      ['campaign.launched', 'system'],
    ]);
  });

  it('progress counts a first reminder that is armed but not yet written as queued, not as done', async () => {
    await h.stopWorkers();
    try {
      const created = await upload(h, csvOf([csvRow(41), csvRow(42), csvRow(43)]), { name: 'Armed' });
      const id = created.json.campaign.id as string;
      expect((await asPerson(h, checker, 'POST', `/api/campaigns/${id}/approve`)).status).toBe(200);
      // Launched (rows → conversations, first reminders armed as timers), but no worker has fired them.
      const progress = await h.waitFor(async () => {
        const p = (await h.api('GET', `/api/campaigns/${id}/progress`)).json;
        return p.rows.launched === 3 ? p : null;
      });
      expect(progress.messages).toMatchObject({ queued: 3, held: 0, delivered: 0 });
      expect(progress.done).toBe(0);
    } finally {
      await h.restartWorkers();
    }
  });

  it('shows sends the gate would hold for quiet hours at the chosen start', async () => {
    const r = await upload(h, csvOf([csvRow(21, { due: '2026-11-10' }), csvRow(22, { due: '2026-11-10' })]), { startAt: '2026-11-20T23:30:00+09:00' });
    expect(r.status).toBe(201);
    expect(r.json.preview.firstSend).toEqual({ send: 0, hold: { quiet_hours: 2 }, refuse: {} });
  });

  it('lists every problem of each bad row, as the debts import does (CSV and JSON), and keeps the first on the row', async () => {
    const csv = csvOf([csvRow(51), csvRow(52, { amount: -5, phone: '12' }), csvRow(53, { ref: 'K51', due: '2026-02-30' }), csvRow(54)]);
    const created = await upload(h, csv, { name: 'Two problems' });
    expect(created.status).toBe(201);
    const p = created.json.preview;
    expect(p).toMatchObject({ rows: 4, valid: 2, invalid: 2 });
    const listed = (rows: any[]) => rows.map((r) => ({ row: r.row, first: `${r.field}: ${r.message}`, issues: r.issues.map((i: any) => `${i.field} ${i.code}`) }));
    expect(listed(p.invalidRows)).toEqual([
      { row: 3, first: 'amount: must be more than 0', issues: ['amount invalid_amount', 'phone invalid_phone'] },
      { row: 4, first: 'due_date: 2026-02-30 is not a real date', issues: ['due_date invalid_date', 'debt_external_ref duplicate'] },
    ]);
    // Stored with the campaign: its page and GET /api/campaigns/:id show the same list.
    expect(listed((await h.api('GET', `/api/campaigns/${created.json.campaign.id}`)).json.campaign.preview.invalidRows)).toEqual(listed(p.invalidRows));

    // The JSON upload: a debtor in English on the Japanese campaign whose number is not a number either.
    const english: any = debtPayload({ ref: 'K55', locale: 'en', phone: '12' });
    const json = await h.api('POST', '/api/campaigns', { name: 'Two problems (JSON)', flow: 'standard-ja', startAt: NOW, debts: [english, debtPayload({ ref: 'K56', phone: jpMobile(56).local })] });
    expect(json.status).toBe(201);
    expect(listed(json.json.preview.invalidRows)).toEqual([{ row: 1, first: expect.stringMatching(/^locale: flow standard-ja speaks ja/), issues: ['locale wrong_locale', 'phone invalid_phone'] }]);
  });

  it('rejects a bad upload whole, with a clear error, and stores nothing', async () => {
    const before = (await h.api('GET', '/api/campaigns')).json.items.length;
    expect((await upload(h, 'phone,name\n1,2')).json.error.message).toMatch(/missing column/);
    expect((await upload(h, csvOf([csvRow(31)]), { startAt: 'tomorrow' })).status).toBe(422);
    expect((await upload(h, csvOf([csvRow(31)]), { flow: 'nope' })).json.error.message).toMatch(/unknown flow/);
    expect((await h.api('GET', '/api/campaigns')).json.items.length).toBe(before);
  });
});

describe('campaigns: pause holds reminders at the gate, resume releases them, cancel refuses them', () => {
  let h: Harness;
  let clock: ManualClock;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
    clock = h.clock as ManualClock;
  });
  afterAll(async () => h?.close());

  it('pause → held (campaign_paused), resume → sent; pause again, cancel → refused and the schedule stops', async () => {
    const checker = await signUp(h, 'admin', 'checker');
    const c = await upload(h, csvOf([csvRow(41, { due: '2026-11-23' }), csvRow(42, { due: '2026-11-23' })]));
    const id = c.json.campaign.id as string;
    expect((await asPerson(h, checker, 'POST', `/api/campaigns/${id}/approve`)).status).toBe(200);
    const reminders = async () => (await campaignMessages(h, id)).filter((m) => m.kind === 'reminder');
    await h.waitFor(async () => ((await reminders()).filter((m) => m.status === 'delivered').length === 2 ? true : null));

    expect((await h.api('POST', `/api/campaigns/${id}/pause`)).status).toBe(200);
    clock.set('2026-11-23T10:00:00+09:00');
    await sweep(h.services);
    await h.waitFor(async () => ((await reminders()).filter((m) => m.outboxStatus === 'held' && m.reason === 'campaign_paused').length === 2 ? true : null));
    expect((await h.api('POST', `/api/campaigns/${id}/resume`)).status).toBe(200);
    await h.waitFor(async () => ((await reminders()).filter((m) => m.status === 'delivered').length === 4 ? true : null));

    expect((await h.api('POST', `/api/campaigns/${id}/pause`)).status).toBe(200);
    clock.set('2026-11-26T10:00:00+09:00');
    await sweep(h.services);
    await h.waitFor(async () => ((await reminders()).filter((m) => m.outboxStatus === 'held').length === 2 ? true : null));
    expect((await h.api('POST', `/api/campaigns/${id}/cancel`)).status).toBe(200);
    const refused = await h.waitFor(async () => {
      const r = (await reminders()).filter((m) => m.outboxStatus === 'refused');
      return r.length === 2 ? r : null;
    });
    expect(refused.every((m) => m.reason === 'campaign_cancelled')).toBe(true);
    const audited = await h.services.db.select().from(auditEvents).where(and(eq(auditEvents.type, 'send.refused')));
    expect(audited.filter((a) => a.data.reason === 'campaign_cancelled')).toHaveLength(2);
    // No reminder timer is left to fire, so nothing more is queued even a week later.
    const convIds = (await h.services.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.campaignId, id))).map((r) => r.id);
    const pending = (await h.services.db.select().from(timers).where(eq(timers.status, 'pending'))).filter((t) => convIds.includes(t.conversationId) && t.name === 'reminder');
    expect(pending).toEqual([]);
    clock.set('2026-12-05T10:00:00+09:00');
    await sweep(h.services);
    expect((await reminders()).length).toBe(6);
    expect((await h.api('POST', `/api/campaigns/${id}/resume`)).status).toBe(409);
  });
});

