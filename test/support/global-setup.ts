import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { Redis } from 'ioredis';

/**
 * Integration tests need the real Postgres and Redis. When DATABASE_URL / REDIS_URL are set
 * (CI sets both) they must answer, or the run fails — it never skips. Each test file then makes
 * its own database from a migrated template (see db.ts), so files run in parallel.
 */
export default async function setup() {
  // Each run's logs start empty; scripts/log-leaks.ts scans them afterwards (.ci/run).
  const logDir = process.env.SAISOKU_TEST_LOG_DIR ?? join(process.cwd(), 'test-results', 'logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  process.env.SAISOKU_TEST_LOG_DIR = logDir;
  const dbUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (dbUrl) {
    const { migrateTemplate } = await import('./db');
    await migrateTemplate(dbUrl);
  }
  if (redisUrl) {
    const r = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 5000, lazyConnect: true });
    try {
      await r.connect();
      await r.ping();
    } catch (e) {
      throw new Error(`REDIS_URL is set but Redis does not answer: ${(e as Error).message}`);
    } finally {
      r.disconnect();
    }
  }
  void postgres;
}
