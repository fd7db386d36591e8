// Five projects: unit (no servers), integration (real Postgres + Redis), e2e (real bot process) make
// `npm test`; faults (`npm run test:faults`: the service run through its dependencies failing — servers of
// the tests' own killed, stalled and restarted) and load (`npm run test:load`: 200 lawyers, a minute of admin
// traffic) run apart, each as its own CI step.
import { defineConfig } from 'vitest/config';

/** Every test file fails when its log output holds a secret the tests use (test/support/log-scan.ts). */
const LOG_SCAN = 'test/support/log-scan-setup.ts';

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
          setupFiles: [LOG_SCAN],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles: [LOG_SCAN],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles: [LOG_SCAN],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run test:faults`: the service run through its dependencies failing; one file at a time.
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          setupFiles: [LOG_SCAN],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file kills and restarts servers and processes of its own; one at a time keeps timings honest.
          fileParallelism: false,
        },
      },
      {
        // `npm run test:load`: many lawyers and minutes of admin traffic against real processes; run alone.
        test: {
          name: 'load',
          include: ['test/load/**/*.test.ts'],
          setupFiles: [LOG_SCAN],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
