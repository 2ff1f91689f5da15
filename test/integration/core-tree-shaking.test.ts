// Issue #14: a browser app bundles only what it imports. These entries are bundled from source as the bench's
// coreBundle rows are (minified, browser conditions), and the test names which core files end up in the output:
// a file that is there although the entry's names never reach it is weight the app pays for nothing.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { coreDir } from './support/paths.ts';

/** Core source files (relative to packages/core/src) that put bytes into the bundle of `source`. */
async function coreFilesIn(source: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: source, resolveDir: coreDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    conditions: ['@breakwater/source', 'browser'],
    target: 'es2022',
    platform: 'browser',
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output!.inputs)
    .filter(([path, input]) => input.bytesInOutput > 0 && path.includes('packages/core/src/'))
    .map(([path]) => path.slice(path.indexOf('packages/core/src/') + 'packages/core/src/'.length))
    .sort();
}

const breakerAndRetry =
  "export { CircuitBreaker, RetryHandler, withCircuitBreaker, retrying, compose } from '@breakwater/core';";

describe('what a breaker costs a browser bundle', () => {
  it('a bare CircuitBreaker brings neither the registry nor the secret redaction', async () => {
    const files = await coreFilesIn("export { CircuitBreaker } from '@breakwater/core';");
    expect(files.filter((f) => f.startsWith('classify/') || f.includes('Registry') || f.includes('FanIn'))).toEqual([]);
  });

  it('breaker + retry (withCircuitBreaker by name too) brings neither the registry nor the redaction', async () => {
    const files = await coreFilesIn(breakerAndRetry);
    expect(files.filter((f) => f.startsWith('classify/redact') || f.startsWith('classify/secret'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('breaker/Breaker'))).toEqual([]);
  });
});

describe('what a retry costs a browser bundle', () => {
  it('a bare RetryHandler brings no RetryBudget: checking the budget option does not need the class', async () => {
    const files = await coreFilesIn("export { RetryHandler } from '@breakwater/core';");
    expect(files).toContain('retry/RetryEngine.ts');
    expect(files).not.toContain('retry/RetryBudget.ts');
  });

  it('compose without retrying() brings no retry: it tells a retry layer without importing RetryHandler', async () => {
    const files = await coreFilesIn("export { compose, withCircuitBreaker, timeout } from '@breakwater/core';");
    expect(files).toContain('wrappers/compose.ts');
    expect(files.filter((f) => /^retry\/Retry|retryAfter/.test(f))).toEqual([]);
  });
});
