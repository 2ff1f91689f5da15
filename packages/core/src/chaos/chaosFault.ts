import type { ExecutionContext } from '../wrappers/Policy.ts';
import { chaosPolicy, type ChaosOptions, type ChaosPolicy } from './ChaosPolicy.ts';

export interface ChaosFaultOptions extends ChaosOptions {
  /** What a hit call fails with instead of running: a value, or a function making one per call. */
  fault: unknown;
}

/**
 * Fails a share of calls without running them, with the error you give (e.g. what your exchange client throws
 * on a 503), so a bot's classification, retries, breakers and recovery can be tested without a simulator.
 */
export function chaosFault(options: ChaosFaultOptions): ChaosPolicy {
  const { fault } = options;
  const make = typeof fault === 'function' ? (fault as (context: ExecutionContext) => unknown) : () => fault;
  return chaosPolicy('fault', options, (_operation, context) => new Promise((_, reject) => reject(make(context))));
}
