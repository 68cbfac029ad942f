import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // test/workers runs the Worker in workerd: `npm run test:workers` (vitest.workers.config.ts).
    exclude: ['**/node_modules/**', 'test/workers/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each create their own Postgres schema and Redis prefix, so files run in parallel.
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
