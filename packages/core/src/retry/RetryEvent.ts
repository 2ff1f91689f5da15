/** A failed attempt will be followed by another after `delayMs`. */
export interface RetryScheduledEvent {
  type: 'retry.scheduled';
  /** The attempt that failed (0 is the first call). */
  attempt: number;
  delayMs: number;
  /** The failed attempt's error `name` (plain data only; never the error itself). */
  errorName: string;
  at: number;
}

/** No further attempt will be made; the last error goes to the caller. */
export interface RetryGaveUpEvent {
  type: 'retry.gave-up';
  attempts: number;
  reason: 'exhausted' | 'not-retryable' | 'aborted';
  errorName: string;
  at: number;
}

export type RetryEvent = RetryScheduledEvent | RetryGaveUpEvent;
