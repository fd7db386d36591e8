// Four projects: unit (no servers), integration (real Postgres + Redis), e2e (real bot process), and
// faults (`npm run test:faults`): the service run through its dependencies failing — servers of the tests'
// own killed, stalled and restarted — apart from `npm test` so CI runs it as its own step.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The old system's markers beyond the three projects; filter with e.g. --tags-filter='!slow'.
    tags: [
      { name: 'database', description: 'needs a real Postgres' },
      { name: 'redis', description: 'needs a real Redis' },
      { name: 'slow', description: 'spawns real processes; seconds per test' },
      { name: 'llm', description: 'speaks an LLM provider protocol (against the fake LLM server)' },
    ],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file kills and restarts servers and processes of its own; one at a time keeps timings honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
