import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startPgCluster, startRedis, type PgCluster, type RedisServer } from '../support/servers';

/**
 * SIGTERM ends the real process within SHUTDOWN_TIMEOUT_MS (+1 s backstop) even when a dependency
 * is gone (issue #8: a faulted app ignored SIGTERM; decision 0108 §6). The app runs as its own
 * process (`src/main.ts`, api and workers in one) on a Postgres and a Redis of this test's own;
 * one of them is stopped, then SIGTERM. Unit-level: test/unit/lifecycle.test.ts.
 */
const SHUTDOWN_TIMEOUT_MS = 3000;
// The bound plus the backstop second, plus slack for a loaded 2-core machine.
const BOUND_MS = SHUTDOWN_TIMEOUT_MS + 1000 + 3000;

describe('SIGTERM with a dependency gone', () => {
  let pg: PgCluster | undefined;
  let redis: RedisServer | undefined;
  let app: ChildProcess | undefined;
  afterEach(async () => {
    if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    await redis?.stop();
    pg?.destroy();
    app = pg = redis = undefined;
  });

  const start = async () => {
    pg = await startPgCluster();
    redis = await startRedis();
    const port = await freePort();
    let output = '';
    app = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        VITEST: '',
        DATABASE_URL: pg.url,
        REDIS_URL: redis.url,
        PORT: String(port),
        ADMIN_API_TOKEN: 'sigterm-test-admin-token-0123',
        SWEEP_INTERVAL_MS: '500',
        WORKER_CONCURRENCY: '2',
        LOG_LEVEL: 'warn',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'saisoku-sigterm-')),
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (d) => (output += d));
    app.stderr!.on('data', (d) => (output += d));
    const end = Date.now() + 150_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (app.exitCode !== null || Date.now() > end) throw new Error(`app did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return { port, output: () => output };
  };

  /** SIGTERM; the exit code (null = still running at `ms`, then killed) and how long it took. */
  const term = async (p: ChildProcess, ms: number) => {
    const t0 = Date.now();
    const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    p.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), ms))]);
    return { code, tookMs: Date.now() - t0 };
  };

  it('Postgres stopped: exits within the bound', async () => {
    const { port } = await start();
    pg!.stop();
    // A request that needs the database, in flight when the signal comes.
    const inFlight = fetch(`http://127.0.0.1:${port}/api/debts`, { headers: { authorization: 'Bearer sigterm-test-admin-token-0123' } }).catch(() => null);
    await new Promise((r) => setTimeout(r, 200));
    const r = await term(app!, BOUND_MS + 5000);
    await inFlight;
    expect(r.code).not.toBe('running');
    expect(r.tookMs).toBeLessThan(BOUND_MS);
  }, 240_000);

  it('Redis stopped: exits within the bound', async () => {
    await start();
    await redis!.stop();
    await new Promise((r) => setTimeout(r, 500));
    const r = await term(app!, BOUND_MS + 5000);
    expect(r.code).not.toBe('running');
    expect(r.tookMs).toBeLessThan(BOUND_MS);
  }, 240_000);
});
