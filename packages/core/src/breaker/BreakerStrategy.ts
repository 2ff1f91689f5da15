import type { WindowOptions } from './SlidingWindow.ts';

/** One finished call, as a strategy sees it (the breaker reuses one object: read it, don't keep it). */
export interface CallOutcome {
  readonly success: boolean;
  /** How long the call took, by the breaker's clock. */
  readonly durationMs: number;
  /** When it finished (clock time). */
  readonly at: number;
}

/**
 * A built-in strategy's settings as plain data: saved with the breaker's snapshot so a restart can rebuild
 * the same strategy (see `rebuildStrategy`).
 */
export type StrategySpec =
  | { kind: 'ConsecutiveFailures'; threshold: number }
  | { kind: 'FailureRate'; failureRateThreshold: number; minimumCalls: number; window: WindowOptions }
  | {
      kind: 'SlowCallRate';
      slowCallDurationMs: number;
      slowCallRateThreshold: number;
      minimumCalls: number;
      window: WindowOptions;
    };

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
  /**
   * Failures held at clock time `at`: a strategy whose window moves with time implements it, so the breaker's
   * `failureCount` (and stats, snapshots) read the window now rather than at the last call.
   */
  failuresAt?(at: number): number;
  /**
   * Judges one HALF_OPEN trial that did not fail: true when, by this strategy's measure, the trial failed
   * anyway (a slow trial of a slow-call breaker). A trial that failed always fails; without this method a
   * successful trial passes. Durations are measured when some strategy `usesTime`.
   */
  failsTrial?(outcome: CallOutcome): boolean;
  /** Settings as plain data, for strategies a restart can rebuild; user strategies usually have none. */
  toSpec?(): StrategySpec;
  reset(): void;
  /** Re-seeds the failure count from a snapshot after a restart, where the strategy can. */
  restore?(failures: number): void;
}
