/**
 * Time warp: many debtors over 60 simulated days with seeded random replies (pay, promise and break,
 * instalments, STOP at night, START, disputes, contact-time requests, silence). The ManualClock jumps
 * to the next thing that is due (a timer, a held send, a scripted reply), the sweep wakes it, the
 * workers drain it — then every compliance invariant is checked from the database alone.
 *
 * Size: TIME_WARP_DEBTORS, default 1,000 on the real Postgres + Redis and 200 on PGlite.
 */
import { and, asc, count as sqlCount, eq, gt, inArray, isNull, min } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditEvents, conversations, debtors, messages, outbox, suppressions, timers } from '../../../db/schema';
import { contactZones } from '../../../src/compliance/us-area-codes';
import { recordPayment } from '../../../src/dunning/payments';
import { ManualClock } from '../../../src/shared/clock';
import { addDays, localParts, zonedTime } from '../../../src/shared/time';
import { startHarness, type Harness } from '../../support/harness';
import { settle, text } from './support';

const REAL = Boolean(process.env.DATABASE_URL);
const N = Number(process.env.TIME_WARP_DEBTORS ?? (REAL ? 1000 : 200));
const START = '2026-11-02T09:00:00+09:00';
const DAYS = 60;

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Persona = 'payer' | 'paid_no_payment' | 'promise_break' | 'promise_keep' | 'instalments' | 'night_stop' | 'stop_start' | 'dispute' | 'window' | 'silent';
const PERSONAS: Array<[Persona, number]> = [
  ['payer', 0.12], ['paid_no_payment', 0.05], ['promise_break', 0.13], ['promise_keep', 0.05], ['instalments', 0.13],
  ['night_stop', 0.1], ['stop_start', 0.03], ['dispute', 0.05], ['window', 0.06], ['silent', 0.28],
];

interface Debtor { i: number; locale: 'ja' | 'en'; tz: string; phone: string; due: string; amount: number; currency: string; ref: string; persona: Persona }
type Script = { at: Date; debtor: Debtor } & ({ kind: 'text'; body: string } | { kind: 'pay'; amount: number });

const US_PHONES: Array<[string, string]> = [
  ['212', 'America/New_York'], ['415', 'America/New_York'], ['312', 'America/Chicago'], ['303', 'America/Los_Angeles'], ['602', 'America/Denver'], ['617', 'America/New_York'],
];

function population(rand: () => number): Debtor[] {
  const out: Debtor[] = [];
  for (let i = 0; i < N; i++) {
    const en = rand() < 0.25;
    let r = rand();
    const persona = PERSONAS.find(([, w]) => (r -= w) < 0)?.[0] ?? 'silent';
    const due = addDays('2026-11-06', Math.floor(rand() * 30));
    if (en) {
      const [area, tz] = US_PHONES[Math.floor(rand() * US_PHONES.length)]!;
      out.push({ i, locale: 'en', tz, phone: `+1${area}555${String(i).padStart(4, '0')}`, due, amount: 100 + Math.floor(rand() * 900) + 0.5, currency: 'USD', ref: `tw${i}`, persona });
    } else {
      out.push({ i, locale: 'ja', tz: 'Asia/Tokyo', phone: `+8190${String(20000000 + i)}`, due, amount: 6000 + Math.floor(rand() * 60) * 1000, currency: 'JPY', ref: `tw${i}`, persona });
    }
  }
  return out;
}

/** Local wall-clock time → instant, on the day `offset` from the due date. */
const local = (d: Debtor, offset: number, hm: string) => zonedTime(addDays(d.due, offset), hm, d.tz);

function script(d: Debtor, rand: () => number): Script[] {
  const ja = d.locale === 'ja';
  const say = (at: Date, body: string): Script => ({ at, debtor: d, kind: 'text', body });
  const pay = (at: Date, amount: number): Script => ({ at, debtor: d, kind: 'pay', amount });
  const hour = () => `${String(9 + Math.floor(rand() * 11)).padStart(2, '0')}:00`;
  const promise = addDays(d.due, 4);
  const [, m, day] = promise.split('-').map(Number);
  switch (d.persona) {
    case 'payer':
      return [say(local(d, 0, hour()), ja ? '払いました' : 'I paid'), pay(local(d, 1, '15:00'), d.amount)];
    case 'paid_no_payment':
      return [say(local(d, 1, hour()), ja ? '振り込みました' : 'I already paid')];
    case 'promise_break':
      return [say(local(d, -1, '20:00'), ja ? `${m}月${day}日に払います` : `I will pay on ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m! - 1]} ${day}`)];
    case 'promise_keep':
      return [say(local(d, 0, hour()), ja ? `${day}日に払います` : `can I pay on the ${day}th?`), pay(local(d, 4, '18:00'), d.amount)];
    case 'instalments': {
      const t = local(d, 3, hour());
      const first = local(d, 3 + 7, '19:00');
      return [say(t, ja ? '分割にしたい' : 'can I split it?'), say(new Date(t.getTime() + 3_600_000), '3'), pay(first, d.currency === 'JPY' ? Math.floor(d.amount / 3) : Math.floor((d.amount / 3) * 100) / 100)];
    }
    case 'night_stop':
      return [say(local(d, Math.floor(rand() * 12) - 3, '23:00'), ja ? '停止' : 'STOP')];
    case 'stop_start':
      return [say(local(d, -1, '22:00'), ja ? 'ストップ' : 'stop'), say(local(d, 2, '12:00'), ja ? '配信再開' : 'START')];
    case 'dispute':
      return [say(local(d, Math.floor(rand() * 5), hour()), ja ? '身に覚えがありません' : 'this is not my debt')];
    case 'window':
      return [say(local(d, -2, '12:00'), ja ? '平日19時以降のみでお願いします' : 'only text me after 6pm please')];
    case 'silent':
      return [];
  }
}

