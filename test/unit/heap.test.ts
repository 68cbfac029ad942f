import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, installHeapPolicy } from '../../src/heap';

describe('installHeapPolicy', () => {
  it("fixes V8's heap growing factor at 1 + HEAP_GROWING_PERCENT / 100", () => {
    const flags: string[] = [];
    installHeapPolicy((f) => flags.push(f));
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
  });

  it('is a flag this V8 knows (an unknown one would be ignored without a word)', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(out).toMatch(/--heap-growing-percent/);
  });
});
