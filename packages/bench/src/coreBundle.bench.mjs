// What the core costs a browser app (minified + gzip), side by side with cockatiel's retry + breaker: an app
// bundles only what it imports, so each row is one entry importing those names. Nothing is timed here.
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { note, target } from './harness.mjs';

/** Minified (vite's production build, ES2022), then gzip -9, in kB (1024 bytes). */
async function bundledKb(source) {
  const entry = '\0core-bundle-entry';
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [
      { name: 'entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? source : null) },
    ],
    resolve: { conditions: ['@breakwater/source', 'browser', 'module', 'import', 'default'] },
    build: {
      write: false,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: { input: entry, preserveEntrySignatures: 'strict' },
    },
  });
  const code = (Array.isArray(result) ? result : [result])
    .flatMap((r) => r.output)
    .filter((o) => o.type === 'chunk')
    .map((o) => o.code)
    .join('\n');
  return gzipSync(code, { level: 9 }).length / 1024;
}

const breakerAndRetry = await bundledKb(
  "export { CircuitBreaker, RetryHandler, withCircuitBreaker, retrying, compose } from '@breakwater/core';",
);
const cockatiel = await bundledKb(
  "export { retry, circuitBreaker, handleAll, ExponentialBackoff, ConsecutiveBreaker, wrap } from 'cockatiel';",
);
const handler = await bundledKb(
  'export { ErrorHandler, handleErrors, errorContext, withCircuitBreaker, retrying, compose, getGlobalErrorHandler } ' +
    "from '@breakwater/core';",
);

note('bundle size for a browser app (minified + gzip -9; issue #14 budgets)');
note(`cockatiel 4 retry + circuit breaker + wrap: ${cockatiel.toFixed(1)} kB`);
target(
  'breaker + retry (CircuitBreaker, RetryHandler, withCircuitBreaker, retrying, compose) ≤ 4 kB',
  breakerAndRetry,
  {
    max: 4,
    unit: ' kB',
  },
);
target('the handler with its wrappers (ErrorHandler, handleErrors, errorContext, …) ≤ 12 kB', handler, {
  max: 12,
  unit: ' kB',
});
