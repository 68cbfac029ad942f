import { and, eq, gte, inArray, isNull } from 'drizzle-orm';
import { debtors, debts, outbox, suppressions } from '../../db/schema';
import { gateFacts } from '../compliance/gate-facts';
import { decide } from '../compliance/send-gate';
import type { FlowDefinition } from '../flow/schema';
import { simulateFlow } from '../conversation/simulate';
import type { DbOrTx } from '../db/client';
import { localDate } from '../shared/time';
import { estimateCost, type CostLine, type SegmentPrice } from '../channels/cost';
import type { CampaignRowInput } from './rows';
import type { Issue } from '../shared/issues';

export interface CampaignPreview {
  rows: number;
  valid: number;
  invalid: number;
  /** Debts already loaded (by debt external ref): skipped at launch. */
  alreadyLoaded: number;
  /** Valid rows whose number is suppressed now, by reason (opted out = stop). */
  suppressed: Record<string, number>;
  /** What the send gate would do with each row's first reminder at its time. */
  firstSend: { send: number; hold: Record<string, number>; refuse: Record<string, number> };
  /** First reminders, and every reminder of the schedule if nobody answers or pays. */
  cost: { first: CostLine; schedule: CostLine };
  /** The first 200 invalid rows: each one's first problem (`field`, `message`) and every one (`issues`; absent in previews stored before decision 0188). */
  invalidRows: Array<{ row: number; field: string; message: string; issues?: Issue[] }>;
}

const SCHEDULE_SCRIPT = 'day 60: wait';
const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

/** What the flow sends a debt loaded at `start` if nothing happens, memoised on what changes the text's length. */
function scheduleFor(flow: FlowDefinition, cache: Map<string, Array<{ at: string; body: string }>>, start: Date, row: Extract<CampaignRowInput, { status: 'valid' }>, tz: string) {
  const d = row.input.debt;
  const variant = row.rowNo % 2;
  const key = `${d.dueDate}|${d.currency}|${tz}|${variant}|${String(d.amount).length}|${row.input.debtor.name.length}`;
  let out = cache.get(key);
  if (!out) {
    const sim = simulateFlow(flow, SCHEDULE_SCRIPT, { start: start.toISOString(), dueDate: d.dueDate, amount: d.amount, currency: d.currency, timezone: tz, variant });
    out = sim.transcript.filter((e) => e.direction === 'outbound' && e.template?.startsWith('reminder')).map((e) => ({ at: e.at, body: e.body }));
    cache.set(key, out);
  }
  return out;
}

const defaultTimezone = (row: Extract<CampaignRowInput, { status: 'valid' }>) =>
  row.input.debtor.timezone ?? (row.phone.startsWith('+81') || row.input.debtor.locale === 'ja' ? 'Asia/Tokyo' : 'America/New_York');

/**
 * The preview before anything is sent: facts gathered from the database (suppressions, debtors
 * already known, today's reminders to them, debts already loaded), each row's first reminder
 * decided by the real send gate's pure decide(), segments and cost from the flow's own texts.
 */
