/**
 * Group commit: calls that arrive while a batch is being written (or in the same turn of the event
 * loop as the first) are handed to `flush` together, and each caller gets its own result when the
 * batch it rode in is done. Idle, a lone call waits one `setImmediate` (or `windowMs`); under load
 * the batch grows by itself to whatever arrived during the previous write, up to `maxBatch`.
 *
 * `flush` returns one result per item, in order; a result may be an Error (that caller alone is
 * rejected). If `flush` throws, every caller of that batch is rejected with it.
 */
export interface CoalescerOptions {
  /** Largest batch handed to `flush` (default 500). */
  maxBatch?: number;
  /** How long the first call of an idle coalescer waits for company (default 0 = next turn). */
  windowMs?: number;
  /** Batches written at the same time (default 1: the next batch collects while this one commits). */
  maxInFlight?: number;
}

export type Submit<I, O> = (item: I) => Promise<O>;

interface Waiting<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export function createCoalescer<I, O>(flush: (items: I[]) => Promise<Array<O | Error>>, o: CoalescerOptions = {}): Submit<I, O> {
  const maxBatch = o.maxBatch ?? 500;
  const windowMs = o.windowMs ?? 0;
  const maxInFlight = o.maxInFlight ?? 1;
  let queue: Array<Waiting<I, O>> = [];
  let inFlight = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || inFlight >= maxInFlight || !queue.length) return;
    scheduled = true;
    const go = () => {
      scheduled = false;
      void run();
    };
    if (windowMs > 0 || typeof setImmediate !== 'function') setTimeout(go, windowMs);
    else setImmediate(go);
  };

  async function run() {
    if (inFlight >= maxInFlight || !queue.length) return;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    inFlight++;
    try {
      const results = await flush(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} returned ${results.length} results`);
      batch.forEach((w, i) => {
        const r = results[i]!;
        if (r instanceof Error) w.reject(r);
        else w.resolve(r);
      });
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      inFlight--;
      // What arrived during this write goes out now, together.
      if (queue.length) {
        if (queue.length >= maxBatch || windowMs === 0) void run();
        else schedule();
      }
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (queue.length >= maxBatch && inFlight < maxInFlight) void run();
      else schedule();
    });
}
