import { setFlagsFromString } from 'node:v8';

/**
 * V8's heap growing factor, fixed (issue #12, docs/decisions/0134-import-answer-streams.md). By
 * default V8 lets the old generation grow to up to ~4× what survived the last full GC before it
 * collects again; a long CSV import fills that room with dead batches (heap used 279 MiB for 70 MiB
 * live), and the pages stay resident after the import, so the RSS followed the longest import.
 * At 1.3× the heap's high during a 50,000-row import is 108 MiB and the RSS 10k → 100k conversations
 * is flat (226 → 233 MiB); the cost is more frequent full GCs (measured in docs/benchmarks.md).
 * Node entry points only (main.ts, the bench's app): node:v8 does not exist on Workers.
 */
export const HEAP_GROWING_PERCENT = 30;

/** `percent` from the env (HEAP_GROWING_PERCENT); 0 leaves V8's own factor (the flag's own "unset" value). */
export function installHeapPolicy(percent: number = HEAP_GROWING_PERCENT, set: (flags: string) => void = setFlagsFromString): void {
  set(`--heap-growing-percent=${percent}`);
}
