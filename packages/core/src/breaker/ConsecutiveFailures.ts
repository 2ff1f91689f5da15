import { positiveInt } from '../errors/options.ts';
import type { BreakerStrategy, CallOutcome, StrategySpec, TripReason } from './BreakerStrategy.ts';

/** The seed's policy: `threshold` failures in a row open the breaker; any success clears the count. */
export class ConsecutiveFailures implements BreakerStrategy {
  readonly threshold: number;
  #failures = 0;

  constructor(threshold: number) {
    this.threshold = positiveInt('ConsecutiveFailures', 'threshold', threshold);
  }

  get failures(): number {
    return this.#failures;
  }

  record(outcome: CallOutcome): TripReason | undefined {
    if (outcome.success) {
      this.#failures = 0;
      return undefined;
    }
    return ++this.#failures >= this.threshold ? 'failure-threshold' : undefined;
  }

  toSpec(): StrategySpec {
    return { kind: 'ConsecutiveFailures', threshold: this.threshold };
  }

  reset(): void {
    this.#failures = 0;
  }

  restore(failures: number): void {
    this.#failures = Math.max(0, Math.floor(failures));
  }
}
