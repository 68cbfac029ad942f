import { describe, expect, it } from 'vitest';
import { createCoalescer } from '../../../src/shared/coalescer';

/** Group commit as a contract: who rides in which batch, and whose failure is whose. */
describe('createCoalescer', () => {
  it('hands calls made together to one flush and answers each with its own result', async () => {
    const batches: number[][] = [];
    const submit = createCoalescer(async (xs: number[]) => {
      batches.push(xs);
      return xs.map((x) => x * 10);
    });
    expect(await Promise.all([1, 2, 3, 4].map(submit))).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('collects what arrives while a batch is being written into the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const submit = createCoalescer(async (xs: number[]) => {
      batches.push(xs);
      if (batches.length === 1) await held;
      return xs;
    });
    const first = submit(1);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4].map(submit);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('splits at maxBatch', async () => {
    const sizes: number[] = [];
    const submit = createCoalescer(
      async (xs: number[]) => {
        sizes.push(xs.length);
        return xs;
      },
      { maxBatch: 3 },
    );
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map(submit));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(7);
    expect(Math.max(...sizes)).toBe(3);
  });

  it('rejects only the caller whose result is an Error; a thrown flush rejects its whole batch', async () => {
    const submit = createCoalescer(async (xs: number[]) => xs.map((x) => (x === 2 ? new Error('bad row') : x)));
    const rs = await Promise.allSettled([1, 2, 3].map(submit));
    expect(rs.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);

    let calls = 0;
    const failing = createCoalescer(async (xs: number[]) => {
      if (++calls === 1) throw new Error('down');
      return xs;
    });
    const rs2 = await Promise.allSettled([1, 2].map(failing));
    expect(rs2.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // The coalescer is still usable after a failed batch.
    expect(await failing(5)).toBe(5);
  });
});
