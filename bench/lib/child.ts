/** Spawns one bench/server.ts variant in its own Node process (tsx loader) and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildConfig } from '../server';

const SERVER = fileURLToPath(new URL('../server.ts', import.meta.url));

export interface Child {
  variant: string;
  origin: string;
  /** The child's process id (the box CPU split reads its /proc entry). */
  pid: number;
  /** Every process of this target (--app-split: the api process first, then the worker); [pid] otherwise. */
  pids: number[];
  info: Record<string, unknown>;
  /** Child's CPU time so far (user + system), µs. */
  cpuUs(): Promise<number>;
  /** SQL statements the child has sent so far (postgres.js only; 0 otherwise). */
  statements(): Promise<number>;
  seed(n: number, offset: number, prefix: string): Promise<number>;
  /** Scenario 4: arms one new reminder timer for each of n conversations of debtors +81<prefix>…, due from leadMs ahead (app clock) over spreadMs; the due window in the app's clock. */
  arm(n: number, leadMs: number, spreadMs: number, prefix: string): Promise<{ armed: number; loMs: number; hiMs: number }>;
  /** process.memoryUsage() of the child. */
  mem(): Promise<{ rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; rssAnon?: number; rssFile?: number; rssBrk?: number; lazyFree?: number }>;
  stop(): Promise<void>;
}

function waitFor<T>(proc: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: any) => {
      if (m?.type === type) {
        done();
        resolve(m as T);
      } else if (m?.type === 'error') {
        done();
        reject(new Error(`bench child: ${m.message}`));
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`bench child exited (${code}) while waiting for ${type}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`bench child: no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      proc.off('message', onMsg);
      proc.off('exit', onExit);
    };
    proc.on('message', onMsg);
    proc.once('exit', onExit);
  });
}

export async function startChild(cfg: ChildConfig): Promise<Child> {
  const proc = fork(SERVER, [cfg.variant], {
    // BENCH_CPU_PROF=<dir>: each child writes a V8 CPU profile there at exit (open in Chrome DevTools).
    // --expose-gc: the 'mem' probe collects garbage first, so heap used is what the app retains.
    // BENCH_NODE_FLAGS='--max-semi-space-size=32 …': node/V8 flags for the server children only (experiments; not the load generator's).
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, BENCH_CHILD: JSON.stringify(cfg) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await waitFor<{ port: number; info: Record<string, unknown> }>(proc, 'ready', 120_000).catch((e) => {
    proc.kill('SIGKILL');
    throw e;
  });
  let chain = Promise.resolve<unknown>(null);
  const ask = <T>(msg: unknown, type: string, timeoutMs: number): Promise<T> => {
    const p = chain.then(() => {
      const w = waitFor<T>(proc, type, timeoutMs);
      proc.send(msg as never);
      return w;
    });
    chain = p.catch(() => null);
    return p;
  };
  return {
    variant: cfg.variant,
    origin: `http://127.0.0.1:${ready.port}`,
    pid: proc.pid!,
    pids: [proc.pid!],
    info: ready.info,
    async cpuUs() {
      const m = await ask<{ userUs: number; systemUs: number }>({ cmd: 'cpu' }, 'cpu', 10_000);
      return m.userUs + m.systemUs;
    },
    async statements() {
      const m = await ask<{ statements?: number }>({ cmd: 'cpu' }, 'cpu', 10_000);
      return m.statements ?? 0;
    },
    async seed(n, offset, prefix) {
      const m = await ask<{ created: number }>({ cmd: 'seed', n, offset, prefix }, 'seeded', 300_000);
      return m.created;
    },
    arm(n, leadMs, spreadMs, prefix) {
      return ask({ cmd: 'arm', n, leadMs, spreadMs, conversationPhonePrefix: prefix }, 'armed', 600_000);
    },
    mem() {
      return ask({ cmd: 'mem' }, 'mem', 10_000);
    },
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.send({ cmd: 'stop' });
      const t = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/**
 * --app-split: the app as two processes against one database and one Redis prefix, as a deployer runs
 * `--role api` beside `--role worker` (CONTRACT.md): an api child (HTTP + ingest, no workers: variant
 * `full`, it owns the fresh database and prefix) and a worker child (drain, send stage; no HTTP) attached
 * to them. One Child to the scenarios: requests go to the api; CPU, statements and RSS are both
 * processes' sums; seeding and arming run in the api (as an import or the API would).
 */
export async function startSplitApp(cfg: ChildConfig): Promise<Child> {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) throw new Error('--app-split needs DATABASE_URL and REDIS_URL (two processes share one Postgres and one Redis)');
  const api = await startChild({ ...cfg, variant: 'full' });
  const worker = await startChild({ ...cfg, seed: undefined, variant: 'full-workers', http: false, attach: { dbUrl: String(api.info.dbUrl), redisPrefix: String(api.info.redisPrefix) } }).catch(async (e) => {
    await api.stop();
    throw e;
  });
  const both = [api, worker];
  const sum = async (f: (c: Child) => Promise<number>) => (await Promise.all(both.map(f))).reduce((a, b) => a + b, 0);
  return {
    variant: 'full-workers (split: api + worker)',
    origin: api.origin,
    pid: api.pid,
    pids: [api.pid, worker.pid],
    info: { ...api.info, workers: worker.info.workers, split: { apiPid: api.pid, workerPid: worker.pid, worker: worker.info.role } },
    cpuUs: () => sum((c) => c.cpuUs()),
    statements: () => sum((c) => c.statements()),
    seed: (n, offset, prefix) => api.seed(n, offset, prefix),
    arm: (n, leadMs, spreadMs, prefix) => api.arm(n, leadMs, spreadMs, prefix),
    async mem() {
      const [a, w] = await Promise.all([api.mem(), worker.mem()]);
      const out: Record<string, number> = {};
      for (const k of Object.keys(a) as Array<keyof typeof a>) if (typeof a[k] === 'number') out[k] = (a[k] as number) + ((w[k] as number | undefined) ?? 0);
      return out as never;
    },
    async stop() {
      // The worker first: the api child drops the database and the keys at its exit.
      await worker.stop().catch(() => {});
      await api.stop();
    },
  };
}
