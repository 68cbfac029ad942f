import { defineConfig } from 'vitest/config';

/** `npm run test:workers`: the Worker in workerd (wrangler dev) against the real local Postgres. */
export default defineConfig({
  test: {
    include: ['test/workers/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
