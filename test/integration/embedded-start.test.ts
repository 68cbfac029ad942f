import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm start` with no DATABASE_URL / REDIS_URL: PGlite + in-process queue + simulator, healthy (waits up to 90 s: a loaded CI box is slow to unpack PGlite). */
describe('embedded default', () => {
  it('starts with no environment and answers /healthz, then takes a debt and shows it in the simulator', async () => {
    const root = mkdtempSync(join(tmpdir(), 'saisoku-embedded-'));
    // A DATA_DIR that does not exist yet, so the process creates it.
    const dataDir = join(root, 'data');
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const started = Date.now();
      let health: Response | null = null;
      while (Date.now() - started < 90_000) {
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
      expect(await page.text()).toMatch(/Debtor simulator|債務者シミュレーター/);
      const threads = await (await fetch(`http://127.0.0.1:${port}/simulator/threads`, { headers: auth })).json();
      expect(threads[0].phone).toBe('+819012345678');

      // Data at rest: the directory and every file the database wrote are the owner's alone.
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const open: string[] = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, e.name);
          if ((statSync(p).mode & 0o077) !== 0) open.push(`${p} ${(statSync(p).mode & 0o777).toString(8)}`);
          if (e.isDirectory()) walk(p);
        }
      };
      walk(dataDir);
      expect(open).toEqual([]);
      // The first logins are printed once and never written in plain text.
      const password = /Sign in \(admin\):\s+\S+\s+admin@saisoku\.local \/ (\S+)/.exec(out)?.[1];
      expect(password, out).toBeTruthy();
      expect(existsSync(join(dataDir, 'logins.json'))).toBe(false);
      const files: string[] = [];
      const list = (d: string) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? list(join(d, e.name)) : files.push(join(d, e.name))));
      list(dataDir);
      expect(files.filter((f) => readFileSync(f).includes(password!))).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    try {
      // A forgotten password is reset from the command line (server stopped: PGlite is one process's).
      const reset = execFileSync(process.execPath, ['--import', 'tsx', 'src/auth/reset-password-cli.ts', 'admin@saisoku.local'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir }, encoding: 'utf8' });
      expect(reset).toMatch(/New password for admin@saisoku\.local: \S{12,}/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});
