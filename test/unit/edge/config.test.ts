import { describe, expect, it } from 'vitest';
import { EnvError } from '../../../src/config/env';
import { edgeConfig, type WorkerEnv } from '../../../src/edge/config';

const jobs = { send: async () => {}, sendBatch: async () => {} };
const good: WorkerEnv = {
  HYPERDRIVE: { connectionString: 'postgres://u:p@hyperdrive.local:5432/saisoku' },
  JOBS: jobs,
  ADMIN_API_TOKEN: 'a-long-enough-admin-token',
  PUBLIC_BASE_URL: 'https://saisoku.example.workers.dev',
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32),
  TWILIO_AUTH_TOKEN: 'secretsecret',
  TWILIO_FROM: '+15005550006',
};

describe("the Worker's configuration", () => {
  it('takes Postgres from the Hyperdrive binding and vars/secrets from the env', () => {
    const cfg = edgeConfig({ ...good, SOME_BINDING: { not: 'a string' } });
    expect(cfg.DATABASE_URL).toBe('postgres://u:p@hyperdrive.local:5432/saisoku');
    expect(cfg.PUBLIC_BASE_URL).toBe('https://saisoku.example.workers.dev');
    expect(cfg.SMS_PROVIDER).toBe('twilio');
  });

  it.each([
    ['no Hyperdrive binding', { HYPERDRIVE: undefined }, /HYPERDRIVE binding/],
    ['no queue binding', { JOBS: undefined }, /JOBS queue binding/],
    ['no admin token', { ADMIN_API_TOKEN: undefined }, /needs ADMIN_API_TOKEN/],
    ['no public URL', { PUBLIC_BASE_URL: undefined }, /PUBLIC_BASE_URL/],
    ['the simulator', { SMS_PROVIDER: 'simulator' }, /SMS_PROVIDER=twilio/],
    ['Twilio without its token', { TWILIO_AUTH_TOKEN: undefined }, /TWILIO_AUTH_TOKEN: required/],
    ['a short admin token', { ADMIN_API_TOKEN: 'short' }, /ADMIN_API_TOKEN: must be at least 16/],
  ] as const)('refuses %s with a message naming it', (_name, change, message) => {
    const env = { ...good, ...change } as unknown as WorkerEnv;
    expect(() => edgeConfig(env)).toThrow(EnvError);
    expect(() => edgeConfig(env)).toThrow(message);
  });
});
