import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, debtors, messages, paymentLinks, promises } from '../../db/schema';
import { ingestInbound } from '../../src/conversation/ingress';
import { recordPayment } from '../../src/dunning/payments';
import type { ManualClock } from '../../src/shared/clock';
import { jpMobile, startHarness, type Harness } from '../support/harness';
import { signUp } from '../support/people';
import { csvOf, csvRow } from '../support/campaigns';

/**
 * Six debts, each given a hand-chosen fate, plus one debt outside the campaign that pays:
 *   51 pays in two parts (4,000 at +2 h, 6,000 at +3 h)   55 pays 3,000 at +4 h
 *   52 clicks the link twice and promises a date           53 replies STOP
 *   54 asks for a person (escalated)                        56 does nothing
 * Hand count: debts 6, delivered 6, clicked 1, replied 3, promised 1, paid 2, recovered 13,000,
 * opted out 1, escalated 1, median time to pay (2 h, 4 h) = 3 h.
 */
describe('campaign results: every figure from the records, nothing counted twice', () => {
  let h: Harness;
  let clock: ManualClock;
  let id: string;
  const phone = (i: number) => jpMobile(i).e164;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator' });
    clock = h.clock as ManualClock;
    const checker = await signUp(h, 'admin', 'checker');
    const csv = csvOf([51, 52, 53, 54, 55, 56].map((i) => csvRow(i, { amount: 10000 })));
    const res = await h.app.request(`/api/campaigns?name=Fixture&flow=standard-ja&startAt=${encodeURIComponent('2026-11-20T10:00:00+09:00')}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: 'Bearer test-admin-token-0123456789' },
      body: csv,
    });
    id = ((await res.json()) as any).campaign.id;
    const { asPerson } = await import('../support/people');
    expect((await asPerson(h, checker, 'POST', `/api/campaigns/${id}/approve`)).status).toBe(200);
    await h.waitFor(async () => {
      const ms = await h.services.db.select().from(messages).where(eq(messages.direction, 'outbound'));
      return ms.filter((m) => m.status === 'delivered').length >= 6 ? true : null;
    });
    // A debt outside the campaign that pays: must not count.
    expect((await h.api('POST', '/api/debts', { debtor: { externalRef: 'C-X', name: 'X', phone: jpMobile(59).local, locale: 'ja', consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'web' } }, debt: { externalRef: 'INV-X', amount: 5000, currency: 'JPY', dueDate: '2026-11-21' } })).status).toBe(201);

    const reply = async (i: number, body: string) => {
      await ingestInbound(h.services, { provider: 'simulator', providerMessageId: `in-${i}-${crypto.randomUUID()}`, from: phone(i), to: 'saisoku', body, channel: 'sms' });
    };
    const token = async (i: number) => {
      const [m] = await h.services.db.select({ body: messages.body }).from(messages).where(eq(messages.phone, phone(i)));
      return /\/p\/([A-Za-z0-9]{22})/.exec(m!.body)![1]!;
    };
    const t52 = await token(52);
    expect((await h.app.request(`/p/${t52}`)).status).toBe(302);
    expect((await h.app.request(`/p/${t52}`)).status).toBe(302);
    await reply(52, '11月25日に払います');
    await reply(53, 'STOP');
    await reply(54, '担当者と話したいです');
    await h.waitFor(async () => {
      const p = await h.services.db.select().from(promises);
      const esc = await h.services.db.select().from(conversations).where(eq(conversations.status, 'escalated'));
      const opted = await h.services.db.select().from(conversations).where(eq(conversations.status, 'opted_out'));
      return p.length === 1 && esc.length === 1 && opted.length === 1 ? true : null;
    });
    const pay = (ref: string, amount: number, at: string) => recordPayment(h.services, { debtExternalRef: ref, amount, currency: 'JPY', paidAt: at, reference: `PAY-${ref}-${amount}` }, { actor: 'test' });
    clock.set('2026-11-20T12:00:00+09:00');
    expect((await pay('INV-K51', 4000, '2026-11-20T12:00:00+09:00')).status).toBe('recorded');
    clock.set('2026-11-20T13:00:00+09:00');
    expect((await pay('INV-K51', 6000, '2026-11-20T13:00:00+09:00')).status).toBe('recorded');
    clock.set('2026-11-20T14:00:00+09:00');
    expect((await pay('INV-K55', 3000, '2026-11-20T14:00:00+09:00')).status).toBe('recorded');
    expect((await pay('INV-X', 5000, '2026-11-20T14:00:00+09:00')).status).toBe('recorded');
  });
  afterAll(async () => h?.close());

  it('matches the hand count in total and per A/B variant', async () => {
    const r = await h.api('GET', `/api/campaigns/${id}/results`);
    expect(r.status).toBe(200);
    expect(r.json.total).toMatchObject({ debts: 6, sent: 6, delivered: 6, clicked: 1, replied: 3, promised: 1, paid: 2, recovered: 13000, optedOut: 1, escalated: 1, medianHoursToPay: 3 });
    expect(r.json.total.ctr).toBeCloseTo(1 / 6, 10);
    expect(r.json.total.cvr).toBeCloseTo(2 / 6, 10);
    expect(r.json.total.optOutRate).toBeCloseTo(1 / 6, 10);

    // Per variant: the hand table split by the variant each conversation was given.
    const variantOf = new Map<string, number>();
    for (const row of await h.services.db.select({ phone: debtors.phone, snap: conversations.snapshot }).from(conversations).innerJoin(debtors, eq(debtors.id, conversations.debtorId)).where(eq(conversations.campaignId, id))) {
      variantOf.set(row.phone, Number((row.snap as any).context.variant));
    }
    const fate: Record<number, { clicked?: 1; replied?: 1; promised?: 1; paid?: 1; recovered?: number; optedOut?: 1; escalated?: 1 }> = {
      51: { paid: 1, recovered: 10000 },
      52: { clicked: 1, replied: 1, promised: 1 },
      53: { replied: 1, optedOut: 1 },
      54: { replied: 1, escalated: 1 },
      55: { paid: 1, recovered: 3000 },
      56: {},
    };
    for (const v of [0, 1]) {
      const mine = Object.entries(fate).filter(([i]) => variantOf.get(phone(Number(i))) === v);
      const row = r.json.rows.find((x: any) => x.variant === v);
      if (!mine.length) {
        expect(row).toBeUndefined();
        continue;
      }
      const sum = (k: keyof (typeof fate)[number]) => mine.reduce((n, [, f]) => n + ((f[k] as number) ?? 0), 0);
      expect(row).toMatchObject({ flowKey: 'standard-ja', debts: mine.length, delivered: mine.length, clicked: sum('clicked'), replied: sum('replied'), promised: sum('promised'), paid: sum('paid'), recovered: sum('recovered'), optedOut: sum('optedOut'), escalated: sum('escalated') });
    }
    // Two clicks on one link are one debt that clicked; the link itself counted both.
    const links = await h.services.db.select({ clicks: paymentLinks.clicks }).from(paymentLinks);
    expect(links.reduce((n, l) => n + l.clicks, 0)).toBe(2);
  });

  it('has a daily series and a CSV export of the same figures', async () => {
    const r = await h.api('GET', `/api/campaigns/${id}/results`);
    expect(r.json.daily).toHaveLength(1);
    expect(r.json.daily[0]).toMatchObject({ day: '2026-11-20', clicked: 1, replied: 3, paid: 3, recovered: 13000 });
    expect(r.json.daily[0].sent).toBeGreaterThanOrEqual(6);
    // The variant comes from the debt's random id (bulk-start): 2 in 64 runs give all six debts one variant,
    // and then there is no A/B to judge.
    if (new Set(r.json.rows.map((x: any) => x.variant)).size === 2) expect(r.json.ab.verdict).toMatch(/^(Too few payments|Not enough data)/);
    else expect(r.json.ab).toBeNull();
    const csv = await h.app.request(`/api/campaigns/${id}/results.csv`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('flowKey,flowVersion,variant,debts,sent,delivered,clicked,replied,promised,paid,recovered,optedOut,escalated,medianHoursToPay,ctr,cvr,optOutRate,escalationRate');
    expect(lines.at(-1)).toMatch(/^total,,,6,6,6,1,3,1,2,13000,1,1,3,0\.1667,0\.3333,0\.1667,0\.1667$/);
  });
});
