import type { ExecutionContext } from '../wrappers/Policy.ts';
import { chaosPolicy, type ChaosOptions, type ChaosPolicy } from './ChaosPolicy.ts';

export interface ChaosOutcomeOptions extends ChaosOptions {
  /** What a hit call returns instead of running (stale or corrupt data, an empty book): made per call. */
  outcome: (context: ExecutionContext) => unknown;
}

/** Replaces the result of a share of calls without running them: bad data on demand. */
export function chaosOutcome(options: ChaosOutcomeOptions): ChaosPolicy {
  if (typeof options.outcome !== 'function') {
    throw new RangeError(
      `chaos outcome "${options.name ?? 'outcome'}": outcome must be a function, got ${typeof options.outcome}`,
    );
  }
  const { outcome } = options;
  return chaosPolicy(
    'outcome',
    options,
    (_operation, context) => new Promise((resolve) => resolve(outcome(context) as never)),
  );
}
