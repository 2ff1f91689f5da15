import type { TripReason } from './BreakerStrategy.ts';

/** The seed's state names. */
export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export type TransitionReason =
  | TripReason
  | 'recovery-timeout'
  | 'half-open-success'
  | 'half-open-failure'
  /** The HALF_OPEN period outlived `maxHalfOpenWaitMs`: its trials were abandoned. */
  | 'half-open-timeout'
  | 'reset'
  | 'isolate';

/** Exactly one per state change. */
export interface BreakerStateEvent {
  type: 'breaker.state';
  name: string;
  from: CircuitState;
  to: CircuitState;
  at: number;
  reason: TransitionReason;
  /** Set when the state was decided by another process of a fleet (`applyRemoteState`); absent for local moves. */
  source?: 'remote';
}

/** A call that ran through the breaker (or an outcome recorded by hand) and how it ended. */
export interface BreakerCallEvent {
  type: 'breaker.call';
  name: string;
  /** `ignored`: the error was not a failure by `isFailure` and passed through uncounted. */
  outcome: 'success' | 'failure' | 'ignored';
  durationMs: number;
  at: number;
}

/** A call refused without running. */
export interface BreakerRejectedEvent {
  type: 'breaker.rejected';
  name: string;
  state: CircuitState;
  retryAfterMs: number | undefined;
  at: number;
}

/**
 * The breaker's `isFailure` threw. The call was counted as a failure (so a HALF_OPEN slot is never leaked)
 * and the caller still got its own error; this reports the predicate's bug without crashing the process.
 */
export interface BreakerPredicateErrorEvent {
  type: 'breaker.predicate-error';
  name: string;
  /**
   * `Name: message` of what the predicate threw, or `an unreadable value`. Redacted once it leaves the breaker
   * for a registry's listeners (so the handler's and the devtools feed); the breaker's own listeners get it as thrown.
   */
  message: string;
  at: number;
}

export type BreakerEvent = BreakerStateEvent | BreakerCallEvent | BreakerRejectedEvent | BreakerPredicateErrorEvent;
