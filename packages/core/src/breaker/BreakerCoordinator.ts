import type { CircuitState, TransitionReason } from './BreakerEvent.ts';

/**
 * What something that shares one breaker across processes (`sharedBreakers` in @breakwater/redis) plugs into
 * a breaker with `breaker.coordinate(…)`. Neither method is called on the success path of a CLOSED breaker.
 */
export interface BreakerCoordinator {
  /** A counted failure of the current CLOSED period, before the breaker's strategies judge it. */
  failed(at: number): void;
  /**
   * A call is due a trial: the OPEN breaker's timeout has passed, or HALF_OPEN has no free trial slot here.
   * `true` lets the breaker go on by its own rule; `false` refuses the call, and the coordinator grants
   * trials later through `applyRemoteState` (the fleet decides who tries).
   */
  trialWanted(): boolean;
}

/** A state decided elsewhere (another process), applied with `breaker.applyRemoteState`. */
export interface RemoteBreakerState {
  state: CircuitState;
  /** Why the fleet's breaker moved; the `breaker.state` event carries it, with `source: 'remote'`. */
  reason: TransitionReason;
  /** When the fleet's breaker opened (OPEN, HALF_OPEN); a time ahead of this process's clock counts as now. */
  openedAt?: number;
  /** OPEN held by `isolate()`. */
  isolated?: boolean;
  /** HALF_OPEN: trial slots this process holds (default `halfOpenMaxCalls`). */
  trials?: number;
}
