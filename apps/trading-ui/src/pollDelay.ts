// How long a poll loop waits before its next poll. A failing exchange gets FEWER requests, not more: each failed
// poll in a row stretches the wait, and an OPEN breaker sets the pace (its next trial) on its own.

export interface PollPace {
  /** The wait after a good poll. */
  everyMs: number;
  /** Each failed poll in a row multiplies the wait by this. */
  factor: number;
  /** The longest wait, however many polls failed. */
  maxMs: number;
}

export interface PollOutcome {
  /** Failed polls in a row, 0 after a good one. */
  failures: number;
  /** An OPEN breaker lets no request through for this long. */
  pausedForMs?: number | undefined;
}

/** The wait before the next poll, in ms. */
export function pollDelay(pace: PollPace, outcome: PollOutcome): number {
  const backoff = Math.min(pace.maxMs, pace.everyMs * pace.factor ** Math.max(0, outcome.failures - 1));
  return Math.max(backoff, outcome.pausedForMs ?? 0);
}
