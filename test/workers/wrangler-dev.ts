/**
 * Runs the Worker the way a developer does, `wrangler dev` (workerd, local queues, local
 * Hyperdrive → the real Postgres), on a fresh migrated database and a free loopback port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openPostgres, type Database } from '../../src/db/client';

export interface WorkerRun {
  url: string;
  /** Everything wrangler and the Worker printed (console output of the Worker included). */
  output(): string;
  /** Fires the cron trigger once (the sweep) and waits for it to finish. */
  cron(): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, name: string, password?: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  if (password && !u.password) u.password = password;
  return u.toString();
}

/** A new database on DATABASE_URL's server, migrated from Node as the deploy docs say. */
export async function freshMigratedDatabase(): Promise<Database & { url: string }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: test:workers runs the Worker against the real Postgres');
  const name = `saisoku_w_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(base, name);
  const db = await openPostgres(url, { max: 4 }); // runs the migrations
  return {
    ...db,
    url,
    close: async () => {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function startWranglerDev(opts: { databaseUrl: string; vars: Record<string, string>; readyTimeoutMs?: number }): Promise<WorkerRun> {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  if (major < 22 || (major === 22 && minor < 12))
    throw new Error(`wrangler needs Node >= 22.12 (this is ${process.version}); run through npm (npm run test:workers), which uses the node@22 devDependency`);
  const port = await freePort();
  const inspector = await freePort();
  const persist = mkdtempSync(join(tmpdir(), 'saisoku-wrangler-'));
  const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
  const args = [wrangler, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', persist, '--show-interactive-dev-session=false'];
  for (const [k, v] of Object.entries(opts.vars)) args.push('--var', `${k}:${v}`);
  let out = '';
  // miniflare refuses a Hyperdrive URL without a password; the local server trusts loopback, so any will do.
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: new URL('../..', import.meta.url).pathname,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: withDatabase(opts.databaseUrl, new URL(opts.databaseUrl).pathname.slice(1), 'local') },
  });
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  if (process.env.WRANGLER_ECHO) { child.stdout!.pipe(process.stderr); child.stderr!.pipe(process.stderr); }
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM'); // wrangler and the workerd it started
      } catch {
        /* already gone */
      }
      const t = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(persist, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${out}`);
    if (out.includes('Ready on')) {
      const r = await fetch(`${url}/healthz`).catch(() => null);
      if (r?.status === 200) break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev was not ready in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => out,
    async cron() {
      const r = await fetch(`${url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('* * * * *')}`);
      if (r.status !== 200) throw new Error(`scheduled handler answered ${r.status}: ${await r.text()}`);
    },
    close: stop,
  };
}
