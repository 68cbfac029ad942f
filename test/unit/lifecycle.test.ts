import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { installProcessPolicy } from '../../src/lifecycle';
import { createLogger } from '../../src/log';

function fakeProcess() {
  const ee = new EventEmitter();
  const exits: number[] = [];
  let exited: (code: number) => void = () => {};
  const done = new Promise<number>((r) => (exited = r));
  return {
    proc: {
      on: (e: string, fn: (a?: unknown) => void) => ee.on(e, fn),
      exit: (code: number) => {
        exits.push(code);
        exited(code);
      },
    },
    emit: (e: string, a?: unknown) => ee.emit(e, a),
    exits,
    done,
  };
}

function logs() {
  const lines: any[] = [];
  const log = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) }));
  return { log, lines };
}

describe('process fault policy', () => {
  it('SIGTERM runs every shutdown step in order and exits 0', async () => {
    const p = fakeProcess();
    const order: string[] = [];
    const { log } = logs();
    installProcessPolicy(p.proc, { log, timeoutMs: 1_000, steps: () => ['http', 'queue', 'database'].map((name) => ({ name, run: async () => void order.push(name) })) });
    p.emit('SIGTERM');
    expect(await p.done).toBe(0);
    expect(order).toEqual(['http', 'queue', 'database']);
  });

  it('a step that never finishes (a dependency gone) ends at the bound, exit 1', async () => {
    const p = fakeProcess();
    const { log, lines } = logs();
    const t0 = Date.now();
    installProcessPolicy(p.proc, { log, timeoutMs: 300, steps: () => [{ name: 'database', run: () => new Promise(() => {}) }] });
    p.emit('SIGTERM');
    expect(await p.done).toBe(1);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(lines.some((l) => l.step === 'database' && /did not finish/.test(l.msg))).toBe(true);
  });

  it('an uncaught exception is logged as fatal with its stack, then the process shuts down and exits 1', async () => {
    const p = fakeProcess();
    const { log, lines } = logs();
    let closed = false;
    installProcessPolicy(p.proc, { log, timeoutMs: 1_000, steps: () => [{ name: 'queue', run: () => void (closed = true) }] });
    p.emit('uncaughtException', new TypeError("Cannot read properties of null (reading 'write')"));
    expect(await p.done).toBe(1);
    expect(closed).toBe(true);
    const fatal = lines.find((l) => l.level === 60);
    expect(fatal.err.message).toContain("reading 'write'");
    expect(fatal.err.stack).toBeTruthy();
  });

  it('an unhandled rejection does the same; a second signal exits at once', async () => {
    const p = fakeProcess();
    const { log } = logs();
    installProcessPolicy(p.proc, { log, timeoutMs: 5_000, steps: () => [{ name: 'slow', run: () => new Promise(() => {}) }] });
    p.emit('unhandledRejection', new Error('boom'));
    p.emit('SIGTERM');
    expect(await p.done).toBe(1);
    expect(p.exits[0]).toBe(1);
  });
});
