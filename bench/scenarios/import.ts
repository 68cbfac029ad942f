/**
 * Scenario 3 — campaign-scale loading: a CSV of N debts (100,000 in the full run) POSTed to
 * /api/debts/import of the real app (its own child process, no workers) until every row is reported
 * and every first reminder is armed and queued; /healthz is probed every 100 ms meanwhile. Baselines
 * in the same run, same bytes: a raw COPY of the file into a table of text columns, and a raw
 * enqueue of N no-op jobs on the same kind of queue. Before/after: the one-debt path (createDebt,
 * a transaction per debt — what the import did per row before) on a sample, in the same child.
 */
import { pgClient } from '../lib/pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import type { Child } from '../lib/child';
import { percentile, round, sortNumbers } from '../lib/stats';
import { jpPhone } from '../lib/twilio-body';
import { deleteKeys } from '../../test/support/redis-keys';

const HEADER = 'debtor_external_ref,name,phone,locale,timezone,consent_obtained_at,consent_source,debt_external_ref,amount,currency,due_date,flow';
const TOKEN = 'bench-admin-token-0123456789';

/**
 * N rows like a creditor's monthly file; every 100th row has a bad phone number (reported, not loaded).
 * Other scenarios load their conversations with it: `prefix` keeps their numbers and references apart,
 * a `dueDate` weeks ahead arms first reminders that are not due during the run.
 */
