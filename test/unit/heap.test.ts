import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, installHeapPolicy } from '../../src/heap';

describe('installHeapPolicy', () => {
  it("fixes V8's heap growing factor at 1 + HEAP_GROWING_PERCENT / 100", () => {
    const flags: string[] = [];
    installHeapPolicy(undefined, (f) => flags.push(f));
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
  });

  it('takes HEAP_GROWING_PERCENT from the env (default 30, 0 = V8\'s own factor); a bad value stops the boot', async () => {
    const { parseEnv, EnvError } = await import('../../src/config/env');
    expect(parseEnv({}).HEAP_GROWING_PERCENT).toBe(HEAP_GROWING_PERCENT);
    expect(parseEnv({ HEAP_GROWING_PERCENT: '0' }).HEAP_GROWING_PERCENT).toBe(0);
    expect(() => parseEnv({ HEAP_GROWING_PERCENT: 'lots' })).toThrow(EnvError);
    expect(() => parseEnv({ HEAP_GROWING_PERCENT: '-5' })).toThrow(EnvError);
    const flags: string[] = [];
    installHeapPolicy(0, (f) => flags.push(f));
    expect(flags).toEqual(['--heap-growing-percent=0']);
  });

  it('is a flag this V8 knows (an unknown one would be ignored without a word)', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(out).toMatch(/--heap-growing-percent/);
  });
});
