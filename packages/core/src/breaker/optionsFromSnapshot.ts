import type { CircuitBreakerOptions } from './CircuitBreakerOptions.ts';
import type { CircuitBreakerSnapshotV2 } from './CircuitBreakerSnapshot.ts';
import { rebuildStrategy } from './rebuildStrategy.ts';

/** The options a version 2 snapshot saved; what `given` supplies itself is neither rebuilt nor required. */
export function optionsFromSnapshot(
  snapshot: CircuitBreakerSnapshotV2,
  given: Partial<CircuitBreakerOptions>,
): Partial<CircuitBreakerOptions> {
  const { strategies, isFailure, maxHalfOpenWaitMs, ...numbers } = snapshot.settings;
  const where = `CircuitBreaker.restore: snapshot "${snapshot.name}"`;
  const options: Partial<CircuitBreakerOptions> = { ...numbers, maxHalfOpenWaitMs: maxHalfOpenWaitMs ?? Infinity };
  if (strategies !== null && given.strategies === undefined) {
    options.strategies = strategies.map((spec, i) => {
      if (spec.kind === 'custom') {
        throw new RangeError(
          `${where} has a user-defined strategy (strategies[${i}]) that cannot be rebuilt from data; ` +
            'pass options.strategies',
        );
      }
      return rebuildStrategy(spec);
    });
  }
  if (isFailure === 'custom' && given.isFailure === undefined) {
    throw new RangeError(
      `${where} has a user-defined isFailure that cannot be rebuilt from data; pass options.isFailure`,
    );
  }
  return options;
}
