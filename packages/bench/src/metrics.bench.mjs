// What metrics cost the caller: one successful breaker call with and without the Prometheus exporter attached
// (the built @breakwater/node/metrics with prom-client, as users run it), and what one scrape costs.
//
// The runner builds only @breakwater/core, so this file builds @breakwater/node itself (`tsc -b packages/node`).

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { note, suite, target } from './harness.mjs';

const nodeDir = fileURLToPath(new URL('../../node/', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const built = spawnSync(process.execPath, [tsc, '-b', nodeDir], { encoding: 'utf8' });
if (built.status !== 0) note(`node build: tsc exited ${built.status}, benchmarking what it emitted`);

const { ErrorHandler } = await import('@breakwater/core');
const { collectBreakwaterMetrics } = await import('@breakwater/node/metrics');
const { Registry } = await import('prom-client');

const fn = async () => 42;
const without = new ErrorHandler().getCircuitBreaker('bench');
const withMetricsHandler = new ErrorHandler();
const withMetrics = withMetricsHandler.getCircuitBreaker('bench');
const registry = new Registry();
collectBreakwaterMetrics(withMetricsHandler, { registry });
const timedHandler = new ErrorHandler();
const timed = timedHandler.getCircuitBreaker('bench');
collectBreakwaterMetrics(timedHandler, { registry: new Registry(), prefix: 'timed_', callDurations: true });
// A realistic handler to scrape: 50 breakers.
for (let i = 0; i < 49; i++) withMetricsHandler.getCircuitBreaker(`exchange-${i}`);

const BARE = 'bare: await fn()';
const WITHOUT = 'breaker.call(fn), no metrics';
const WITH = 'breaker.call(fn), Prometheus metrics attached';
const TIMED = 'breaker.call(fn), metrics + callDurations histogram';

const result = await suite(
  'metrics: one successful breaker call (fn = async () => 42)',
  {
    [BARE]: fn,
    [WITHOUT]: () => without.call(fn),
    [WITH]: () => withMetrics.call(fn),
    [TIMED]: () => timed.call(fn),
  },
  { baseline: WITHOUT, expect: 42 },
);
note('targets');
target(`${WITH} ÷ no metrics ≤ 1.1`, result.ratio(WITH, WITHOUT), { max: 1.1 });
note(
  `  (callDurations: ${result.ratio(TIMED, WITHOUT).toFixed(2)}× — ` +
    'two clock reads, an event and a histogram observe per call; opt-in)',
);

await suite(
  'metrics: one scrape of a handler with 50 breakers',
  { 'registry.metrics()': () => registry.metrics() },
  { rounds: 21, allocations: false },
);
