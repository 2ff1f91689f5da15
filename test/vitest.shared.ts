// Shared vitest/vite settings for every workspace: run packages from source, lower TC39 decorators.
import { transform } from 'esbuild';
import { defaultClientConditions, defaultServerConditions, type Plugin, type UserConfig } from 'vite';

/** Custom export condition that points each package at its `src/` (see packages' `exports`). */
export const sourceCondition = '@breakwater/source';

/**
 * Vite's Oxc transform only lowers legacy decorators and Node 20 cannot parse `@dec`, so files that use
 * decorators go through esbuild first. `*.legacy.test.ts` files are compiled as `experimentalDecorators`.
 */
export function decoratorsPlugin(): Plugin {
  return {
    name: 'breakwater:decorators',
    enforce: 'pre',
    async transform(code, id) {
      const file = id.split('?')[0]!;
      if (!/\.tsx?$/.test(file) || file.includes('/node_modules/') || !/^\s*@[A-Za-z_$(]/m.test(code)) return null;
      const legacy = /\.legacy\.test\.tsx?$/.test(file);
      const out = await transform(code, {
        loader: file.endsWith('x') ? 'tsx' : 'ts',
        target: 'es2022',
        jsx: 'automatic',
        sourcemap: true,
        sourcefile: file,
        tsconfigRaw: { compilerOptions: { experimentalDecorators: legacy, useDefineForClassFields: true } },
      });
      return { code: out.code, map: out.map };
    },
  };
}

export function sharedConfig(): UserConfig {
  return {
    plugins: [decoratorsPlugin()],
    resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
    // Not Vite's `module` condition on the server side: Node loads external packages itself, and a `module` build
    // (e.g. @opentelemetry/api's, with extensionless imports) is not always one Node can load.
    ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions.filter((c) => c !== 'module')] } },
    // Tests run on clocks they control, so time limits only catch hangs: generous ones keep a loaded CI machine
    // (two packages at once, child processes, real sockets) from failing a test that merely ran slowly.
    // Projects that need more set their own.
    ...({ test: { testTimeout: 20_000, hookTimeout: 30_000 } } as UserConfig),
  };
}
