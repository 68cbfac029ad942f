import { parseEnv } from '../config/env';
import { openPglite, openPostgres } from '../db/client';
import { systemClock } from '../shared/clock';
import { createScryptHasher } from './password-node';
import { resetPassword } from './reset-password';

/**
 * `npm run users:reset-password -- <email>`: prints a new random password for that user, once, and
 * ends their sessions. Uses DATABASE_URL, or the embedded PGlite under DATA_DIR (stop the server
 * first: PGlite is one process's database).
 */
const email = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!email) {
  process.stderr.write('usage: npm run users:reset-password -- <email>\n');
  process.exit(2);
}
const env = parseEnv(process.env);
if (!env.DATABASE_URL) process.umask(0o077);
const database = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL, { max: 1 }) : await openPglite(`${env.DATA_DIR}/pglite`);
try {
  const r = await resetPassword({ db: database.db, passwords: createScryptHasher(), clock: systemClock }, email);
  process.stdout.write(`New password for ${email.trim().toLowerCase()}: ${r.password}\n(shown once; their sessions were ended)\n`);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
