import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../../src/config/env';
import { INGEST_IN_FLIGHT } from '../../../src/conversation/ingress';

describe('DB_INGEST_POOL (decision 0170)', () => {
  it('gives the group commit as many connections of its own as it writes batches at once, by default', () => {
    expect(parseEnv({}).DB_INGEST_POOL).toBe(INGEST_IN_FLIGHT);
  });

  it('takes 0 (the ingest shares the main pool) and whole numbers; a bad value stops the boot', () => {
    expect(parseEnv({ DB_INGEST_POOL: '0' }).DB_INGEST_POOL).toBe(0);
    expect(parseEnv({ DB_INGEST_POOL: '2' }).DB_INGEST_POOL).toBe(2);
    expect(() => parseEnv({ DB_INGEST_POOL: '-1' })).toThrow(EnvError);
    expect(() => parseEnv({ DB_INGEST_POOL: 'many' })).toThrow(EnvError);
    expect(() => parseEnv({ DB_INGEST_POOL: '1.5' })).toThrow(EnvError);
  });
});
