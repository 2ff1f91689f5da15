import type { BreakerSettings } from './BreakerSettings.ts';
import type { CircuitBreaker } from './CircuitBreaker.ts';

/** The settings a second request for a breaker by name must not contradict. */
const compared = [
  'failureThreshold',
  'recoveryTimeoutMs',
  'halfOpenMaxCalls',
  'successThreshold',
  'maxHalfOpenWaitMs',
] as const;

export type ComparedSetting = (typeof compared)[number];

/** The first setting asked for that `breaker` has otherwise, if any (unset ones contradict nothing). */
export function contradictedSetting(breaker: CircuitBreaker, settings: BreakerSettings): ComparedSetting | undefined {
  for (const key of compared) {
    const wanted = settings[key];
    if (wanted !== undefined && wanted !== breaker[key]) return key;
  }
  return undefined;
}

/** Asking again by name with other settings is an error, not a silent second breaker or an ignored setting. */
export function settingsConflictError(breaker: CircuitBreaker, key: ComparedSetting, settings: BreakerSettings): Error {
  return new Error(
    `Circuit breaker "${breaker.name}" already exists with ${key} ${breaker[key]}; asked for ${settings[key]}`,
  );
}
