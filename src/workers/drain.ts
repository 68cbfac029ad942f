import { causeOf } from '../db/batch';
import { systemClock } from '../shared/clock';
import { drainConversations, drainOne, readyConversationIds, type ClassifyFn, type DrainFailure } from '../conversation/engine';
import type { PostCommit } from '../outbox/queue';
import { relay } from '../outbox/relay';
import { jobIds } from '../queue/port';
import type { Services } from '../services';
import { deliverOutbox } from './sender';
import { trace, tracing } from '../shared/trace';

/**
 * The conversation stage's runner (issue #12). A wake-up (in-process signal or a coalesced `drain`
 * job) starts a loop that takes ready conversations in batches until none is left; a full batch
 * starts a second loop (SKIP LOCKED keeps them apart). After each commit the new due outbox rows go
 * straight to deliverOutbox (the send stage), a bounded number of deliveries in flight (the rows
 * beyond wait in memory for a slot: the rounds never wait for the provider); rows not yet
 * due, timers, and deliveries that fail go to the queue (relay), and the sweep backs everything up.
 *
 * A conversation that fails inside a batch does not hold the others back: it is left out of this
 * process's batches for a while and gets its own `conversation` job, which is retried and, after
 * its last attempt, dead-lettered (the batches skip dead-lettered conversations).
 */
export interface DrainerOptions {
  /** Loops at once (each holds one connection while its transaction runs). */
  loops: number;
  /** Conversations per transaction. */
  batch: number;
  /** Deliveries (deliverOutbox calls) in flight at once; due rows beyond them wait for a slot. */
  deliveries: number;
  /**
   * Gathering window (ms): a round that follows a wake-up from idle, or a round that took fewer than
   * `gatherBelow` conversations, starts this much later, so replies arriving together share one
   * round (a round costs ~15 statements whatever its size). 0 = off. Under load rounds are full and
   * start at once.
   */
  gatherMs?: number;
  gatherBelow?: number;
}

/** How long a failed conversation stays out of this process's batches (its own job retries it meanwhile). */
const QUARANTINE_MS = 120_000;
/** Outbox rows per deliverOutbox call taken from the rows waiting for a delivery slot. */
const DELIVERY_BATCH = 200;
/**
 * A storm: a round fired at least this share of a batch in timers and left ready work behind. Until
 * a round leaves nothing ready, the reminders the rounds queue wait (the firing keeps the cores;
 * decisions 0121 and 0123): none is delivered while the storm lasts, unless the oldest has
 * waited STORM_HOLD_MS, and then one delivery at a time. Answers to replies take any free slot.
 */
const STORM_SHARE = 1 / 4;
const STORM_HOLD_MS = 30_000;
const STORM_DELIVERIES = 1;
/** Deliveries past their claim (waiting for the provider, writing the results) per delivery slot, at most. */
const SENDING_PER_SLOT = 4;
/** A loop beside another leaves after a round of timers (or of nothing) that took fewer than this share of a batch (no backlog left for two). */
const EXTRA_LOOP_BELOW = 1 / 2;
/**
 * While a storm lasts, one read of the ready set serves the loops (decision 0187): this many batches' worth of the
 * oldest ready conversations, of which the loops' rounds in flight hold up to `loops` batches (left out), the rest
 * handed out a batch at a time.
 */
const POOL_BATCHES_PAST_LOOPS = 4;
/** Another worker holds ready conversations: look again this often, this many times, then leave it to its holder and the sweep. */
const BUSY_WAIT_MS = 10;
const BUSY_ROUNDS = 100;

export type Drainer = ReturnType<typeof createDrainer>;

