// The happy path's price: one successful async call, bare and through each resilience wrapper, ours (the built
// `@breakwater/core` from dist/, as users run it) against cockatiel 4 and opossum 10.

import { BreakerRegistry, CircuitBreaker, RetryHandler, compose, retrying, withCircuitBreaker } from '@breakwater/core';
import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleAll, retry, wrap } from 'cockatiel';
import Opossum from 'opossum';
import { note, suite, target } from './harness.mjs';

const fn = async () => 42;

// Ours.
const breaker = new CircuitBreaker({ name: 'bench' });
const retryHandler = new RetryHandler();
const guarded = () => breaker.call(fn); // hoisted: the closure is the caller's, not the library's, cost
const composed = compose(retrying(), withCircuitBreaker('bench2', { registry: new BreakerRegistry() }));

// cockatiel 4, as its README composes retry around a breaker.
const cockatielBreaker = circuitBreaker(handleAll, { halfOpenAfter: 60_000, breaker: new ConsecutiveBreaker(5) });
const cockatielRetryBreaker = wrap(
  retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }),
  circuitBreaker(handleAll, { halfOpenAfter: 60_000, breaker: new ConsecutiveBreaker(5) }),
);

// opossum 10: its defaults, and without the per-call timer and the rolling-stats extras (see the notes below).
// Each instance gets its own options object: opossum writes its defaults into the one it is given.
const opossumDefaults = new Opossum(fn, {});
const opossumLean = new Opossum(fn, { timeout: false, rollingPercentilesEnabled: false, enableSnapshots: false });

const BARE = 'bare: await fn()';
const OURS_BREAKER = 'ours: breaker.call(fn)';
const OURS_RETRY = 'ours, nested by hand: retry.call(() => breaker.call(fn))';
const OURS_COMPOSE = 'ours: compose(retrying(), withCircuitBreaker())';
const COCKATIEL_RETRY = 'cockatiel: wrap(retry, circuitBreaker)';
const COCKATIEL_BREAKER = 'cockatiel: circuitBreaker';
const OPOSSUM = 'opossum: fire(), defaults';
const OPOSSUM_LEAN = 'opossum: fire(), no timeout/percentiles/snapshots';

let result;
try {
  result = await suite(
    'resilience: one successful async call (fn = async () => 42)',
    {
      [BARE]: fn,
      [OURS_BREAKER]: () => breaker.call(fn),
      [OURS_RETRY]: () => retryHandler.call(guarded),
      [OURS_COMPOSE]: () => composed.execute(fn),
      [COCKATIEL_RETRY]: () => cockatielRetryBreaker.execute(fn),
      [COCKATIEL_BREAKER]: () => cockatielBreaker.execute(fn),
      [OPOSSUM]: () => opossumDefaults.fire(),
      [OPOSSUM_LEAN]: () => opossumLean.fire(),
    },
    { baseline: BARE, expect: 42 },
  );
} finally {
  opossumDefaults.shutdown();
  opossumLean.shutdown();
}

// The targets are for our retry + breaker as the library composes it (`compose` fuses the two layers into one
// promise step); nesting by hand pays a second `then`, shown for comparison.
note('targets');
target(`${OURS_COMPOSE} ≤ 2.5× bare`, result.ratio(OURS_COMPOSE), { max: 2.5 });
target(`cockatiel retry+breaker ÷ ${OURS_COMPOSE} ≥ 4`, result.ratio(COCKATIEL_RETRY, OURS_COMPOSE), { min: 4 });
note(
  `  (nested by hand: ${result.ratio(OURS_RETRY).toFixed(2)}× bare; ` +
    `cockatiel ÷ it = ${result.ratio(COCKATIEL_RETRY, OURS_RETRY).toFixed(2)}×)`,
);
note(`  (breaker alone: cockatiel ÷ ours = ${result.ratio(COCKATIEL_BREAKER, OURS_BREAKER).toFixed(2)}×)`);
note('settings');
note('  ours: RetryHandler() defaults (3 retries), CircuitBreaker defaults (5 consecutive failures), no listeners');
note('  cockatiel: retry maxAttempts 3 + ExponentialBackoff, circuitBreaker ConsecutiveBreaker(5), halfOpenAfter 60 s');
note('  opossum defaults: timeout 10 s (a timer armed and cleared per call), 10 s rolling window in 10 buckets (a');
note('    latency pushed per call), percentiles and snapshots on (each second a snapshot sorts the window: it runs on');
note('    a timer between rounds, so it is not charged to opossum here); "no timeout/…" sets timeout: false,');
note('    rollingPercentilesEnabled: false, enableSnapshots: false');
