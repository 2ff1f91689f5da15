// The published entry point, not the source: builds packages/core with `tsc -b`, then imports
// `@breakwater/core` in a plain Node process, which resolves the `default` export condition (dist/index.js).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { valueExportsOf } from './support/barrelExports.ts';
import { coreDir, repoRoot } from './support/paths.ts';
import { runNode } from './support/runNode.ts';

const tscBin = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Runs in a fresh `node --input-type=module` from the repo root and prints one JSON line. */
const probe = `
const core = await import('@breakwater/core');
const testing = await import('@breakwater/core/testing');
const storeKit = await import('@breakwater/core/store-kit');
const { CircuitBreaker, RetryHandler, isCircuitOpenError } = core;
const { ManualClock } = testing;
const clock = new ManualClock(1000);
const breaker = new CircuitBreaker({ name: 'node-dist', failureThreshold: 2, recoveryTimeoutMs: 5000, clock });
const states = [];
breaker.subscribe((e) => { if (e.type === 'breaker.state') states.push(e.from + '>' + e.to + ':' + e.reason); });
for (let i = 0; i < 2; i++) {
  try { breaker.call(() => { throw new Error('boom'); }); } catch {}
}
let rejection = null;
try { breaker.call(() => 'not run'); } catch (e) {
  rejection = { name: e.name, isCircuitOpenError: isCircuitOpenError(e), retryAfterMs: e.retryAfterMs };
}
const retry = new RetryHandler({ maxRetries: 3, baseDelayMs: 100, jitter: false, clock });
let attempts = 0;
const pending = retry.execute(() => { if (++attempts < 3) throw new Error('flaky'); return 'ok'; });
await clock.runAll();
const value = await pending;
console.log(JSON.stringify({
  resolved: import.meta.resolve('@breakwater/core'),
  exports: Object.fromEntries(Object.keys(core).sort().map((k) => [k, typeof core[k]])),
  testing: import.meta.resolve('@breakwater/core/testing'),
  testingExports: Object.keys(testing).sort(),
  storeKit: import.meta.resolve('@breakwater/core/store-kit'),
  storeKitExports: Object.keys(storeKit).sort(),
  breaker: { state: breaker.state, states, rejection },
  retry: { value, attempts, now: clock.now() },
}));
`;

describe('@breakwater/core from dist in Node', () => {
  beforeAll(async () => {
    // Incremental: a no-op when dist is up to date.
    const build = await runNode([tscBin, '-b', 'packages/core'], repoRoot);
    if (build.code !== 0)
      throw new Error(`tsc -b packages/core failed (exit ${build.code}):\n${build.stdout}${build.stderr}`);
  });

  test('imports through the default condition and exposes the barrel at runtime', async () => {
    const run = await runNode(['--input-type=module', '-e', probe], repoRoot);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      resolved: string;
      exports: Record<string, string>;
      testing: string;
      testingExports: string[];
      storeKit: string;
      storeKitExports: string[];
      breaker: unknown;
      retry: unknown;
    };

    expect(result.resolved).toBe(`file://${join(coreDir, 'dist/index.js')}`);
    // dist exports exactly what the source barrel exports as values (types vanish), so dist is current.
    expect(Object.keys(result.exports)).toEqual(valueExportsOf(join(coreDir, 'src/index.ts')));
    expect(result.testing).toBe(`file://${join(coreDir, 'dist/testing/index.js')}`);
    expect(result.testingExports).toEqual(valueExportsOf(join(coreDir, 'src/testing/index.ts')));
    expect(result.storeKit).toBe(`file://${join(coreDir, 'dist/storeKit/index.js')}`);
    expect(result.storeKitExports).toEqual(valueExportsOf(join(coreDir, 'src/storeKit/index.ts')));
    expect(result.exports).toMatchObject({
      CircuitBreaker: 'function',
      RetryHandler: 'function',
      withCircuitBreaker: 'function',
      CircuitOpenError: 'function',
      isCircuitOpenError: 'function',
      retrying: 'function',
      timeout: 'function',
      compose: 'function',
      systemClock: 'function',
    });
    expect(result.breaker).toEqual({
      state: 'OPEN',
      states: ['CLOSED>OPEN:failure-threshold'],
      rejection: { name: 'CircuitOpenError', isCircuitOpenError: true, retryAfterMs: 5000 },
    });
    expect(result.retry).toEqual({ value: 'ok', attempts: 3, now: 1300 });
  });

  test('the published declarations leave out members marked @internal (stripInternal)', () => {
    const dist = join(coreDir, 'dist');
    const declarations = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'));
    expect(declarations.length).toBeGreaterThan(10);
    expect(declarations.filter((f) => readFileSync(join(dist, f), 'utf8').includes('@internal'))).toEqual([]);
    // The fused path compose uses, present in the sources, gone from the types.
    const retry = readFileSync(join(dist, 'retry/RetryHandler.d.ts'), 'utf8');
    expect(retry).toContain('execute<R>(');
    expect(retry).not.toContain('continueAfter');
    expect(readFileSync(join(dist, 'wrappers/Policy.d.ts'), 'utf8')).not.toMatch(/\battempt\?</);
  });
});
