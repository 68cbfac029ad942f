import { existsSync, rmSync } from 'node:fs';
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
 * play every part in one browser, and returns their passwords once, to be printed once. Only the
 * password hashes are kept (in the users table); a forgotten one is reset with
 * `npm run users:reset-password -- <email>`. A DATA_DIR/logins.json left by an older version (plain
 * text passwords) is deleted. Production creates users with POST /api/users.
 */
export async function ensureFirstUsers(d: AuthDeps, dataDir: string): Promise<Login[]> {
  const legacy = join(dataDir, 'logins.json');
  if (existsSync(legacy)) rmSync(legacy, { force: true });
  if ((await userCount(d)) > 0) return [];
  const logins: Login[] = [
    { email: 'admin@saisoku.local', password: randomSecret('', 12), role: 'admin' },
    { email: 'collector@saisoku.local', password: randomSecret('', 12), role: 'collector' },
  ];
  for (const l of logins) await createUser(d, { ...l, name: l.role === 'admin' ? 'Admin' : 'Collector' }, 'system');
  return logins;
}
