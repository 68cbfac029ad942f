/**
 * Micro bench of the send stage alone (issue #12, send-batch): N first reminders due, delivered
 * (a) in ONE deliverOutbox call, (b) one id per call, as the per-row `send` job does. The provider is
 * an in-process stub that accepts at once, so the figures are the app's own cost per send: CPU ms
 * (process.cpuUsage of this process; Postgres runs in its own) and SQL statements (BEGIN/COMMIT
 * included) the send stage sent. Loading the debts is not measured.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/scenarios/send-batch.ts [--rows=200]
 *
 * Standalone (not wired into bench/run.ts, which belongs to the bench scenarios' owner).
 */
import { pgClient } from '../lib/pg';
import { randomUUID } from 'node:crypto';
import { inArray, eq } from 'drizzle-orm';
import { outbox, timers } from '../../db/schema';
import { fireTimer } from '../../src/conversation/engine';
import { buildServices } from '../../src/bootstrap';
import type { SmsProvider } from '../../src/channels/port';
import { parseEnv } from '../../src/config/env';
import { openPostgres } from '../../src/db/client';
import { createDebt } from '../../src/dunning/debts';
import { createLogger } from '../../src/log';
import { createMemoryQueue } from '../../src/queue/memory-queue';
import { ManualClock } from '../../src/shared/clock';
import { deliverOutbox, processSend } from '../../src/workers/sender';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required (postgres.js counts the statements)');
const rows = Number(process.argv.find((a) => a.startsWith('--rows='))?.slice(7) ?? 200);

const stub: SmsProvider = {
  name: 'twilio',
  sender: '+15005550006',
  send: async () => ({ ok: true, providerMessageId: `SM${randomUUID().replace(/-/g, '')}`, channel: 'sms', status: 'queued' }),
  verifySignature: async () => true,
  parseInbound: () => ({ ok: false, error: 'stub' }),
  parseStatus: () => ({ ok: false, error: 'stub' }),
};

async function main() {
  const name = `saisoku_sendbench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = pgClient(url!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url!);
  u.pathname = `/${name}`;
  let statements = 0;
  const database = await openPostgres(u.toString(), { max: 10, onStatement: () => statements++ });
  try {
    const queue = createMemoryQueue();
    const env = parseEnv({ PUBLIC_BASE_URL: 'http://bench.invalid', ADMIN_API_TOKEN: 'bench-admin-token-0123456789', DATA_DIR: '/tmp/saisoku-bench-unused', SMS_DOMESTIC_ROUTES: 'twilio=JP', SEND_RATE_LIMITS: 'twilio=off' });
    const clock = new ManualClock('2026-11-20T10:00:00+09:00');
    const s = await buildServices(env, { database, queue, provider: stub, clock, log: createLogger('silent') });
    // No workers: the first reminders stay queued in the outbox for the measured part.
    const load = async (prefix: string) => {
      for (let i = 0; i < rows; i++) {
        const r = await createDebt(s, {
          debtor: { externalRef: `C-${prefix}-${i}`, name: '山田 太郎', phone: `090${String(30000000 + i + (prefix === 'b' ? rows : 0))}`, locale: 'ja', timezone: 'Asia/Tokyo', consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'contract' } },
          debt: { externalRef: `INV-${prefix}-${i}`, amount: 12000, currency: 'JPY', dueDate: '2026-11-21' },
          flow: 'standard-ja',
        } as Parameters<typeof createDebt>[1]);
        if (!('conversationId' in r)) throw new Error(`seed: ${JSON.stringify(r)}`);
      }
      // The debts' first timers, fired here (no workers): each queues its first reminder.
      for (const t of await s.db.select({ id: timers.id }).from(timers).where(eq(timers.status, 'pending'))) await fireTimer(s, t.id);
      const due = await s.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'pending'));
      return due.map((d) => d.id);
    };
    const measure = async (label: string, ids: string[], run: () => Promise<unknown>) => {
      const st0 = statements;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await run();
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const st = statements - st0;
      const sent = (await s.db.select({ id: outbox.id }).from(outbox).where(inArray(outbox.id, ids))).length;
      const done = (await s.db.select({ status: outbox.status }).from(outbox).where(inArray(outbox.id, ids))).filter((r) => r.status === 'sent').length;
      const line = { label, rows: ids.length, sent: done, wallMs: Math.round(ms), cpuMsPerSend: +((c.user + c.system) / 1000 / ids.length).toFixed(2), statementsPerSend: +(st / ids.length).toFixed(2), of: sent };
      console.log(JSON.stringify(line));
      return line;
    };
    const a = await load('a');
    await measure(`one deliverOutbox call (${rows} ids)`, a, () => deliverOutbox(s, a));
    const b = await load('b');
    await measure('one id per call (the per-row send job)', b, async () => {
      for (const id of b) await processSend(s, id);
    });
    await queue.close();
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
