import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { leaksIn } from '../../../scripts/log-leaks';
import { createLogger } from '../../../src/log';

/** The log scan CI runs over the whole test run's logs (scripts/log-leaks.ts): it must really fail on a leak. */
describe('log leak scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saisoku-logscan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes lines through the production logger (with its redaction) into `<dir>/<name>.ndjson`. */
  function logFile(name: string, write: (log: ReturnType<typeof createLogger>) => void): string {
    const file = join(dir, `${name}.ndjson`);
    const log = createLogger('debug', pino.destination({ dest: file, sync: true }));
    write(log);
    return readFileSync(file, 'utf8');
  }

  const scan = (sub: string) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/log-leaks.ts', sub], { encoding: 'utf8' });

  it('passes ordinary logs, the logger’s own redactions and debug lines', () => {
    const text = logFile('clean', (log) => {
      log.info({ role: 'all', port: 3000 }, 'saisoku is up');
      log.info({ phone: '+819012345678', body: '払いました', name: '山田 太郎' }, 'redacted by the logger');
      log.warn({ err: new Error('connection refused'), queue: 'send' }, 'job failed');
      log.debug({ detail: '+819012345678 払いました' }, 'debug lines are not checked');
    });
    expect(leaksIn(text)).toEqual([]);
  });

  it('catches a planted phone number, name and message body at info level and above', () => {
    const text = logFile('planted', (log) => {
      log.info({ ctx: { debtor: { phone: '+819012345678' } } }, 'nested phone');
      log.info('reply received from 090-1234-5678');
      log.warn({ err: new Error('could not store 山田 太郎') }, 'an error carrying a name');
      log.error({ msgs: [{ text: 'I will pay on Friday' }] }, 'a body under a personal key');
      log.info({ summary: '25日に払います' }, 'a Japanese body');
    });
    const leaks = leaksIn(text, 'planted');
    expect([...new Set(leaks.map((l) => l.line))]).toEqual([1, 2, 3, 4, 5]);
    expect(leaks[0]!.why).toMatch(/phone/);
    expect(leaks.find((l) => l.line === 4)!.why).toMatch(/"text" is not redacted/);
  });

  it('the CI command exits 1 on a planted leak and 0 on clean logs', () => {
    const planted = mkdtempSync(join(dir, 'p-'));
    logFile(join(planted.slice(dir.length + 1), 'worker'), (log) => log.info({ deep: { msg: { from: '+15551234567' } } }, 'leak'));
    const bad = scan(planted);
    expect(bad.status, bad.stderr).toBe(1);
    expect(bad.stderr).toMatch(/FAIL: 1 log line/);
    const clean = mkdtempSync(join(dir, 'c-'));
    logFile(join(clean.slice(dir.length + 1), 'worker'), (log) => log.info({ conversationId: 'c0ffee' }, 'fine'));
    const good = scan(clean);
    expect(good.status, good.stderr).toBe(0);
    const empty = mkdtempSync(join(dir, 'e-'));
    expect(scan(empty).status).toBe(1);
  });
});
