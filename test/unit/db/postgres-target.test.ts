import { describe, expect, it } from 'vitest';
import { postgresTarget } from '../../../src/db/client.js';

describe('postgresTarget: libpq URL forms postgres.js does not read', () => {
  it('takes a Unix-socket directory from ?host= (as psql and pgbench do) and leaves the rest of the URL', () => {
    expect(postgresTarget('postgres://app:pw@localhost:5433/saisoku?host=/var/run/postgresql&sslmode=disable')).toEqual({
      url: 'postgres://app:pw@localhost:5433/saisoku?sslmode=disable',
      options: { host: '/var/run/postgresql' },
    });
  });

  it('leaves a TCP URL, and a host parameter that is not a directory, as they are', () => {
    for (const url of ['postgres://postgres@127.0.0.1:5432/test', 'postgresql://u@db.internal/app?host=db.internal', 'not a url'])
      expect(postgresTarget(url)).toEqual({ url, options: {} });
  });
});
