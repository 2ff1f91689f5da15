// Cross-package tests: `integration` runs in Node (npm test), `e2e` drives Debian's chromium (npm run test:e2e).
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from './vitest.shared.ts';

const root = import.meta.dirname;

export default defineConfig({
  test: {
    projects: [
      mergeConfig(sharedConfig(), {
        root,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['integration/**/*.test.ts'],
          // Type-checking the core from source takes a few seconds; `tsc -b` in a beforeAll can take longer cold.
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      }),
      mergeConfig(sharedConfig(), {
        root,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time: files share test/output/ and the machine's cores.
          fileParallelism: false,
          maxWorkers: 1,
        },
      }),
    ],
  },
});
