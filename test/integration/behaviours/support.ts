import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { auditEvents, messages, outbox, timers } from '../../../db/schema';
import { sweep } from '../../../src/workers/sweep';
import type { ManualClock } from '../../../src/shared/clock';
import { TWILIO_FROM, type Harness } from '../../support/harness';

let sidCounter = 0;

/** The debtor texts the bot, through the signed Twilio webhook. */
export async function text(h: Harness, from: string, body: string, sid?: string): Promise<Response> {
  const id = sid ?? `SM${(++sidCounter).toString(16).padStart(8, '0')}${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const res = await h.twilioPost('/webhooks/twilio/inbound', { MessageSid: id, SmsSid: id, AccountSid: h.fake!.accountSid, From: from, To: TWILIO_FROM, Body: body, NumMedia: '0' });
  if (res.status !== 200) throw new Error(`inbound ${res.status}`);
  return res;
}

/** What the fake Twilio accepted for one number, in order. */
export const sentTo = (h: Harness, to: string) => h.fake!.received.filter((r) => r.sid && r.to === to).map((r) => r.body ?? '');

/**
 * Lets everything that is due at the current simulated time run to the end: sweeps (no inbound
 * grace) until no inbound waits, no due timer or send is pending, and nothing is mid-send.
 */
export async function settle(h: Harness, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let quiet = 0;
  for (;;) {
    const now = h.clock.now();
    await sweep(h.services, { inboundGraceMs: 0 });
    const db = h.services.db;
    const [a] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.direction, 'inbound'), isNull(messages.processedAt))).limit(1);
    const [b] = await db.select({ id: timers.id }).from(timers).where(and(eq(timers.status, 'pending'), lte(timers.dueAt, now))).limit(1);
    const [c] = await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(inArray(outbox.status, ['pending', 'held', 'sending']), lte(outbox.notBefore, now)))
      .limit(1);
    if (!a && !b && !c) {
      if (++quiet >= 2) return;
    } else quiet = 0;
    if (Date.now() > end) throw new Error(`settle timed out (inbound ${Boolean(a)}, timer ${Boolean(b)}, send ${Boolean(c)})`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Moves the simulated clock, then lets what became due run. */
export async function at(h: Harness, iso: string): Promise<void> {
  (h.clock as ManualClock).set(iso);
  await settle(h);
}

export async function conversation(h: Harness, id: string) {
  const r = await h.api('GET', `/api/conversations/${id}`);
  if (r.status !== 200) throw new Error(`GET conversation ${r.status}`);
  return r.json;
}

export async function gateAudit(h: Harness, conversationId: string) {
  const rows = await h.services.db.select().from(auditEvents).where(eq(auditEvents.conversationId, conversationId)).orderBy(auditEvents.id);
  return rows.filter((r) => r.type.startsWith('send.')).map((r) => ({ type: r.type, ...(r.data as Record<string, any>) }) as { type: string; kind?: string; reason?: string; until?: string; [k: string]: unknown });
}

/** Publishes a variant of a shipped flow under a new key (e.g. a different policy). */
export async function publishVariant(h: Harness, base: 'standard-ja' | 'standard-en', key: string, edit: (src: string) => string): Promise<string> {
  const src = readFileSync(new URL(`../../../flows/${base}.yaml`, import.meta.url), 'utf8').replace(/^key: .*$/m, `key: ${key}`);
  const r = await h.services.flows.publish(edit(src), 'test', h.clock.now());
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return key;
}
