import postgres from 'postgres';
import { postgresTarget } from '../../src/db/client';

/**
 * A postgres.js client for the bench's own statements (admin, floors, reads of the app's rows) over
 * the same transport as the app: a `DATABASE_URL` in libpq's Unix-socket form (`?host=/dir`) goes
 * over that socket here too, as it does for pgbench (libpq) and the app (`openPostgres`).
 */
export function pgClient(url: string, o: postgres.Options<Record<string, postgres.PostgresType>>) {
  const t = postgresTarget(url);
  return postgres(t.url, { ...t.options, ...o });
}
