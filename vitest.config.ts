import { availableParallelism } from 'node:os';
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
    // Vitest's default is one file at a time on two cores (cores − 1). The files mostly wait on Postgres, Redis and
    // their own timers, so two at a time on CI's two cores: the suite went 896 → 583 s with every test passing
    // (session 41), and .ci/run back under its 15 minutes.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/support/global-setup.ts'],
  },
});
