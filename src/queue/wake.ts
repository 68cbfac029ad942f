import { systemClock } from '../shared/clock';
import { jobIds, type JobQueue } from './port';

/**
 * Wake-ups of the conversation stage (issue #12): coalesced, never one job per reply or timer.
 *
 * - When this process runs the drain itself (role all, the embedded default), an immediate wake-up
 *   is an in-process signal: no queue, no Redis.
 * - Otherwise, for a wake-up due now, a signal to the processes that drain (queue.signal: a Redis
 *   PUBLISH they listen to; decision 0166): at once for the first wake-up after a quiet SIGNAL_GAP_MS,
 *   then at most one more per SIGNAL_GAP_MS, sent after the wake-ups it covers. No process listening
 *   (PUBLISH reached none), a queue without signals, or a failed signal: the job below instead.
 * - Otherwise (and for later wake-ups, timers) one `drain` job per time bucket: its id names the bucket
 *   and it is delayed to the bucket's end, so it starts only after every wake-up that was given its id
 *   (a job id that is still waiting, delayed or running swallows a second add; one added before the
 *   start cannot be lost). A process adds each bucket's job once.
 *
 * Losing a wake-up loses nothing: the rows are in Postgres and the sweep wakes the drain again.
 */

/** Buckets for wake-ups due now (≤ this much added latency when the API and the drain are apart). */
export const NEAR_BUCKET_MS = 10;
/** How early a delayed job may start against the wall clock. */
const EARLY_START_MS = 2;
/** Buckets for wake-ups later than a second (timers): one job per second at most. */
export const FAR_BUCKET_MS = 1_000;

/**
 * A process that drains also wakes itself at its timers' due times, in process (one setTimeout per
 * LOCAL_BUCKET_MS, at most LOCAL_HORIZON_MS ahead): a bucket job runs at the end of its second, so
 * a storm of timers due together waited up to a second for it (half a second on average, the
 * whole lag budget of issue #12's storm). The bucket jobs stay (other processes, a restart); the
 * one that comes after the local wake-up finds the work done.
 */
export const LOCAL_BUCKET_MS = 10;
export const LOCAL_HORIZON_MS = 5 * 60_000;
/** Distinct local wake-ups pending at most (a day of distinct due times is the queue's and the sweep's). */
const LOCAL_MAX = 20_000;

/** A draining process's wake-up: its kick, and its pending local timers by bucket end. */
type Local = { kick: () => void; timers: Map<number, ReturnType<typeof setTimeout>> };

const local = new WeakMap<JobQueue, Local>();
const added = new WeakMap<JobQueue, Map<string, number>>();

/**
 * This process drains: immediate wake-ups of `queue` call `kick` instead of adding a job, later ones
 * also set a local timer, and other processes' signals (queue.listen) kick it too. Returns the undo.
 */
export function drainHere(queue: JobQueue, kick: () => void): () => void {
  const mine: Local = { kick, timers: new Map() };
  local.set(queue, mine);
  const unlisten = queue.listen?.('drain', kick);
  return () => {
    unlisten?.();
    for (const t of mine.timers.values()) clearTimeout(t);
    mine.timers.clear();
    if (local.get(queue) === mine) local.delete(queue);
  };
}

/**
 * The shortest gap between two drain signals of one process. A signal kicks the drain, whose round
 * after a wake-up from idle gathers for DRAIN_GATHER_MS (10) and whose running loop looks again
 * anyway: more frequent signals wake nothing sooner.
 */
export const SIGNAL_GAP_MS = 5;
/** After a signal that reached no process (none listens, or it failed): jobs only, for this long. */
const SIGNAL_QUIET_MS = 1_000;
type Signalling = { lastMs: number; last: Promise<number>; trailing: ReturnType<typeof setTimeout> | null; quietUntil: number };
const signalling = new WeakMap<JobQueue, Signalling>();

/**
 * Signals the drain now, or within SIGNAL_GAP_MS of the last signal once more at the gap's end
 * (sent after every wake-up it covers). When the last signal reached no process (none listens, or it
 * failed) the wake-up is the bucket job instead, and so is every one for SIGNAL_QUIET_MS after.
 */
async function signalDrain(queue: JobQueue & { signal: NonNullable<JobQueue['signal']> }): Promise<void> {
  let st = signalling.get(queue);
  if (!st) signalling.set(queue, (st = { lastMs: -Infinity, last: Promise.resolve(0), trailing: null, quietUntil: -Infinity }));
  const s = st;
  const givenAt = systemClock.now().getTime();
  const unheard = async (at = givenAt) => {
    s.quietUntil = performance.now() + SIGNAL_QUIET_MS;
    await addBucketed(queue, 'drain', [0], at);
  };
  const now = performance.now();
  if (now < s.quietUntil) return addBucketed(queue, 'drain', [0]);
  // A signal is already due after this wake-up: it covers this one too.
  if (s.trailing) return;
  if (now - s.lastMs >= SIGNAL_GAP_MS) {
    s.lastMs = now;
    s.last = queue.signal('drain').catch(() => 0);
    if ((await s.last) === 0) await unheard();
    return;
  }
  // Inside the gap: the last signal's answer decides (nobody heard it: the job).
  if ((await s.last) === 0) return addBucketed(queue, 'drain', [0], givenAt);
  if (s.trailing || performance.now() < s.quietUntil) return;
  s.trailing = setTimeout(() => {
    s.trailing = null;
    s.lastMs = performance.now();
    const at = systemClock.now().getTime();
    s.last = queue.signal('drain').catch(() => 0);
    // Nobody awaits this one: a failed job add is the sweep's to make up for.
    s.last.then((n) => (n === 0 ? unheard(at) : undefined)).catch(() => {});
  }, Math.max(0, s.lastMs + SIGNAL_GAP_MS - performance.now()));
  s.trailing.unref?.();
}

