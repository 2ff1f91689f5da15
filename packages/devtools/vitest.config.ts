import react from '@vitejs/plugin-react';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../test/vitest.shared.ts';

export default mergeConfig(
  sharedConfig(),
  defineConfig({
    plugins: [react()],
    test: {
      include: ['src/**/*.test.{ts,tsx}'],
      environment: 'happy-dom',
      // Times of day are shown in local time; tests pin the zone so their expected text is exact.
      env: { TZ: 'UTC' },
    },
  }),
);
