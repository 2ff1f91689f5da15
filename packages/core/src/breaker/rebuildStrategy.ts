import type { BreakerStrategy, StrategySpec } from './BreakerStrategy.ts';
import { ConsecutiveFailures } from './ConsecutiveFailures.ts';
import { FailureRate } from './FailureRate.ts';
import { SlowCallRate } from './SlowCallRate.ts';

/** Builds a fresh built-in strategy from its saved spec (its constructor validates the values). */
export function rebuildStrategy(spec: StrategySpec): BreakerStrategy {
  switch (spec.kind) {
    case 'ConsecutiveFailures':
      return new ConsecutiveFailures(spec.threshold);
    case 'FailureRate':
      return new FailureRate({
        failureRateThreshold: spec.failureRateThreshold,
        minimumCalls: spec.minimumCalls,
        window: spec.window,
      });
    case 'SlowCallRate':
      return new SlowCallRate({
        slowCallDurationMs: spec.slowCallDurationMs,
        slowCallRateThreshold: spec.slowCallRateThreshold,
        minimumCalls: spec.minimumCalls,
        window: spec.window,
      });
  }
}
