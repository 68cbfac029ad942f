import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomSecret } from './tokens';
import { createUser, userCount, type AuthDeps } from './service';

export interface Login {
  email: string;
  password: string;
  role: 'admin' | 'collector';
}

/**
 * The embedded default only: with no user yet, makes an admin and a collector so a newcomer can
 * play every part in one browser, and keeps their logins in DATA_DIR/logins.json (mode 0600, like
 * the admin token) so each start can print them. Production creates users with POST /api/users.
 */
export async function ensureFirstUsers(d: AuthDeps, dataDir: string): Promise<Login[]> {
  const file = join(dataDir, 'logins.json');
  if ((await userCount(d)) > 0) return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Login[]) : [];
  const logins: Login[] = [
    { email: 'admin@saisoku.local', password: randomSecret('', 12), role: 'admin' },
    { email: 'collector@saisoku.local', password: randomSecret('', 12), role: 'collector' },
  ];
  for (const l of logins) await createUser(d, { ...l, name: l.role === 'admin' ? 'Admin' : 'Collector' }, 'system');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(logins), { mode: 0o600 });
  return logins;
}
