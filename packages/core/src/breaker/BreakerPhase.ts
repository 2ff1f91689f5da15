/** The breaker's state with what only that state needs. */
export type BreakerPhase =
  | { state: 'CLOSED' }
  | { state: 'OPEN'; openedAt: number; isolated: boolean }
  | { state: 'HALF_OPEN'; openedAt: number; since: number; inFlight: number; successes: number; trials: number };
