import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../../src/config/env';
import { DEFAULT_IDLE_TIMEOUT_S } from '../../../src/db/client';

describe('DB_IDLE_TIMEOUT_S (decision 0144)', () => {
  it('keeps idle pooled connections by default (0: never closed for idleness)', () => {
    expect(DEFAULT_IDLE_TIMEOUT_S).toBe(0);
    expect(parseEnv({}).DB_IDLE_TIMEOUT_S).toBe(0);
  });

  it('takes whole seconds; a bad value stops the boot', () => {
    expect(parseEnv({ DB_IDLE_TIMEOUT_S: '20' }).DB_IDLE_TIMEOUT_S).toBe(20);
    expect(() => parseEnv({ DB_IDLE_TIMEOUT_S: '-1' })).toThrow(EnvError);
    expect(() => parseEnv({ DB_IDLE_TIMEOUT_S: 'soon' })).toThrow(EnvError);
    expect(() => parseEnv({ DB_IDLE_TIMEOUT_S: '1.5' })).toThrow(EnvError);
  });
});
