import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../test/vitest.shared.ts';

export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      // The type tests (`*.test-d.ts`, expectTypeOf) pin the public signatures; `vitest run` runs them with tsc.
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.typetest.json' },
    },
  }),
);
