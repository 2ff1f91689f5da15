import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../test/vitest.shared.ts';

// Node tests: the session against a real in-process simulator, the status model, the banner rendered to HTML.
export default mergeConfig(
  sharedConfig(),
  defineConfig({ test: { include: ['src/**/*.test.{ts,tsx}'], environment: 'node' } }),
);
