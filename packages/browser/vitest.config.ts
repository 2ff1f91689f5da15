import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../test/vitest.shared.ts';

export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: { include: ['src/**/*.test.ts'], environment: 'happy-dom', setupFiles: ['./vitest.setup.ts'] },
  }),
);
