import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { createLogger } from '../../src/log';

/** Where the whole test run's logs go, one NDJSON file per worker process (scanned by scripts/log-leaks.ts). */
export const TEST_LOG_DIR = process.env.SAISOKU_TEST_LOG_DIR ?? join(process.cwd(), 'test-results', 'logs');

let shared: Logger | null = null;

/**
 * The logger tests give the app: the production logger (same redaction) at info level, written to
 * this worker's file, so the run's logs can be checked for personal data. TEST_LOG_LEVEL=debug (or
 * any level) sends them to stdout instead, for reading while debugging.
 */
export function testLogger(): Logger {
  if (process.env.TEST_LOG_LEVEL) return createLogger(process.env.TEST_LOG_LEVEL);
  if (!shared) {
    mkdirSync(TEST_LOG_DIR, { recursive: true });
    shared = createLogger('info', pino.destination({ dest: join(TEST_LOG_DIR, `worker-${process.pid}.ndjson`), append: true, sync: true }));
  }
  return shared;
}
