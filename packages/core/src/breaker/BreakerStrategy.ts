/** One finished call, as a strategy sees it (the breaker reuses one object: read it, don't keep it). */
export interface CallOutcome {
  readonly success: boolean;
  /** How long the call took, by the breaker's clock. */
  readonly durationMs: number;
  /** When it finished (clock time). */
  readonly at: number;
}

/** Why a strategy asks the breaker to open. */
export type TripReason = 'failure-threshold' | 'failure-rate' | 'slow-call-rate';

/**
 * Decides when a CLOSED breaker opens. A breaker owns its strategies (one instance per breaker): they are fed
 * every counted outcome while CLOSED and are reset whenever the breaker closes.
 */
export interface BreakerStrategy {
  /** Records an outcome; returns why the breaker must open now, or `undefined` to stay closed. */
  record(outcome: CallOutcome): TripReason | undefined;
  /** Failures currently held against the breaker (consecutive, or within the window). */
  readonly failures: number;
  /**
   * True when `record` reads `durationMs` or `at` (durations, time windows). When no strategy does, the breaker
   * passes 0 for both and reads no clock on the success path, which is most of a call's cost.
   */
  readonly usesTime?: boolean;
  reset(): void;
  /** Re-seeds the failure count from a snapshot after a restart, where the strategy can. */
  restore?(failures: number): void;
}
