/**
 * Scenario 4 — timer storm. N conversations are loaded through the CSV import into the app (its own
 * process, workers and sweep running, clock running from a weekday 10:00 JST); then, per shape,
 * one new `reminder` timer per conversation is armed (a row in `timers`, woken the way the app wakes
 * its own new timers: relay) — due within 10 s ("spread") or all at the same instant ("instant") —
 * and 10 % of the conversations reply "払いました" before the due time, which cancels their reminder.
 *
 * Measured through public behaviour only, so it holds whatever wakes the timers (a delayed BullMQ job
 * per timer today, a batched drain from Postgres later): fire lag = `fired_at - due_at` of the rows
 * in Postgres (the app's clock runs with real time), and the reminder SMS at the fake Twilio
 * (`at` − due). Redis memory per timer: MEMORY USAGE of the app's keys after arming minus before,
 * ÷ timers. Baseline in the same run, alternating with the app: a raw BullMQ drain of the same count
 * of delayed no-op jobs with the same due times and the same worker concurrency.
 *
 * Settling: the app fires a storm's timers first and sends its reminders after (decision 0121), so
 * its sends outlast its own measurement. Before every measurement but the first (and once after the
 * last) the harness waits, bounded (`settleTimeoutMs`), until the app's outbox has no due unsent row
 * (`pending`/`sending` with `not_before` ≤ the app's now) or the reminder count at the fake and the
 * due count have not moved for `SETTLE_STILL_MS`; the wait and the reminders that reached the fake in
 * total (by the end of the settle after the app's measurement) are reported.
 */
import { pgClient } from '../lib/pg';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { FakeTwilio } from '../../test/support/fake-twilio';
import { deleteKeys } from '../../test/support/redis-keys';
import type { Child } from '../lib/child';
import { boxDelta, boxSnapshot } from '../lib/proc-cpu';
import { openLoop } from '../lib/loadgen';
import { percentile, round, sleep, sortNumbers } from '../lib/stats';
import { INBOUND_PATH, jpPhone, makeSigner, type TwilioCreds } from '../lib/twilio-body';
import { campaignCsv, postImport } from './import';

export interface TimerOptions {
  conversations: number;
  /** Arm → first due time, ms (arming and the replies happen in this time). */
  leadMs: number;
  spreadMs: number;
  /** After the last due time: give up waiting for timers still pending. */
  drainTimeoutMs: number;
  concurrency: number;
  cancelFraction: number;
  /** Bound of the wait for the app's outbox to settle before the next measurement. */
  settleTimeoutMs: number;
  log: (s: string) => void;
}

const PREFIX = '60';
/** The settle also ends when neither the fake's count nor the due count has moved for this long. */
const SETTLE_STILL_MS = 5_000;

