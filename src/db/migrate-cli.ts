import { parseEnv } from '../config/env';
import { openPglite, openPostgres } from './client';

/** `npm run db:migrate`: applies db/migrations to DATABASE_URL (or the embedded PGlite). */
const env = parseEnv(process.env);
const db = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL, { max: 1 }) : await openPglite(`${env.DATA_DIR}/pglite`);
await db.close();
process.stdout.write(`migrations applied (${db.kind})\n`);