describe('time warp', () => {
  let h: Harness;
  afterAll(async () => h?.close());

  it(`${N} debtors over ${DAYS} simulated days: no send in quiet hours, none over the cap, none after an opt-out, every decision audited`, async () => {
    const wall = Date.now();
    const clock = new ManualClock(START);
    h = await startHarness({ clock });
    const rand = rng(20261102);
    const people = population(rand);
    const byRef = new Map(people.map((d) => [d.ref, d]));

    for (let k = 0; k < people.length; k += 10) {
      await Promise.all(
        people.slice(k, k + 10).map(async (d) => {
          const r = await h.api('POST', '/api/debts', {
            debtor: { externalRef: `C-${d.ref}`, name: 'Test Debtor', phone: d.phone, locale: d.locale, timezone: d.tz, consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'contract' } },
            debt: { externalRef: `INV-${d.ref}`, amount: d.amount, currency: d.currency, dueDate: d.due },
            flow: d.locale === 'ja' ? 'standard-ja' : 'standard-en',
          });
          if (r.status !== 201) throw new Error(`load ${d.phone}: ${r.status} ${JSON.stringify(r.json)}`);
        }),
      );
    }
    const scripts = people.flatMap((d) => script(d, rand)).sort((a, b) => a.at.getTime() - b.at.getTime());
    const end = new Date(Date.parse(START) + DAYS * 86_400_000);
    let steps = 0;
    let s = 0;
    await settle(h, 120_000);
    for (;;) {
      const now = clock.now();
      const [t] = await h.services.db.select({ at: min(timers.dueAt) }).from(timers).where(and(eq(timers.status, 'pending'), gt(timers.dueAt, now)));
      const [o] = await h.services.db.select({ at: min(outbox.notBefore) }).from(outbox).where(and(inArray(outbox.status, ['pending', 'held']), gt(outbox.notBefore, now)));
      const candidates = [t?.at, o?.at, scripts[s]?.at].filter((x): x is Date => x instanceof Date && x > now);
      if (!candidates.length) break;
      const next = new Date(Math.min(...candidates.map((x) => x.getTime())));
      if (next > end) break;
      clock.set(next);
      const batch: Script[] = [];
      while (s < scripts.length && scripts[s]!.at <= next) batch.push(scripts[s++]!);
      await Promise.all(
        batch.map((e) =>
          e.kind === 'text'
            ? text(h, e.debtor.phone, e.body)
            : recordPayment(h.services, { debtExternalRef: `INV-${e.debtor.ref}`, amount: e.amount, currency: e.debtor.currency, paidAt: next.toISOString(), reference: `tw-${e.debtor.ref}-${next.getTime()}` }, { actor: 'test' }),
        ),
      );
      await settle(h, 120_000);
      steps++;
    }
    const simulatedMs = Date.now() - wall;

    // ---- assertions, from the database alone -----------------------------------------------------
    const db = h.services.db;
    const rows = await db
      .select({ o: outbox, phone: messages.phone, debtorId: debtors.id, tz: debtors.timezone, windows: debtors.contactWindows, flow: conversations.flowKey })
      .from(outbox)
      .innerJoin(messages, eq(messages.id, outbox.messageId))
      .innerJoin(debtors, eq(debtors.id, outbox.debtorId))
      .innerJoin(conversations, eq(conversations.id, outbox.conversationId))
      .orderBy(asc(outbox.sentAt));
    const sent = rows.filter((r) => r.o.status === 'sent');
    expect(sent.length).toBe(h.fake!.received.filter((r) => r.sid).length);

    // 1. No send in quiet hours, debtor-local and (US) in the phone's area-code zone as well.
    const inQuiet = sent.filter((r) => {
      if (r.o.kind === 'optout_confirmation') return false;
      const zones = contactZones(r.flow === 'standard-en' ? 'us' : 'jp', r.tz, r.phone);
      return zones.some((z) => {
        const p = localParts(r.o.sentAt!, z);
        return p.hour < 8 || p.hour >= 21;
      });
    });
    expect(inQuiet).toEqual([]);

    // 2. Debtor-requested windows hold after the request was made.
    const windowAsks = await db
      .select({ phone: messages.phone, at: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.direction, 'inbound'), eq(messages.intent, 'contact_window')));
    const outsideWindow = sent.filter((r) => {
      const ask = windowAsks.find((w) => w.phone === r.phone);
      if (!ask || r.o.sentAt! <= ask.at || r.o.kind === 'optout_confirmation' || !r.windows?.length) return false;
      return !r.windows.some((w) => {
        const p = localParts(r.o.sentAt!, r.tz);
        const mins = p.hour * 60 + p.minute;
        const [fh, fm] = w.from.split(':').map(Number);
        const [th, tm] = w.to.split(':').map(Number);
        return (!w.days || w.days.includes(p.weekday)) && mins >= fh! * 60 + fm! && mins < th! * 60 + tm!;
      });
    });
    expect(windowAsks.length).toBeGreaterThan(0);
    expect(outsideWindow).toEqual([]);

    // 3. Daily cap per debtor (automated reminders, across debts, per local day).
    const perDay = new Map<string, number>();
    for (const r of sent.filter((x) => x.o.kind === 'reminder')) {
      const key = `${r.debtorId}:${localParts(r.o.sentAt!, r.tz).date}`;
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
    const overCap = [...perDay.entries()].filter(([, n]) => n > 2);
    expect(overCap).toEqual([]);

    // 4. Nothing after an opt-out but the one confirmation (until a START lifts it).
    const stops = await db
      .select({ phone: suppressions.phone, liftedAt: suppressions.liftedAt, at: messages.createdAt })
      .from(suppressions)
      .innerJoin(messages, eq(messages.id, suppressions.sourceMessageId))
      .where(eq(suppressions.reason, 'stop'));
    expect(stops.length).toBeGreaterThan(0);
    let confirmations = 0;
    for (const st of stops) {
      const after = sent.filter((r) => r.phone === st.phone && r.o.sentAt! >= st.at && (!st.liftedAt || r.o.sentAt! < st.liftedAt));
      expect(after.filter((r) => r.o.kind !== 'optout_confirmation')).toEqual([]);
      expect(after.filter((r) => r.o.kind === 'optout_confirmation').length).toBeLessThanOrEqual(1);
      confirmations += after.length;
    }

    // 5. Every outbound accounted for: a final status and the audit event that says why.
    const audit = await db.select({ type: auditEvents.type, data: auditEvents.data }).from(auditEvents).where(inArray(auditEvents.type, ['send.sent', 'send.held', 'send.refused', 'send.allowed', 'send.failed']));
    const byOutbox = new Map<string, Array<{ type: string; reason?: string }>>();
    for (const a of audit) {
      const id = (a.data as { outboxId: string }).outboxId;
      byOutbox.set(id, [...(byOutbox.get(id) ?? []), { type: a.type, reason: (a.data as { reason?: string }).reason }]);
    }
    const unaccounted = rows.filter((r) => {
      const ev = byOutbox.get(r.o.id) ?? [];
      if (r.o.status === 'sent') return !ev.some((e) => e.type === 'send.sent');
      if (r.o.status === 'refused') return !ev.some((e) => e.type === 'send.refused' && e.reason === r.o.reason);
      if (r.o.status === 'held') return !ev.some((e) => e.type === 'send.held') || r.o.notBefore <= end;
      if (r.o.status === 'pending') return r.o.notBefore <= end; // only work not yet due may wait
      return true; // sending / failed: the fake never fails, so neither should remain
    });
    expect(unaccounted.map((r) => [r.o.status, r.o.kind, r.o.reason])).toEqual([]);
    const [orphans] = await db.select({ n: sqlCount() }).from(messages).leftJoin(outbox, eq(outbox.messageId, messages.id)).where(and(eq(messages.direction, 'outbound'), isNull(outbox.id)));
    expect(orphans!.n).toBe(0);

    // ---- figures --------------------------------------------------------------------------------
    const count = <T,>(xs: T[], key: (x: T) => string) => Object.fromEntries([...xs.reduce((m, x) => m.set(key(x), (m.get(key(x)) ?? 0) + 1), new Map<string, number>())].sort());
    const convs = await db.select({ status: conversations.status, reason: conversations.escalationReason }).from(conversations);
    const figures = {
      mode: REAL ? 'postgres+redis' : 'pglite+memory',
      debtors: N,
      simulatedDays: DAYS,
      steps,
      scriptedEvents: scripts.length,
      personas: count(people, (d) => d.persona),
      sends: sent.length,
      sendsByKind: count(sent, (r) => r.o.kind),
      holdsByReason: count(audit.filter((a) => a.type === 'send.held'), (a) => String((a.data as { reason: string }).reason)),
      refusalsByReason: count(audit.filter((a) => a.type === 'send.refused'), (a) => String((a.data as { reason: string }).reason)),
      stillHeldAtEnd: rows.filter((r) => r.o.status === 'held' || r.o.status === 'pending').length,
      optOutConfirmations: confirmations,
      conversations: count(convs, (c) => (c.status === 'escalated' ? `escalated:${c.reason}` : c.status)),
      wallSeconds: Math.round((Date.now() - wall) / 100) / 10,
      simulationSeconds: Math.round(simulatedMs / 100) / 10,
    };
    console.log(`TIME-WARP FIGURES ${JSON.stringify(figures, null, 2)}`);
    expect(byRef.size).toBe(N);
  }, 600_000);
});
