import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm start` with no DATABASE_URL / REDIS_URL: PGlite + in-process queue + simulator, healthy within 30 s. */
describe('embedded default', () => {
  it('starts with no environment and answers /healthz, then takes a debt and shows it in the simulator', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'saisoku-embedded-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const started = Date.now();
      let health: Response | null = null;
      while (Date.now() - started < 30_000) {
        try {
          health = await fetch(`http://127.0.0.1:${port}/healthz`);
          if (health.ok) break;
        } catch {
          /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(health?.status, out).toBe(200);
      expect(await health!.json()).toMatchObject({ status: 'ok', database: 'ok', queue: 'ok' });
      const token = /Admin token:\s+(\S+)/.exec(out)?.[1];
      expect(token, out).toBeTruthy();
      expect(out).toContain(`http://localhost:${port}`);

      const r = await fetch(`http://127.0.0.1:${port}/api/debts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          debtor: { externalRef: 'C-1', name: 'Sim', phone: '090-1234-5678', locale: 'ja', consent: { obtainedAt: '2026-04-01T00:00:00Z', source: 'contract' } },
          debt: { externalRef: 'INV-1', amount: 5000, currency: 'JPY', dueDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) },
        }),
      });
      expect(r.status).toBe(201);
      // The web phone is for admins: without credentials its page sends a browser to /login, its API answers 401.
      const anonymous = await fetch(`http://127.0.0.1:${port}/simulator`, { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toContain('/login');
      expect((await fetch(`http://127.0.0.1:${port}/simulator/threads`, { redirect: 'manual' })).status).toBe(401);
      const auth = { authorization: `Bearer ${token}` };
      const page = await fetch(`http://127.0.0.1:${port}/simulator`, { headers: auth });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Simulator');
      const threads = await (await fetch(`http://127.0.0.1:${port}/simulator/threads`, { headers: auth })).json();
      expect(threads[0].phone).toBe('+819012345678');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