export function createDrainer(s: Services, classify: ClassifyFn, o: DrainerOptions) {
  let running = 0;
  /** Loops inside their rounds now (running counts a loop until its promise settles; this one drops the moment it returns). */
  let active = 0;
  let dirty = false;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let storm = false;
  /** Deliveries in flight that have not committed their claim yet (they hold the slots). */
  let claiming = 0;
  /** When the oldest reminder still waiting for a storm to end was queued (0: none waits). */
  let heldSince = 0;
  /** `calm` callers waiting for the storm to end. */
  let calmWaiters: Array<() => void> = [];
  const quarantine = new Map<string, number>();
  const inflight = new Set<Promise<void>>();
  /** Due outbox rows committed while every delivery slot was taken (or a storm holds them), oldest first: answers, then reminders. */
  const urgentWaiting: PostCommit['outbox'] = [];
  const waiting: PostCommit['outbox'] = [];
  /**
   * A storm's candidates (decision 0187): ready conversations read once for all the loops, oldest first, each round
   * taking the next batch. Every loop's round used to read the ready set itself, five candidates per place, and walk
   * past the rows its sibling rounds held (joined, re-checked, then skipped): a storm's largest statement. A slice is
   * only candidates — the round locks them SKIP LOCKED and re-checks them, so a row another process took, or one
   * applied since the read, is dropped, never applied twice.
   */
  const pool: string[] = [];
  /** The conversations of the slices this process's rounds hold now (a refill leaves them out). */
  const sliced = new Set<string>();
  let refilling: Promise<void> | null = null;
  const refill = () =>
    (refilling ??= (async () => {
      try {
        const ids = await readyConversationIds(s.db, s.clock.now(), { skip: skipList() }, o.batch * (o.loops + POOL_BATCHES_PAST_LOOPS));
        // A storm that ended while this read ran leaves no candidates behind for the next one.
        if (!storm) return;
        const pooled = new Set(pool);
        for (const id of ids) if (!sliced.has(id) && !pooled.has(id)) pool.push(id);
      } finally {
        refilling = null;
      }
    })());
  /** The next batch of a storm's candidates (none outside a storm, or when nothing is left to read: the round reads the ready set itself). */
  const slice = async (): Promise<string[] | undefined> => {
    if (!storm) return undefined;
    if (pool.length < o.batch) await refill();
    const ids = pool.splice(0, o.batch).filter((id) => !quarantine.has(id));
    if (!ids.length) return undefined;
    for (const id of ids) sliced.add(id);
    return ids;
  };

  /** The storm starts or ends; its end releases the reminders it held and the `deliver` jobs waiting for it. */
  const setStorm = (on: boolean) => {
    if (storm === on) return;
    storm = on;
    if (on) return;
    pool.length = 0;
    heldSince = 0;
    const ws = calmWaiters;
    calmWaiters = [];
    for (const w of ws) w();
    pump();
  };

  const skipList = () => {
    const now = systemClock.now().getTime();
    for (const [id, until] of quarantine) if (until <= now) quarantine.delete(id);
    return [...quarantine.keys()];
  };

  /** Deliveries of reminders in flight at most: none while a storm's timers are being fired (one once a reminder has waited STORM_HOLD_MS). */
  const slots = () => (!storm ? o.deliveries : heldSince && systemClock.now().getTime() - heldSince >= STORM_HOLD_MS ? STORM_DELIVERIES : 0);
  /** Rows waiting for a slot go while there is one: answers first, at any time; reminders when no storm holds them. */
  function pump() {
    while (!stopped && urgentWaiting.length && canClaim()) deliver(urgentWaiting.splice(0, DELIVERY_BATCH));
    while (!stopped && waiting.length && inflight.size < slots()) deliver(waiting.splice(0, DELIVERY_BATCH));
    if (!waiting.length) heldSince = 0;
  }

  /**
   * An answer's delivery may start: fewer than `deliveries` are still claiming (the part that works
   * in Postgres), and fewer than SENDING_PER_SLOT × `deliveries` are in flight in all (the rest wait
   * for their provider calls and write the results). A slot is not held through the provider's answer.
   */
  const canClaim = () => claiming < o.deliveries && inflight.size < o.deliveries * SENDING_PER_SLOT;

  /** One deliverOutbox call in flight; its claim's commit frees its slot, and when it ends the next rows waiting for a slot go. */
  const deliver = (rows: PostCommit['outbox']) => {
    claiming++;
    let claimedYet = false;
    const release = () => {
      if (claimedYet) return;
      claimedYet = true;
      claiming--;
    };
    const claimed = () => {
      release();
      pump();
    };
    const p = deliverOutbox(s, rows.map((r) => r.id), { claimed })
      .then(() => undefined)
      .catch(async (e: unknown) => {
        s.log.warn({ err: e }, 'delivering after commit failed; the queue takes the rows');
        await relay(s, { outbox: rows, timers: [] });
      })
      .finally(() => {
        inflight.delete(p);
        release();
        pump();
      });
    inflight.add(p);
  };

  /**
   * After commit: due rows to the send stage now, the rest (and any failure) to the queue. With
   * every delivery slot taken the rows wait here (ids only; they are in Postgres) and the rounds go
   * on: a storm of timers fires at the drain's pace, not the provider's. During a storm its
   * reminders queue behind the rows already waiting; other rows (answers) go first.
   */
  const handOff = (post: PostCommit) => {
    const now = s.clock.now().getTime();
    const due = post.outbox.filter((r) => r.notBefore.getTime() <= now + 1000);
    const later = post.outbox.filter((r) => r.notBefore.getTime() > now + 1000);
    if (later.length || post.timers.length) void relay(s, { outbox: later, timers: post.timers });
    if (!due.length) return;
    if (tracing) trace('hand', { n: due.length, inflight: inflight.size, waiting: urgentWaiting.length });
    const urgent = storm ? due.filter((r) => r.kind !== 'reminder') : due;
    if (urgent.length < due.length) {
      waiting.push(...due.filter((r) => r.kind === 'reminder'));
      if (!heldSince) heldSince = systemClock.now().getTime();
    }
    if (urgent.length) {
      if (canClaim()) deliver(urgent);
      else urgentWaiting.push(...urgent);
    }
    pump();
  };

  const failed = (f: DrainFailure) => {
    quarantine.set(f.conversationId, systemClock.now().getTime() + QUARANTINE_MS);
    s.log.warn({ err: causeOf(f.error), conversationId: f.conversationId, timerId: f.timerId }, 'a conversation failed in a batch; it is retried on its own');
    const add = f.timerId
      ? s.queue.add('timer', { timerId: f.timerId }, { jobId: jobIds.timer(f.timerId) })
      : s.queue.add('conversation', { conversationId: f.conversationId }, { jobId: jobIds.conversation(f.conversationId) });
    add.catch((e: unknown) => s.log.warn({ err: e }, 'could not queue the failed conversation; the sweep will'));
  };

  const loop = async (): Promise<void> => {
    active++;
    try {
      await rounds();
    } finally {
      // Synchronously at the loop's end (not in a later callback): two loops cannot both read the other as still running and leave.
      active--;
    }
  };

  const rounds = async (): Promise<void> => {
    let waits = 0;
    let idle = 0;
    /** Conversations the previous round of this loop took (none yet: the wake-up's round gathers too). */
    let last = 0;
    while (!stopped) {
      if (o.gatherMs && last < (o.gatherBelow ?? 1)) await new Promise((res) => setTimeout(res, o.gatherMs));
      dirty = false;
      // The round's rows go to the send stage at its commit, not after its look for ready work left
      // (one more round trip) — unless the round fired enough timers to start a storm, which is only
      // known after that look (its reminders then wait for the storm's end).
      let handed = false;
      const committed = (c: { post: PostCommit; fired: number }) => {
        if (c.fired >= o.batch * STORM_SHARE) return;
        handed = true;
        handOff(c.post);
      };
      const candidates = await slice();
      let r: Awaited<ReturnType<typeof drainConversations>>;
      try {
        r = await drainConversations(s, classify, { limit: o.batch, skip: skipList(), woken: () => dirty, committed, ...(candidates ? { candidates } : {}) });
      } finally {
        if (candidates) for (const id of candidates) sliced.delete(id);
      }
      last = r.claimed;
      r.failed.forEach(failed);
      // On with a round full of timers and more ready; off only once a round leaves nothing ready
      // (a spread storm keeps it on while its timers keep falling due, rather than flapping).
      if (r.readyLeft && r.fired >= o.batch * STORM_SHARE) setStorm(true);
      else if (!r.readyLeft) setStorm(false);
      if (!handed) handOff(r.post);
      // A full batch: there is a backlog, so a second loop helps (it takes other rows).
      if (r.claimed >= o.batch && running < o.loops) start();
      // No backlog (a round under half a batch, mostly timers or nothing) and another loop is on: this
      // one leaves. A trickle of due timers (a storm spread over time) is one loop's, whose rounds grow
      // with what falls due meanwhile; every extra loop paid a round's fixed cost again for a few timers
      // each, on the same cores. Rounds of replies keep their loops (their latency is the reply path's).
      else if (active > 1 && r.claimed < o.batch * EXTRA_LOOP_BELOW && r.fired * 2 >= r.applied) return;
      const progress = r.applied + r.classified + r.failed.length > 0;
      idle = progress ? 0 : idle + 1;
      if ((dirty || r.readyLeft) && (progress || idle < 3)) continue;
      if (!r.readyLeft) return;
      // Ready work this loop cannot take yet: another worker holds it. Look again shortly.
      if (++waits >= BUSY_ROUNDS) return;
      await new Promise((res) => setTimeout(res, BUSY_WAIT_MS));
    }
  };

  const start = () => {
    running++;
    loop()
      .catch((e: unknown) => {
        s.log.warn({ err: causeOf(e) }, 'drain failed; trying again shortly (the sweep backs it up)');
        if (!stopped && !retryTimer)
          retryTimer = setTimeout(() => {
            retryTimer = null;
            kick();
          }, 1_000);
      })
      .finally(() => {
        running--;
        settle();
      });
  };

  /** No loop left running: whatever ended it (no ready work, an error), the storm is over for this process. */
  const settle = () => {
    if (running === 0) setStorm(false);
  };

  /** A wake-up: start a loop when none runs; a running one looks again before it stops. */
  const kick = () => {
    if (stopped) return;
    dirty = true;
    if (running === 0) start();
  };

  return {
    kick,
    /** The `drain` job: runs a loop here (errors fail the job, which is retried) and waits for its deliveries. */
    async run(): Promise<void> {
      if (stopped) return;
      dirty = true;
      if (running >= o.loops) return;
      running++;
      try {
        await loop();
      } finally {
        running--;
        settle();
      }
      await Promise.allSettled([...inflight]);
    },
    /** The `conversation` job: one conversation alone; throws when it still fails. */
    async one(conversationId: string): Promise<void> {
      const r = await drainOne(s, conversationId, classify);
      quarantine.delete(conversationId);
      handOff(r.post);
      await Promise.allSettled([...inflight]);
    },
    /**
     * Resolves once no storm's timers are being fired here (at most `maxMs`): the send stage's
     * `deliver` job waits for it rather than compete with the firing for the cores; bounded, so
     * the rows it was woken for are never held back for long.
     */
    async calm(maxMs: number): Promise<void> {
      if (!storm || stopped) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((res) => {
        calmWaiters.push(res);
        timer = setTimeout(res, maxMs);
      });
      clearTimeout(timer);
    },
    /** Deliveries still in flight (tests, shutdown). */
    async settled(): Promise<void> {
      while (running > 0 || inflight.size) await new Promise((res) => setTimeout(res, 5));
    },
    /** Takes no new round; resolves once the running rounds and their deliveries are done (as a queue's close waits for its jobs). */
    async stop(): Promise<void> {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      for (const w of calmWaiters.splice(0)) w();
      while (running > 0 || inflight.size) await new Promise((res) => setTimeout(res, 5));
      // Rows still waiting for a delivery slot: to the queue (and, failing that, the sweep finds them).
      const left = [...urgentWaiting.splice(0), ...waiting.splice(0)];
      if (left.length) await relay(s, { outbox: left, timers: [] });
    },
  };
}
