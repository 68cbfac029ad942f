import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Servers of a test's (or the chaos run's) own, on free ports, that it may restart, kill or flush.
 * The shared Postgres on 5432 and Redis on 6379 are never touched by a fault.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;

function runAsPostgres(cmd: string, args: string[]) {
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export interface PgCluster {
  port: number;
  url: string;
  /** pg_ctl stop -m fast (connections are closed by the server, as a restart does). */
  stop(): void;
  start(): void;
  /** pg_ctl restart -m fast, without blocking this process's event loop (load keeps flowing). */
  restart(): Promise<void>;
  /** Stops the cluster and removes its directory. */
  destroy(): void;
}

/** A throwaway Postgres 15 cluster (initdb in a temp dir, trust auth, a free port, db `chaos`). */
export async function startPgCluster(): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'saisoku-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  if (asRoot) spawnSync('chown', ['postgres', dir]);
  runAsPostgres(join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c max_connections=200`;
  const ctl = (...a: string[]) => runAsPostgres(join(PG_BIN, 'pg_ctl'), ['-D', data, '-w', '-t', '60', ...a]);
  const start = () => ctl('-o', opts, '-l', join(dir, 'log'), 'start');
  start();
  runAsPostgres(join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'chaos']);
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/chaos`,
    stop: () => ctl('-m', 'fast', 'stop'),
    start,
    restart: () =>
      new Promise<void>((resolve, reject) => {
        const args = ['-D', data, '-w', '-t', '60', '-m', 'fast', '-o', opts, '-l', join(dir, 'log'), 'restart'];
        const p = asRoot ? spawn('runuser', ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), ...args], { stdio: 'ignore' }) : spawn(join(PG_BIN, 'pg_ctl'), args, { stdio: 'ignore' });
        p.once('error', reject);
        p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited ${code}`))));
      }),
    destroy() {
      try {
        ctl('-m', 'immediate', 'stop');
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisServer {
  port: number;
  url: string;
  /** FLUSHALL: every key gone, the server stays up. */
  flushAll(): Promise<void>;
  /** SIGKILL and start again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server of its own (no persistence) on a free port. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const cli = (...a: string[]) => spawnSync('redis-cli', ['-p', String(port), ...a], { encoding: 'utf8' });
  const up = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      if (cli('ping').stdout.includes('PONG')) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`redis-server on ${port} did not start`);
  };
  const down = async () => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  };
  await up();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async flushAll() {
      const r = cli('flushall');
      if (!r.stdout.includes('OK')) throw new Error(`FLUSHALL failed: ${r.stderr}`);
    },
    async restart() {
      await down();
      await up();
    },
    stop: down,
  };
}
