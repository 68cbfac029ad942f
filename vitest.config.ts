import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each create their own Postgres schema and Redis prefix, so files run in parallel.
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
