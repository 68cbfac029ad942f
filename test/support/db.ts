import { createHash } from 'node:crypto';
import postgres from 'postgres';
import { openPostgres, type Database } from '../../src/db/client';

// One template per checkout: two worktrees (or a CI run beside a session's run) on the same
// Postgres would otherwise drop each other's template mid-run.
const TEMPLATE = `saisoku_test_template_${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 10)}`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Migrates a template database once per run; every test file clones it (fast, isolated). */
export async function migrateTemplate(url: string) {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (e) {
    throw new Error(`DATABASE_URL is set but Postgres does not answer: ${(e as Error).message}`);
  }
  try {
    await admin.unsafe(`drop database if exists ${TEMPLATE} with (force)`);
    await admin.unsafe(`create database ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const db = await openPostgres(withDatabase(url, TEMPLATE), { max: 1 });
  await db.close();
}

/** A fresh database for one test file, cloned from the migrated template; dropped by close(). */
export async function freshDatabase(opts: { max?: number; ingestPool?: number } = {}): Promise<Database & { url: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: integration tests need the real Postgres');
  const name = `saisoku_t_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${TEMPLATE}`);
  const dbUrl = withDatabase(url, name);
  const db = await openPostgres(dbUrl, { max: opts.max ?? 10, ingestPool: opts.ingestPool, migrate: false });
  return {
    ...db,
    url: dbUrl,
    close: async () => {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
