import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildServices } from '../../src/bootstrap';
import { parseEnv } from '../../src/config/env';
import { createLogger } from '../../src/log';

/** An install without scripts/patch-deps.mjs (--ignore-scripts): said at startup as an error; the embedded default still starts. */
describe('startup with an unpatched driver', () => {
  it('logs the missing patch as an error and starts the embedded default anyway', async () => {
    const root = mkdtempSync(join(tmpdir(), 'saisoku-unpatched-'));
    try {
      const pg = join(root, 'postgres');
      cpSync(join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..'), pg, { recursive: true });
      const file = join(pg, 'src', 'connection.js');
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('saisoku-patch: null-socket guard', 'removed'));
      const lines: Array<{ level: number; msg: string }> = [];
      const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
      const services = await buildServices(parseEnv({ DATA_DIR: join(root, 'data'), ADMIN_API_TOKEN: 'startup-admin-token-0123456789' }), { log: createLogger('info', sink), driverDirs: { postgres: pg } });
      try {
        expect(services.database.kind).toBe('pglite');
        await services.database.ping();
        const errors = lines.filter((l) => l.level === 50);
        expect(errors).toHaveLength(1);
        expect(errors[0]!.msg).toContain('lacks the patch "null-socket guard" (src/connection.js)');
      } finally {
        await services.database.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