/** Local wake-ups at the end of each delay's LOCAL_BUCKET_MS bucket (never before it: a round before the due time finds nothing). */
function wakeLocally(l: Local, delaysMs: readonly number[]): void {
  const now = systemClock.now().getTime();
  for (const d of delaysMs) {
    if (d > LOCAL_HORIZON_MS || l.timers.size >= LOCAL_MAX) continue;
    const at = bucketEnd(now + d, LOCAL_BUCKET_MS);
    if (l.timers.has(at)) continue;
    const t = setTimeout(() => {
      l.timers.delete(at);
      l.kick();
    }, at - now);
    t.unref?.();
    l.timers.set(at, t);
  }
}

/** The bucket a wake-up at `runAtMs` (wall clock) belongs to, and when that bucket's job runs. */
export function bucketOf(runAtMs: number, nowMs: number): { id: string; runAtMs: number } {
  const end = bucketEnd(runAtMs, runAtMs - nowMs > 1_000 ? FAR_BUCKET_MS : NEAR_BUCKET_MS);
  return { id: jobIds.drain(end), runAtMs: end };
}

/**
 * The end of the `size`-ms bucket a wake-up at `atMs` falls in. A delayed job (or timer) can start up
 * to a millisecond before its time (timers round to whole ms): a wake-up given during that run must
 * not read as the running bucket (it would be swallowed).
 */
function bucketEnd(atMs: number, size: number): number {
  return (Math.floor((atMs + EARLY_START_MS) / size) + 1) * size;
}

/**
 * Wakes the send stage for every due outbox row: one `deliver` job per bucket (a sweep, several
 * processes sweeping at once, or many rows waiting for the same moment add one job, not a job per row).
 */
export async function wakeDeliver(queue: JobQueue): Promise<void> {
  await wakeDeliverAt(queue, [0]);
}

/** `deliver` wake-ups after these delays (throttle slots, the end of a hold): one job per distinct bucket, never early, each added once by this process. */
export async function wakeDeliverAt(queue: JobQueue, delays: readonly number[]): Promise<void> {
  await addBucketed(queue, 'deliver', delays);
}

/** Wakes the drain now, or after `delayMs` (a timer's due time: the job never runs before it). */
export async function wakeDrain(queue: JobQueue, delayMs = 0): Promise<void> {
  await wakeDrainAt(queue, [delayMs]);
}

/** Wake-ups due now go to this process's drain when it has one (later ones also wake it locally at their time), else to the draining processes' signal when one listens; the others are one job per distinct bucket, each added once by this process. */
export async function wakeDrainAt(queue: JobQueue, delays: readonly number[]): Promise<void> {
  const l = local.get(queue);
  const signals = !l && queue.signal && queue.kind !== 'cloudflare';
  const delaysMs = l || signals ? delays.filter((d) => d > 0) : delays;
  if (l && delaysMs.length < delays.length) l.kick();
  if (l && delaysMs.length) wakeLocally(l, delaysMs);
  if (signals && delaysMs.length < delays.length) await signalDrain(queue as Parameters<typeof signalDrain>[0]);
  await addBucketed(queue, 'drain', delaysMs);
}

/** One `name` job per distinct bucket of these delays, never early, each added once by this process. */
async function addBucketed(queue: JobQueue, name: 'drain' | 'deliver', delaysMs: readonly number[], givenAtMs?: number): Promise<void> {
  if (!delaysMs.length) return;
  // The bucket of when the wake-up was given (a signal that reached nobody answers a round trip later).
  const now = givenAtMs ?? systemClock.now().getTime();
  if (queue.kind === 'cloudflare') {
    // Cloudflare Queues do not dedupe by id: no bucket to wait for, only never early.
    const ds = [...new Set(delaysMs.map((d) => Math.max(0, Math.ceil(d / 1000) * 1000)))];
    await queue.addBulk(name, ds.map((d) => ({ data: {}, opts: { jobId: jobIds[name](now + d), delayMs: d } })));
    return;
  }
  let mine = added.get(queue);
  if (!mine) added.set(queue, (mine = new Map()));
  const wanted = new Map<string, number>();
  for (const d of delaysMs) {
    const runAtMs = bucketOf(now + Math.max(0, d), now).runAtMs;
    const id = jobIds[name](runAtMs);
    if (!mine.has(id)) wanted.set(id, runAtMs);
  }
  if (!wanted.size) return;
  if (mine.size > 10_000) for (const [id, at] of mine) if (at <= now) mine.delete(id);
  await queue.addBulk(name, [...wanted].map(([jobId, at]) => ({ data: {}, opts: { jobId, delayMs: at - now } })));
  // Remembered once the add went through: a failed add is tried again by the next wake-up.
  for (const [id, at] of wanted) mine.set(id, at);
}