export async function previewCampaign(db: DbOrTx, flow: FlowDefinition, rows: CampaignRowInput[], startAt: Date, price: SegmentPrice): Promise<CampaignPreview> {
  const valid = rows.filter((r): r is Extract<CampaignRowInput, { status: 'valid' }> => r.status === 'valid');
  const phones = [...new Set(valid.map((r) => r.phone))];
  const refs = valid.map((r) => r.input.debt.externalRef);
  const debtorRefs = [...new Set(valid.map((r) => r.input.debtor.externalRef))];
  const chunk = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / 5000) }, (_, i) => xs.slice(i * 5000, i * 5000 + 5000));
  const sup = new Map<string, string>();
  const loaded = new Set<string>();
  const known = new Map<string, typeof debtors.$inferSelect>();
  for (const part of chunk(phones)) {
    for (const s of await db.select({ phone: suppressions.phone, reason: suppressions.reason }).from(suppressions).where(and(inArray(suppressions.phone, part), isNull(suppressions.liftedAt)))) sup.set(s.phone, s.reason);
  }
  for (const part of chunk(refs)) for (const d of await db.select({ ref: debts.externalRef }).from(debts).where(inArray(debts.externalRef, part))) loaded.add(d.ref);
  for (const part of chunk(debtorRefs)) for (const d of await db.select().from(debtors).where(inArray(debtors.externalRef, part))) known.set(d.externalRef, d);
  // Reminders already sent to known debtors around the start (the daily cap counts every debt of a debtor).
  const sentByDebtor = new Map<string, Date[]>();
  const knownIds = [...known.values()].map((d) => d.id);
  for (const part of chunk(knownIds)) {
    const sent = await db
      .select({ debtorId: outbox.debtorId, sentAt: outbox.sentAt })
      .from(outbox)
      .where(and(inArray(outbox.debtorId, part), eq(outbox.kind, 'reminder'), eq(outbox.status, 'sent'), gte(outbox.sentAt, new Date(startAt.getTime() - 2 * 86_400_000))));
    for (const s of sent) if (s.debtorId && s.sentAt) sentByDebtor.set(s.debtorId, [...(sentByDebtor.get(s.debtorId) ?? []), s.sentAt]);
  }

  const out: CampaignPreview = {
    rows: rows.length,
    valid: valid.length,
    invalid: rows.length - valid.length,
    alreadyLoaded: 0,
    suppressed: {},
    firstSend: { send: 0, hold: {}, refuse: {} },
    cost: { first: estimateCost([], price), schedule: estimateCost([], price) },
    invalidRows: rows
      .filter((r) => r.status === 'invalid')
      .slice(0, 200)
      .map((r) => ({ row: r.rowNo, field: r.field, message: r.message, issues: r.issues })),
  };
  const cache = new Map<string, Array<{ at: string; body: string }>>();
  const firstBodies: string[] = [];
  const allBodies: string[] = [];
  // Reminders this campaign itself would send to one debtor on one local day (several debts, one debtor).
  const campaignSameDay = new Map<string, number>();
  for (const row of valid) {
    if (loaded.has(row.input.debt.externalRef)) {
      out.alreadyLoaded++;
      continue;
    }
    const debtor = known.get(row.input.debtor.externalRef);
    const tz = defaultTimezone(row);
    const suppression = sup.get(row.phone) ?? null;
    if (suppression) bump(out.suppressed, suppression === 'stop' ? 'opted_out' : suppression);
    const schedule = scheduleFor(flow, cache, startAt, row, tz);
    const first = schedule[0];
    if (!first) continue;
    const at = new Date(Math.max(new Date(first.at).getTime(), startAt.getTime()));
    const day = `${row.input.debtor.externalRef}|${localDate(at, tz)}`;
    const earlier = (debtor ? (sentByDebtor.get(debtor.id) ?? []).filter((s) => localDate(s, tz) === localDate(at, tz)).length : 0) + (campaignSameDay.get(day) ?? 0);
    // The debtor as it will be once loaded: its known row (windows, erasure), this row's timezone and consent.
    const facts = gateFacts({
      now: at,
      subject: { phone: row.phone, kind: 'reminder', author: 'bot', body: first.body },
      flow,
      debtor: {
        timezone: debtor?.timezone ?? tz,
        locale: row.input.debtor.locale ?? debtor?.locale ?? null,
        consentObtainedAt: row.input.debtor.consent.obtainedAt ? new Date(row.input.debtor.consent.obtainedAt) : null,
        contactWindows: debtor?.contactWindows ?? null,
        erasedAt: debtor?.erasedAt ?? null,
      },
      suppression,
      conversation: { heldBy: null, status: 'active' },
      automatedToday: earlier,
      debtLast7Days: 0,
    });
    const d = decide(facts);
    if (d.action === 'send') out.firstSend.send++;
    else bump(out.firstSend[d.action], d.reason);
    if (d.action !== 'refuse') {
      campaignSameDay.set(day, (campaignSameDay.get(day) ?? 0) + 1);
      firstBodies.push(first.body);
      for (const s of schedule) allBodies.push(s.body);
    }
  }
  out.cost = { first: estimateCost(firstBodies, price), schedule: estimateCost(allBodies, price) };
  return out;
}
