import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema';
import { ensureFirstUsers } from '../../src/auth/first-users';
import { resetPassword } from '../../src/auth/reset-password';
import { startHarness, type Harness } from '../support/harness';

const signIn = (h: Harness, email: string, password: string) =>
  h.app.request('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

describe('first logins and password reset (embedded default)', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness({ provider: 'simulator', workers: false });
    dir = mkdtempSync(join(tmpdir(), 'saisoku-first-'));
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the first logins once, keeps no plain-text copy, and deletes one an older version left', async () => {
    writeFileSync(join(dir, 'logins.json'), '[{"email":"admin@saisoku.local","password":"plain"}]');
    const first = await ensureFirstUsers(h.services, dir);
    expect(first.map((l) => l.role)).toEqual(['admin', 'collector']);
    expect(existsSync(join(dir, 'logins.json'))).toBe(false);
    expect((await signIn(h, first[0]!.email, first[0]!.password)).status).toBe(200);
    // The next start prints nothing: the passwords exist only as hashes now.
    expect(await ensureFirstUsers(h.services, dir)).toEqual([]);
  });

  it('resets a forgotten password: the old one stops working and sessions end', async () => {
    const [admin] = await ensureFirstUsers(h.services, mkdtempSync(join(tmpdir(), 'saisoku-first-')));
    expect(admin).toBeUndefined(); // users exist already
    const email = 'collector@saisoku.local';
    const r = await resetPassword(h.services, email);
    expect(r.password.length).toBeGreaterThanOrEqual(12);
    expect(await h.services.db.select().from(sessions).where(eq(sessions.userId, r.userId))).toEqual([]);
    expect((await signIn(h, email, r.password)).status).toBe(200);
    const again = await resetPassword(h.services, email);
    expect((await signIn(h, email, r.password)).status).toBe(401);
    expect((await signIn(h, email, again.password)).status).toBe(200);
    await expect(resetPassword(h.services, 'nobody@example.test')).rejects.toThrow(/no user/);
    await expect(resetPassword(h.services, email, 'aaaaaaaaaa')).rejects.toThrow(/password/);
  });
});