export function campaignCsv(n: number, o: { prefix?: string; offset?: number; dueDate?: string; badEvery?: number } = {}): Uint8Array<ArrayBuffer> {
  const prefix = o.prefix ?? '80';
  const offset = o.offset ?? 0;
  const badEvery = o.badEvery ?? 100;
  const lines = [HEADER];
  for (let k = 0; k < n; k++) {
    const i = offset + k;
    const phone = badEvery && i % badEvery === badEvery - 1 ? '123' : jpPhone(i, prefix).local;
    lines.push(`C-imp${prefix}-${i},山田 太郎${i % 1000},${phone},ja,Asia/Tokyo,2026-04-01T00:00:00+09:00,契約書,INV-imp${prefix}-${i},${12000 + (i % 7) * 500},JPY,${o.dueDate ?? '2026-11-19'},standard-ja`);
  }
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

/** POSTs a CSV to the app's import; the summary (rows/created/exists/invalid). Throws on a refusal. */
export async function postImport(origin: string, csv: Uint8Array<ArrayBuffer>): Promise<Record<string, number>> {
  const res = await fetch(`${origin}/api/debts/import`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' }, body: csv });
  const body = (await res.json()) as { summary?: Record<string, number>; error?: unknown };
  if (!res.ok || !body.summary) throw new Error(`import answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.summary;
}

async function probeHealth(origin: string, stop: { done: boolean }): Promise<number[]> {
  const out: number[] = [];
  while (!stop.done) {
    const t = performance.now();
    const r = await fetch(`${origin}/healthz`).catch(() => null);
    await r?.arrayBuffer();
    out.push(r?.ok ? performance.now() - t : Infinity);
    await new Promise((res) => setTimeout(res, 100));
  }
  return out;
}

const latency = (xs: number[]) => {
  const s = sortNumbers(xs);
  return { n: xs.length, p50Ms: round(percentile(s, 50), 1), p99Ms: round(percentile(s, 99), 1), maxMs: round(s[s.length - 1] ?? NaN, 1), failed: xs.filter((x) => !Number.isFinite(x)).length };
};

/** Raw COPY of the same bytes into a table of text columns (Postgres: a fresh database; PGlite: in memory). */
async function rawCopy(csv: Uint8Array<ArrayBuffer>): Promise<number> {
  const url = process.env.DATABASE_URL;
  const cols = HEADER.split(',').map((c) => `${c} text`).join(', ');
  if (!url) {
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = new PGlite();
    await pg.exec(`create table staging (${cols})`);
    const t = performance.now();
    await pg.query(`copy staging from '/dev/blob' with (format csv, header)`, [], { blob: new Blob([csv]) });
    const s = (performance.now() - t) / 1000;
    await pg.close();
    return s;
  }
  const name = `saisoku_bench_copy_${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = pgClient(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = pgClient(u.toString(), { max: 1, onnotice: () => {} });
  try {
    await db.unsafe(`create table staging (${cols})`);
    const t = performance.now();
    const w = await db.unsafe(`copy staging from stdin with (format csv, header)`).writable();
    await pipeline(Readable.from([csv]), w);
    return (performance.now() - t) / 1000;
  } finally {
    await db.end();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Raw enqueue of N no-op jobs (ready now) on the same kind of queue the app uses, 500 per addBulk. */
async function rawEnqueue(n: number): Promise<number> {
  const { createMemoryQueue } = await import('../../src/queue/memory-queue');
  const { createBullmqQueue } = await import('../../src/queue/bullmq-queue');
  const url = process.env.REDIS_URL;
  const prefix = `benchq${crypto.randomUUID().slice(0, 8)}`;
  const queue = url ? createBullmqQueue(url, { prefix }) : createMemoryQueue({ backoffMs: 50 });
  try {
    // Connected before the clock starts (the queue refuses work while Redis is still connecting).
    await queue.ping();
    for (let k = 0; k < 50; k++) {
      try {
        await queue.addBulk('timer', []);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const t = performance.now();
    for (let i = 0; i < n; i += 500) {
      await queue.addBulk('timer', Array.from({ length: Math.min(500, n - i) }, () => {
        const id = crypto.randomUUID();
        return { data: { timerId: id }, opts: { jobId: `timer-${id}`, delayMs: 0 } };
      }));
    }
    return (performance.now() - t) / 1000;
  } finally {
    await queue.close();
    if (url) await deleteKeys(url, prefix);
  }
}

export async function runImport(app: Child, p: { rows: number; oneByOneSample: number; log: (s: string) => void }) {
  const csv = campaignCsv(p.rows);
  p.log(`import: ${p.rows} rows, ${(csv.length / 2 ** 20).toFixed(1)} MiB; baseline first (raw COPY, raw enqueue)`);
  const copyS = await rawCopy(csv);
  const enqueueS = await rawEnqueue(p.rows);
  p.log(`import: raw COPY ${copyS.toFixed(2)} s, raw enqueue ${enqueueS.toFixed(2)} s`);

  const idleStop = { done: false };
  const idleProbe = probeHealth(app.origin, idleStop);
  await new Promise((r) => setTimeout(r, 2000));
  idleStop.done = true;
  const idle = latency(await idleProbe);

  const cpu0 = await app.cpuUs();
  const st0 = await app.statements();
  const stop = { done: false };
  const probe = probeHealth(app.origin, stop);
  const t = performance.now();
  const res = await fetch(`${app.origin}/api/debts/import`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' }, body: csv });
  const body = (await res.json()) as { summary?: Record<string, number>; error?: unknown };
  const importS = (performance.now() - t) / 1000;
  stop.done = true;
  const during = latency(await probe);
  const cpu1 = await app.cpuUs();
  const st1 = await app.statements();
  if (!res.ok || !body.summary) throw new Error(`import answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  p.log(`import: ${importS.toFixed(1)} s (${Math.round(p.rows / importS)} rows/s), ${JSON.stringify(body.summary)}; /healthz p99 ${during.p99Ms} ms during vs ${idle.p99Ms} ms idle`);

  // Before: the one-debt path (a transaction per debt), as the import ran each row until this change.
  const c0 = await app.cpuUs();
  const s0 = await app.statements();
  const t1 = performance.now();
  const created = await app.seed(p.oneByOneSample, 0, '70');
  const oneS = (performance.now() - t1) / 1000;
  const c1 = await app.cpuUs();
  const s1 = await app.statements();
  p.log(`import: one-by-one sample ${created} debts in ${oneS.toFixed(1)} s (${Math.round(created / oneS)} /s)`);

  const created_ = body.summary.created ?? 0;
  return {
    rows: p.rows,
    bytes: csv.length,
    summary: body.summary,
    app: {
      seconds: round(importS, 2),
      rowsPerS: Math.round(p.rows / importS),
      cpuMsPerRow: round((cpu1 - cpu0) / 1000 / p.rows, 3),
      statementsPerRow: round((st1 - st0) / p.rows, 3),
      firstRemindersQueued: created_,
    },
    health: { idle, during },
    baseline: { copySeconds: round(copyS, 2), enqueueSeconds: round(enqueueS, 2), seconds: round(copyS + enqueueS, 2) },
    oneByOne: { debts: created, seconds: round(oneS, 2), perS: Math.round(created / oneS), cpuMsPerDebt: round((c1 - c0) / 1000 / Math.max(created, 1), 3), statementsPerDebt: round((s1 - s0) / Math.max(created, 1), 2), projectedSecondsForRows: round((p.rows / created) * oneS, 0) },
    ratios: {
      'import / (raw COPY + raw enqueue)': round(importS / (copyS + enqueueS), 2),
      'health p99 during / idle': round(during.p99Ms / idle.p99Ms, 2),
      'import rows/s / one-by-one debts/s': round(p.rows / importS / (created / oneS), 1),
    },
    target: { seconds: 60, met: importS <= 60 },
  };
}
