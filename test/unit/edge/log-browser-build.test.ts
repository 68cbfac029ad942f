import { afterEach, describe, expect, it, vi } from 'vitest';

// The Workers bundle resolves `pino` to its browser build (wrangler bundles with browser fields),
// which writes through console.* and redacts only when told to log objects. Load that build here.
vi.mock('pino', async () => {
  const browserBuild = 'pino/browser.js';
  const browser = (await import(/* @vite-ignore */ browserBuild)) as { default?: unknown };
  return { default: browser.default ?? browser };
});

const { createLogger } = await import('../../../src/log');

describe("the logger under pino's browser build (the Worker's)", () => {
  const lines: unknown[][] = [];
  (['info', 'warn', 'error', 'log'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void lines.push(a)));
  afterEach(() => {
    lines.length = 0;
  });

  it('redacts bodies and phone numbers, and serializes errors without query values', () => {
    const log = createLogger('info');
    const failed = Object.assign(new Error('Failed query: select 1 where phone = $1\nparams: +819012345678'), { query: 'select 1 where phone = $1', params: ['+819012345678'] });
    log.info({ phone: '+819012345678', msg2: { body: '払いました' } }, 'inbound');
    log.warn({ err: failed }, 'job failed');
    const out = JSON.stringify(lines);
    expect(lines.length).toBe(2);
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('+819012345678');
    expect(out).not.toContain('払いました');
    expect(out).toContain('select 1 where phone = $1');
    expect(lines.every((l) => typeof l[0] === 'object')).toBe(true); // object mode: one structured record per call
  });
});
