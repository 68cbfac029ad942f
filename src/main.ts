import { serve } from '@hono/node-server';
import { ensureFirstUsers } from './auth/first-users';
import { buildServices } from './bootstrap';
import { EnvError, parseEnv } from './config/env';
import { createApp } from './http/app';
import { startWorkers } from './workers/workers';
import { installProcessPolicy } from './lifecycle';
import { installHeapPolicy } from './heap';

type Role = 'api' | 'worker' | 'all';

function parseRole(argv: string[]): Role {
  const i = argv.indexOf('--role');
  const role = i >= 0 ? argv[i + 1] : 'all';
  if (role !== 'api' && role !== 'worker' && role !== 'all') throw new EnvError(`--role must be api, worker or all (got ${role})`);
  return role;
}

async function main() {
  const role = parseRole(process.argv.slice(2));
  const env = parseEnv(process.env);
  installHeapPolicy(env.HEAP_GROWING_PERCENT);
  // The embedded database files hold password hashes and debtor data: owner-only, like DATA_DIR itself.
  if (!env.DATABASE_URL) process.umask(0o077);
  // Aborted first on shutdown: the UI's change streams end, so the server's close does not wait for them.
  const stopping = new AbortController();
  const services = await buildServices(env, { stopping: stopping.signal });
  const { log } = services;
  const logins = env.DATABASE_URL || role === 'worker' ? [] : await ensureFirstUsers(services, env.DATA_DIR);
  const workers = role === 'api' ? null : startWorkers(services, { concurrency: env.WORKER_CONCURRENCY });
  let server: ReturnType<typeof serve> | null = null;
  if (role !== 'worker') {
    const app = createApp(services);
    server = serve({ fetch: app.fetch, port: env.PORT }, (info) => {
      const url = `http://localhost:${info.port}`;
      log.info({ role, database: services.database.kind, queue: services.queue.kind, provider: services.provider.name, port: info.port }, 'saisoku is up');
      if (!env.DATABASE_URL) {
        // The embedded default prints what a newcomer needs; the token is theirs, on their machine.
        process.stdout.write(
          `\n  saisoku is running on the embedded default (PGlite under ${env.DATA_DIR}/, in-process queue, simulator)\n` +
            `  URL:          ${url}\n  Simulator:    ${url}/simulator\n  Admin token:  ${services.config.adminToken}\n` +
            (logins.length
              ? logins.map((l) => `  Sign in (${l.role}):`.padEnd(24) + `${url}/login  ${l.email} / ${l.password}\n`).join('') +
                '  (these passwords are shown this once and stored only as hashes; write them down)\n'
              : `  Sign in:      ${url}/login  (forgot a password? npm run users:reset-password -- <email>)\n`) +
            '\n',
        );
      }
    });
  }
  installProcessPolicy(process, {
    log,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    steps: () => [
      { name: 'streams', run: () => stopping.abort() },
      { name: 'sweep', run: () => workers?.stop() },
      // No new requests; the ones in flight finish (or the deadline ends them).
      { name: 'http', run: () => new Promise<void>((r) => (server ? server.close(() => r()) : r())) },
      { name: 'queue', run: () => services.queue.close() },
      { name: 'database', run: () => services.database.close() },
    ],
  });
}

main().catch((e) => {
  process.stderr.write(`${e instanceof EnvError ? e.message : (e as Error).stack}\n`);
  process.exit(1);
});
