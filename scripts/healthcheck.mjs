// Container health checks, plain Node (no dependencies), used by the Dockerfile and compose.yaml.
//   node scripts/healthcheck.mjs api     → GET http://127.0.0.1:$PORT/healthz answers 200 (the app
//                                          checked Postgres and Redis itself)
//   node scripts/healthcheck.mjs worker  → Postgres (DATABASE_URL) and Redis (REDIS_URL) accept a
//                                          connection from this container: what a worker needs to
//                                          make progress (it serves no HTTP)
import { connect } from 'node:net';

const role = process.argv[2] ?? 'api';

function reachable(url, defaultPort) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || defaultPort), timeout: 3000 });
    s.once('connect', () => (s.end(), resolve(true)));
    s.once('timeout', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(false));
  });
}

let ok;
if (role === 'api') {
  const res = await fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}/healthz`, { signal: AbortSignal.timeout(4000) }).catch(() => null);
  ok = res?.status === 200;
} else if (role === 'worker') {
  const checks = [];
  if (process.env.DATABASE_URL) checks.push(reachable(process.env.DATABASE_URL, 5432));
  if (process.env.REDIS_URL) checks.push(reachable(process.env.REDIS_URL, 6379));
  ok = checks.length > 0 && (await Promise.all(checks)).every(Boolean);
} else {
  console.error(`unknown role ${role} (api | worker)`);
  ok = false;
}
process.exit(ok ? 0 : 1);
