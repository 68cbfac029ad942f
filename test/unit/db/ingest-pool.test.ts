import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../../src/config/env';
import { INGEST_IN_FLIGHT } from '../../../src/conversation/ingress';

describe('DB_INGEST_POOL (decision 0170)', () => {
  it('is off by default: the group commit shares the main pool (no gain measured at 200/s), writing two batches at once', () => {
    expect(parseEnv({}).DB_INGEST_POOL).toBe(0);
    expect(INGEST_IN_FLIGHT).toBe(2);
  });

  it('takes 0 (the ingest shares the main pool) and whole numbers; a bad value stops the boot', () => {
    expect(parseEnv({ DB_INGEST_POOL: '0' }).DB_INGEST_POOL).toBe(0);
    expect(parseEnv({ DB_INGEST_POOL: '2' }).DB_INGEST_POOL).toBe(2);
    expect(() => parseEnv({ DB_INGEST_POOL: '-1' })).toThrow(EnvError);
    expect(() => parseEnv({ DB_INGEST_POOL: 'many' })).toThrow(EnvError);
    expect(() => parseEnv({ DB_INGEST_POOL: '1.5' })).toThrow(EnvError);
  });
});