/** Bytes Redis holds under `prefix:*` (MEMORY USAGE of every key, pipelined). */
export async function redisBytes(url: string, prefix: string): Promise<{ bytes: number; keys: number }> {
  const r = new Redis(url);
  let bytes = 0;
  let keys = 0;
  try {
    let cursor = '0';
    do {
      const [next, batch] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (!batch.length) continue;
      const p = r.pipeline();
      for (const k of batch) p.memory('USAGE', k);
      for (const [, v] of (await p.exec()) ?? []) bytes += Number(v ?? 0);
      keys += batch.length;
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return { bytes, keys };
}

const lagStats = (lags: number[], censored = 0) => {
  const s = sortNumbers(lags);
  return { n: lags.length, censored, p50Ms: round(percentile(s, 50), 1), p99Ms: round(percentile(s, 99), 1), maxMs: round(s.length ? s[s.length - 1]! : NaN, 1) };
};

/** Raw BullMQ: n delayed no-op jobs with the given due times (real clock), drained by `concurrency` workers. */
async function rawDrain(url: string, dues: number[], concurrency: number, timeoutMs: number) {
  const prefix = `benchstorm${crypto.randomUUID().slice(0, 8)}`;
  const connection = { url, maxRetriesPerRequest: null } as const;
  const queue = new Queue('timer', { connection, prefix });
  const lags: number[] = [];
  const worker = new Worker('timer', async (job) => void lags.push(Date.now() - (job.data as { due: number }).due), { connection, prefix, concurrency, autorun: false });
  try {
    await queue.waitUntilReady();
    const t = Date.now();
    for (let i = 0; i < dues.length; i += 500)
      await queue.addBulk(dues.slice(i, i + 500).map((due, k) => ({ name: 'timer', data: { due }, opts: { jobId: `timer-${i + k}`, delay: Math.max(0, due - Date.now()), removeOnComplete: true } })));
    const armS = (Date.now() - t) / 1000;
    const mem = await redisBytes(url, prefix);
    void worker.run();
    const end = Math.max(...dues) + timeoutMs;
    while (lags.length < dues.length && Date.now() < end) await sleep(100);
    const pending = dues.length - lags.length;
    return { armSeconds: round(armS, 2), redisBytesPerTimer: round(mem.bytes / dues.length, 0), lag: lagStats(lags, pending), armedLate: dues[0]! < t + armS * 1000 };
  } finally {
    await worker.close(true).catch(() => {});
    await queue.close().catch(() => {});
    await deleteKeys(url, prefix).catch(() => {});
  }
}

export async function runTimers(app: Child, fake: FakeTwilio, creds: TwilioCreds, o: TimerOptions) {
  const dbUrl = app.info.dbUrl as string | undefined;
  const redisPrefix = app.info.redisPrefix as string | undefined;
  const redisUrl = process.env.REDIS_URL;
  if (!dbUrl || !redisPrefix || !redisUrl) return { skipped: 'needs DATABASE_URL and REDIS_URL (Postgres rows and BullMQ keys are what is measured)' };
  const offsetMs = Number(app.info.clockOffsetMs ?? 0);
  const sql = pgClient(dbUrl, { max: 2, onnotice: () => {} });
  /** Reminder SMS lags at the fake since `mark`: first per phone, repliers and non-storm phones left out. */
  const reminderLags = (mark: number, replied: Set<string>, dueByPhone: Map<string, number>) => {
    const seen = new Set<string>();
    const lags: number[] = [];
    for (const r of fake.received.slice(mark)) {
      if (!r.sid || !r.to || seen.has(r.to) || replied.has(r.to) || !dueByPhone.has(r.to)) continue;
      seen.add(r.to);
      lags.push(r.at.getTime() + offsetMs - dueByPhone.get(r.to)!);
    }
    return lags;
  };
  /**
   * Fired storm timers (repliers of this shape left out) whose phone got no SMS at the fake since
   * `mark`, by the conversation's state now: a state without a `reminder` transition (paid_claimed
   * after an earlier shape's "払いました") fires the timer and sends nothing, as the flow says;
   * `dunning` here would be a lost reminder.
   */
  const withoutSms = async (a: { mark: number; replied: Set<string>; firedPhones: string[] }) => {
    const got = new Set(fake.received.slice(a.mark).filter((r) => r.sid && r.to).map((r) => r.to!));
    const missing = a.firedPhones.filter((p) => !a.replied.has(p) && !got.has(p));
    const byState: Record<string, number> = {};
    if (missing.length) {
      const states = await sql<Array<{ state: string; n: number }>>`
        select c.state, count(*)::int n from conversations c join debtors d on d.id = c.debtor_id
        where d.phone = any(${missing}::text[]) group by c.state order by 2 desc`;
      for (const r of states) byState[r.state] = r.n;
    }
    return { n: missing.length, byState };
  };
  /** Wait until the app's outbox has no due unsent row, or nothing moves for SETTLE_STILL_MS; bounded. */
  const settle = async (label: string) => {
    const t = Date.now();
    const end = t + o.settleTimeoutMs;
    const received0 = fake.received.length;
    let due = -1;
    let reason: 'no due unsent rows' | 'nothing moved' | 'timeout' = 'timeout';
    let lastMove = t;
    let lastSeen = -1;
    let dueAtStart = -1;
    while (true) {
      const [c] = await sql<Array<{ n: number }>>`select count(*)::int n from outbox where status in ('pending', 'sending') and not_before <= now() + ${`${offsetMs} milliseconds`}::interval`;
      const seen = fake.received.length;
      if (dueAtStart < 0) dueAtStart = c!.n;
      if (c!.n !== due || seen !== lastSeen) lastMove = Date.now();
      due = c!.n;
      lastSeen = seen;
      if (due === 0) { reason = 'no due unsent rows'; break; }
      if (Date.now() - lastMove >= SETTLE_STILL_MS) { reason = 'nothing moved'; break; }
      if (Date.now() >= end) break;
      await sleep(250);
    }
    const res = { seconds: round((Date.now() - t) / 1000, 1), reason, dueAtStart, dueLeft: due, smsDuring: fake.received.length - received0 };
    o.log(`timers: settle before ${label}: ${res.seconds} s (${reason}); due unsent outbox rows ${res.dueAtStart} → ${res.dueLeft}, ${res.smsDuring} SMS reached the fake meanwhile`);
    return res;
  };
  try {
    // Load: the first tenth (at most 10k), RSS, then the rest, RSS (item 5: RSS from 10k to 100k conversations).
    const first = Math.min(10_000, Math.max(1, Math.floor(o.conversations / 10)));
    const mem0 = await app.mem();
    const t = Date.now();
    const s1 = await postImport(app.origin, campaignCsv(first, { prefix: PREFIX, dueDate: '2026-12-31', badEvery: 0 }));
    const memA = await app.mem();
    const s2 = o.conversations > first ? await postImport(app.origin, campaignCsv(o.conversations - first, { prefix: PREFIX, offset: first, dueDate: '2026-12-31', badEvery: 0 })) : { created: 0 };
    const memB = await app.mem();
    const created = (s1.created ?? 0) + (s2.created ?? 0);
    const loadS = (Date.now() - t) / 1000;
    o.log(`timers: ${created} conversations loaded by import in ${loadS.toFixed(1)} s; app RSS ${(memA.rss / 2 ** 20).toFixed(0)} MiB at ${s1.created} → ${(memB.rss / 2 ** 20).toFixed(0)} MiB at ${created}`);
    const rss = {
      beforeLoadMiB: round(mem0.rss / 2 ** 20, 1),
      atFirst: { conversations: s1.created, rssMiB: round(memA.rss / 2 ** 20, 1), heapUsedMiB: round(memA.heapUsed / 2 ** 20, 1) },
      atAll: { conversations: created, rssMiB: round(memB.rss / 2 ** 20, 1), heapUsedMiB: round(memB.heapUsed / 2 ** 20, 1) },
    };

    const shapes: Array<{ name: 'spread' | 'instant'; spreadMs: number }> = [
      { name: 'spread', spreadMs: o.spreadMs },
      { name: 'instant', spreadMs: 0 },
    ];
    const out: Record<string, unknown> = {};
    let lastApp: { mark: number; replied: Set<string>; dueByPhone: Map<string, number>; firedPhones: string[] } | undefined;
    let measured = 0;
    type Settled = Awaited<ReturnType<typeof settle>>;
    /** Before a measurement that follows another: settle; the app run just before gets its total reminders. */
    const settleBefore = async (label: string, prevApp: { settleAfter?: Settled; reminderSmsTotal?: ReturnType<typeof lagStats>; firedWithoutSms?: Awaited<ReturnType<typeof withoutSms>> } | undefined) => {
      if (measured++ === 0) return undefined;
      const s = await settle(label);
      if (prevApp && lastApp) {
        prevApp.settleAfter = s;
        prevApp.reminderSmsTotal = lagStats(reminderLags(lastApp.mark, lastApp.replied, lastApp.dueByPhone));
        prevApp.firedWithoutSms = await withoutSms(lastApp);
        o.log(`timers: reminder SMS at the fake in total (after the settle): ${prevApp.reminderSmsTotal.n}, p50 ${prevApp.reminderSmsTotal.p50Ms} p99 ${prevApp.reminderSmsTotal.p99Ms} ms; fired without one: ${JSON.stringify(prevApp.firedWithoutSms)}`);
        lastApp = undefined;
      }
      return s;
    };
    let prevAppRes: any;
    for (const [k, shape] of shapes.entries()) {
      const runApp = async () => {
        const before = await redisBytes(redisUrl, redisPrefix);
        // The app's CPU and statements from arming to the last timer fired (the replies, the arming and
        // the firing; the held reminders mostly leave after): per fired timer, little moved by the load.
        const cpu0 = await app.cpuUs();
        const st0 = await app.statements();
        // The Postgres backends of the app's database over the same window (/proc; null off Linux).
        const appDb = typeof app.info.dbUrl === 'string' ? new URL(app.info.dbUrl).pathname.slice(1) : undefined;
        const box0 = boxSnapshot({ appPid: app.pid, appDb });
        const armT = Date.now();
        const { armed, loMs, hiMs } = await app.arm(created, o.leadMs, shape.spreadMs, PREFIX);
        const armS = (Date.now() - armT) / 1000;
        const after = await redisBytes(redisUrl, redisPrefix);
        const lo = new Date(loMs - 5);
        const hi = new Date(hiMs + 5);
        o.log(`timers ${shape.name}: armed ${armed} in ${armS.toFixed(1)} s (due ${shape.spreadMs ? `over ${shape.spreadMs / 1000} s` : 'at one instant'}, ${((lo.getTime() - offsetMs - Date.now()) / 1000).toFixed(1)} s from now); Redis +${Math.round((after.bytes - before.bytes) / Math.max(1, armed))} B per timer`);
        // 10 % reply before the due time: their reminder is cancelled (paid_claimed cancels 'reminder').
        const repliers = Array.from({ length: created }, (_, i) => i).filter((i) => i % Math.round(1 / o.cancelFraction) === k);
        const phones = repliers.map((i) => jpPhone(i, PREFIX).e164);
        const signer = makeSigner(creds, phones, ['払いました']);
        const untilDue = lo.getTime() - offsetMs - Date.now();
        const replyRate = Math.max(20, Math.ceil(phones.length / Math.max(1, untilDue / 2000)));
        const mark = fake.received.length;
        const http = phones.length
          ? await openLoop({
              origin: app.origin,
              rate: replyRate,
              durationS: phones.length / replyRate,
              build: (i) => {
                const r = signer.next(i, phones[i]!);
                return { path: INBOUND_PATH, body: r.body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': r.signature } };
              },
            })
          : null;
        // The firing alone (from the first due time on; the arming and the replies came before it): the app's and its
        // Postgres backends' CPU, per fired timer, without the arming's and the replies' share.
        await sleep(Math.max(0, lo.getTime() - offsetMs - Date.now()));
        const fireCpu0 = await app.cpuUs();
        const fireBox0 = boxSnapshot({ appPid: app.pid, appDb });
        const wal0 = await walSnapshot(sql);
        // Wait for every storm timer to leave 'pending', or give up drainTimeoutMs after the last due time.
        const end = hi.getTime() - offsetMs + o.drainTimeoutMs;
        let pending = Infinity;
        while (Date.now() < end) {
          const [c] = await sql<Array<{ n: number }>>`select count(*)::int n from timers where name = 'reminder' and due_at between ${lo} and ${hi} and status = 'pending'`;
          pending = c!.n;
          if (pending === 0) break;
          await sleep(500);
        }
        const cpu1 = await app.cpuUs();
        const wal1 = await walSnapshot(sql);
        const cpuMs = (cpu1 - cpu0) / 1000;
        const stmts = (await app.statements()) - st0;
        const box1 = boxSnapshot({ appPid: app.pid, appDb });
        const pgMsSince = (from: typeof box1) => (from && box1 ? (boxDelta(from, box1)['postgres: app db backends'] ?? 0) / 1000 : null);
        const pgMs = pgMsSince(box0);
        const fireCpuMs = (cpu1 - fireCpu0) / 1000;
        const firePgMs = pgMsSince(fireBox0);
        const rows = await sql<Array<{ lag: number | null; status: string; phone: string; due: Date }>>`
          select extract(epoch from (coalesce(t.fired_at, now() + ${`${offsetMs} milliseconds`}::interval) - t.due_at)) * 1000 as lag, t.status, d.phone, t.due_at as due
          from timers t join conversations c on c.id = t.conversation_id join debtors d on d.id = c.debtor_id
          where t.name = 'reminder' and t.due_at between ${lo} and ${hi}`;
        // Leftovers would keep firing during the next measurement: give them up (rows cancelled, the
        // wake-ups become no-ops), and let the sends already queued finish, bounded.
        if (pending > 0) {
          // Rows the app's firing round holds are skipped, never waited for: a plain bulk UPDATE here
          // deadlocked (40P01) with that round's lock on the same rows taken in another order, and killed
          // the run. The skipped rows are firing; the loop ends when none is pending.
          for (let i = 0; i < 200; i++) {
            await sql`update timers set status = 'cancelled' where id in (select id from timers where name = 'reminder' and due_at between ${lo} and ${hi} and status = 'pending' order by id for update skip locked)`;
            const [row] = await sql<Array<{ n: number }>>`select count(*)::int as n from timers where name = 'reminder' and due_at between ${lo} and ${hi} and status = 'pending'`;
            if (!row || row.n === 0) break;
            await sleep(50);
          }
          // Their wake-ups (one delayed job per timer on today's code) would still run as no-ops for
          // minutes: dropped with BullMQ's own drain of the app's 'timer' queue (a no-op if that
          // queue is not used). Only the far-future first reminders of the import share it here.
          const q = new Queue('timer', { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: redisPrefix });
          await q.drain(true).catch(() => {});
          await q.close();
        }
        const quiet = Date.now() + o.drainTimeoutMs;
        while (Date.now() < quiet) {
          const [q] = await sql<Array<{ n: number }>>`select count(*)::int n from outbox where status in ('pending', 'sending')`;
          if (q!.n === 0) break;
          await sleep(500);
        }
        const replied = new Set(phones);
        const fired = rows.filter((r) => r.status === 'fired');
        const stillPending = rows.filter((r) => r.status === 'pending');
        const dueByPhone = new Map(rows.map((r) => [r.phone, r.due.getTime()]));
        // The effect: the reminder SMS at the fake (first one per phone after arming), as far as they
        // got by the end of this measurement; the total is counted again after the next settle.
        const smsLags = reminderLags(mark, replied, dueByPhone);
        lastApp = { mark, replied, dueByPhone, firedPhones: fired.map((r) => r.phone) };
        const res: any = {
          armed,
          armSeconds: round(armS, 2),
          armedLate: lo.getTime() - offsetMs < armT + armS * 1000,
          redisBytesPerTimer: round((after.bytes - before.bytes) / Math.max(1, armed), 0),
          fireLag: lagStats(
            [...fired.map((r) => Number(r.lag)), ...stillPending.map((r) => Number(r.lag))],
            stillPending.length,
          ),
          /** Over the timers that fired within the wait only (the censored ones left out). */
          fireLagFiredOnly: lagStats(fired.map((r) => Number(r.lag))),
          fired: fired.length,
          cpuMsPerFired: round(cpuMs / Math.max(1, fired.length), 3),
          statementsPerFired: round(stmts / Math.max(1, fired.length), 3),
          /** The app database's Postgres backends' CPU over the app's window, per fired timer (null off Linux). */
          pgCpuMsPerFired: pgMs === null ? null : round(pgMs / Math.max(1, fired.length), 3),
          /** The same two from the first due time on (the firing; the arming and the replies left out). */
          firing: {
            appCpuMsPerFired: round(fireCpuMs / Math.max(1, fired.length), 3),
            pgCpuMsPerFired: firePgMs === null ? null : round(firePgMs / Math.max(1, fired.length), 3),
            // The whole cluster's WAL and checkpoints over the firing (decision 0191): a checkpoint started in it makes
            // every page's next first change a full-page image, the storm's largest swing between runs.
            wal: walDelta(wal0, wal1, fired.length),
          },
          cancelled: rows.filter((r) => r.status === 'cancelled').length,
          pendingAtTimeout: stillPending.length,
          replies: { sent: http?.sent ?? 0, ok: http?.ok ?? 0, rate: replyRate, firedAnyway: fired.filter((r) => replied.has(r.phone)).length, cancelled: rows.filter((r) => r.status === 'cancelled' && replied.has(r.phone)).length },
          reminderSms: lagStats(smsLags),
          settleBefore: null as Settled | null | undefined,
        };
        o.log(`timers ${shape.name} app: fired ${res.fired}, cancelled ${res.cancelled} (of ${phones.length} replied: ${res.replies.cancelled} cancelled, ${res.replies.firedAnyway} fired first), pending at timeout ${res.pendingAtTimeout}; fire lag p50 ${res.fireLag.p50Ms} p99 ${res.fireLag.p99Ms} max ${res.fireLag.maxMs} ms; reminder SMS at the fake ${res.reminderSms.n}, p50 ${res.reminderSms.p50Ms} p99 ${res.reminderSms.p99Ms} ms; app CPU ${res.cpuMsPerFired} ms, its Postgres backends ${res.pgCpuMsPerFired ?? '–'} ms and ${res.statementsPerFired} statements per fired timer (the firing alone, from the first due time: app ${res.firing.appCpuMsPerFired}, Postgres ${res.firing.pgCpuMsPerFired ?? '–'} ms; ${res.firing.wal ? `WAL ${res.firing.wal.mb} MB, ${res.firing.wal.bytesPerFired} B per fired timer, ${res.firing.wal.fpi} full-page images, ${res.firing.wal.checkpoints} checkpoints` : 'WAL counters reset during the firing'})`);
        return res;
      };
      const runRaw = async () => {
        const start = Date.now() + o.leadMs;
        const dues = Array.from({ length: created }, (_, i) => Math.round(start + (shape.spreadMs * i) / created));
        const res = await rawDrain(redisUrl, dues, o.concurrency, o.drainTimeoutMs);
        o.log(`timers ${shape.name} raw BullMQ: ${created} delayed jobs armed in ${res.armSeconds} s, ${res.redisBytesPerTimer} B each; lag p50 ${res.lag.p50Ms} p99 ${res.lag.p99Ms} max ${res.lag.maxMs} ms, ${res.lag.censored} unfired at timeout`);
        return res;
      };
      // Alternate which goes first.
      const measureApp = async () => {
        const s = await settleBefore(`${shape.name} app`, prevAppRes);
        const r = await runApp();
        r.settleBefore = s ?? null;
        prevAppRes = r;
        return r;
      };
      const measureRaw = async () => {
        const s = await settleBefore(`${shape.name} raw BullMQ`, prevAppRes);
        prevAppRes = undefined;
        return { ...(await runRaw()), settleBefore: s ?? null };
      };
      const appRes = k % 2 === 0 ? await measureApp() : undefined;
      const rawRes = await measureRaw();
      const app2 = appRes ?? (await measureApp());
      out[shape.name] = {
        spreadMs: shape.spreadMs,
        app: app2,
        raw: rawRes,
        ratios: {
          'app/raw fire lag p50': round(app2.fireLag.p50Ms / Math.max(1, rawRes.lag.p50Ms), 2),
          'app/raw fire lag p99': round(app2.fireLag.p99Ms / Math.max(1, rawRes.lag.p99Ms), 2),
          /** More than 1 % of the app's timers had not fired when the wait ended: its p99 is a lower bound. */
          'app p99 is a lower bound': app2.pendingAtTimeout > app2.armed / 100,
          'app/raw Redis bytes per timer': round(app2.redisBytesPerTimer / Math.max(1, rawRes.redisBytesPerTimer), 2),
        },
      };
    }
    // The last app run's reminders: counted after one more settle.
    if (prevAppRes) await settleBefore('the end', prevAppRes);
    return { conversations: created, loadSeconds: round(loadS, 1), concurrency: o.concurrency, leadMs: o.leadMs, rss, ...out, target: 'fire lag p99 ≤ 2× the raw BullMQ drain of the same count (issue #12)' };
  } finally {
    await sql.end();
  }
}

type WalSnapshot = { bytes: number; fpi: number; checkpoints: number };
/** pg_stat_wal and pg_stat_bgwriter (the cluster's, PG 14+): WAL bytes, full-page images, checkpoints timed + requested. */
async function walSnapshot(sql: ReturnType<typeof pgClient>): Promise<WalSnapshot> {
  const [w] = await sql<Array<{ bytes: string; fpi: string; checkpoints: string }>>`
    select w.wal_bytes::text as bytes, w.wal_fpi::text as fpi, (b.checkpoints_timed + b.checkpoints_req)::text as checkpoints
    from pg_stat_wal w, pg_stat_bgwriter b`;
  return { bytes: Number(w!.bytes), fpi: Number(w!.fpi), checkpoints: Number(w!.checkpoints) };
}
/** Null when the counters went back (someone reset them during the firing: bench/storm-lab.sh does). */
function walDelta(a: WalSnapshot, b: WalSnapshot, fired: number) {
  const bytes = b.bytes - a.bytes;
  if (bytes < 0 || b.fpi < a.fpi || b.checkpoints < a.checkpoints) return null;
  return { mb: round(bytes / 2 ** 20, 1), bytesPerFired: Math.round(bytes / Math.max(1, fired)), fpi: b.fpi - a.fpi, checkpoints: b.checkpoints - a.checkpoints };
}
