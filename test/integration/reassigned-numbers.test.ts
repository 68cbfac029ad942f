import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, conversations, messages, outbox, suppressions } from '../../db/schema';
import { byRegion, fccRnd, operatorList } from '../../src/campaigns/reassigned';
import { launchDueCampaigns } from '../../src/campaigns/service';
import { csvOf, csvRow } from '../support/campaigns';
import { ADMIN_TOKEN, jpMobile, startHarness, type Harness } from '../support/harness';
import { asPerson, signUp } from '../support/people';

/** A local stand-in for the FCC Reassigned Numbers Database: `yes` for the numbers it was told about. */
function fakeRnd(disconnected: Record<string, string>) {
  const queries: Array<{ tn: string; date: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.headers.authorization !== 'Bearer rnd-key' || req.url !== '/query') {
        res.writeHead(401).end();
        return;
      }
      const q = JSON.parse(body).queries as Array<{ tn: string; date: string }>;
      queries.push(...q);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ results: q.map((x) => ({ ...x, result: disconnected[x.tn] && disconnected[x.tn]! >= x.date ? 'yes' : x.tn.startsWith('999') ? 'no_data' : 'no' })) }));
    });
  });
  return { server, queries };
}

describe('number reassignment: checked before the first send to an old consent', () => {
  let h: Harness;
  const rnd = fakeRnd({ '2125550142': '2026-06-01' });
  beforeAll(async () => {
    await new Promise<void>((r) => rnd.server.listen(0, '127.0.0.1', () => r()));
    h = await startHarness({ provider: 'simulator' });
    h.services.reassignment = {
      port: byRegion({
        us: fccRnd({ baseUrl: `http://127.0.0.1:${(rnd.server.address() as AddressInfo).port}`, apiKey: 'rnd-key' }),
        other: operatorList(`${jpMobile(61).e164},2026-05-01\n${jpMobile(62).e164},2026-05-01\n`),
      }),
      consentOlderThanDays: 180,
    };
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((r) => rnd.server.close(r));
  });

  async function runCampaign(csv: string, flow: string) {
    const res = await h.app.request(`/api/campaigns?name=R&flow=${flow}&startAt=${encodeURIComponent('2026-11-20T10:00:00+09:00')}`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${ADMIN_TOKEN}` }, body: csv });
    const id = ((await res.json()) as any).campaign.id as string;
    const checker = await signUp(h, 'admin', `checker-${flow}`);
    expect((await asPerson(h, checker, 'POST', `/api/campaigns/${id}/approve`)).status).toBe(200);
    await launchDueCampaigns(h.services);
    // The approval also starts a launch of its own in the background; whichever claimed the rows,
    // wait until none is left waiting before reading what was checked.
    await h.waitFor(async () => ((await h.api('GET', `/api/campaigns/${id}/progress`)).json.rows.waiting === 0 ? true : null));
    return id;
  }
  const firstReminder = async (campaignId: string, phone: string) =>
    h.waitFor(async () => {
      const [r] = await h.services.db
        .select({ status: outbox.status, reason: outbox.reason })
        .from(outbox)
        .innerJoin(messages, eq(messages.id, outbox.messageId))
        .innerJoin(conversations, eq(conversations.id, outbox.conversationId))
        .where(and(eq(conversations.campaignId, campaignId), eq(messages.phone, phone)));
      return r && r.status !== 'pending' && r.status !== 'sending' ? r : null;
    });

  it('elsewhere: the operator list suppresses a number disconnected after an old consent; recent consents are not checked', async () => {
    const id = await runCampaign(
      csvOf([
        csvRow(61, { consent: '2025-01-10T00:00:00Z' }), // old consent, disconnected 2026-05-01 → reassigned
        csvRow(62, { consent: '2026-09-01T00:00:00Z' }), // on the list but consent is recent: not checked
        csvRow(63, { consent: '2025-01-10T00:00:00Z' }), // old consent, not on the list
      ]),
      'standard-ja',
    );
    expect(await firstReminder(id, jpMobile(61).e164)).toEqual({ status: 'refused', reason: 'suppressed_reassigned' });
    expect((await firstReminder(id, jpMobile(62).e164)).status).toBe('sent');
    expect((await firstReminder(id, jpMobile(63).e164)).status).toBe('sent');
    const sup = await h.services.db.select().from(suppressions).where(and(eq(suppressions.phone, jpMobile(61).e164), isNull(suppressions.liftedAt)));
    expect(sup.map((s) => s.reason)).toEqual(['reassigned']);
    const audit = await h.services.db.select().from(auditEvents).where(eq(auditEvents.type, 'suppression.reassigned'));
    expect(audit.map((a) => a.data)).toEqual([{ campaignId: id, row: 2, source: 'by-region' }]);
  });

  it('US: the Reassigned Numbers Database is asked with the consent date; "yes" suppresses', async () => {
    const us = (i: number, phone: string) => csvRow(i, { phone, consent: '2025-02-01T00:00:00Z' }).replace(',ja,Asia/Tokyo,', ',en,America/New_York,').replace(',JPY,', ',USD,');
    const id = await runCampaign(csvOf([us(71, '+12125550142'), us(72, '+14155550142')]), 'standard-en');
    expect(rnd.queries).toEqual([
      { tn: '2125550142', date: '2025-02-01' },
      { tn: '4155550142', date: '2025-02-01' },
    ]);
    expect(await firstReminder(id, '+12125550142')).toEqual({ status: 'refused', reason: 'suppressed_reassigned' });
    expect((await firstReminder(id, '+14155550142')).status).toBe('sent');

    // Later: a next month's campaign to the same number is refused without asking (and paying) again,
    // and so is a debt loaded one by one, which is never checked itself.
    const next = await runCampaign(csvOf([us(73, '+12125550142').replace(/K73/g, 'K73b').replace('C-K73b', 'C-K71')]), 'standard-en');
    expect(rnd.queries).toHaveLength(2);
    expect(await firstReminder(next, '+12125550142')).toEqual({ status: 'refused', reason: 'suppressed_reassigned' });
    const single = await h.api('POST', '/api/debts', {
      debtor: { externalRef: 'C-K71', name: 'Jane Doe', phone: '+12125550142', locale: 'en', timezone: 'America/New_York', consent: { obtainedAt: '2025-02-01T00:00:00Z', source: 'web' } },
      debt: { externalRef: 'INV-K71-single', amount: 120, currency: 'USD', dueDate: '2026-11-21' },
      flow: 'standard-en',
    });
    expect(single.status).toBe(201);
    const [refused] = await h.waitFor(async () => {
      const rows = await h.services.db.select({ status: outbox.status, reason: outbox.reason }).from(outbox).where(eq(outbox.conversationId, single.json.conversationId));
      return rows.length && rows.every((r) => r.status !== 'pending' && r.status !== 'sending') ? rows : null;
    });
    expect(refused).toEqual({ status: 'refused', reason: 'suppressed_reassigned' });
    const sent = await h.services.db.select({ id: messages.id }).from(messages).where(and(eq(messages.phone, '+12125550142'), eq(messages.direction, 'outbound'), eq(messages.status, 'sent')));
    expect(sent).toHaveLength(0);
  });
});
