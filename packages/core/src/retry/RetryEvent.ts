/** A failed attempt will be followed by another after `delayMs`. */
export interface RetryScheduledEvent {
  type: 'retry.scheduled';
  /** The attempt that failed (0 is the first call). */
  attempt: number;
  delayMs: number;
  /** The failed attempt's error `name` (plain data only; never the error itself); `'unknown'` if unreadable. */
  errorName: string;
  at: number;
}

/** No further attempt will be made; the last error goes to the caller. */
export type RetryGaveUpEvent =
  | {
      type: 'retry.gave-up';
      attempts: number;
      /**
       * `budget-exhausted`: the retry budget refused the retry; `deadline`: the wait would have ended past the
       * enclosing deadline (the caller gets a DeadlineExceededError whose cause is the last error).
       */
      reason: 'exhausted' | 'not-retryable' | 'aborted' | 'budget-exhausted' | 'deadline';
      errorName: string;
      at: number;
    }
  | {
      type: 'retry.gave-up';
      attempts: number;
      /** The error asked for a wait (Retry-After) longer than the handler's `maxRetryAfterMs`. */
      reason: 'retry-after-too-long';
      /** The wait asked for. */
      retryAfterMs: number;
      maxRetryAfterMs: number;
      errorName: string;
      at: number;
    };

export type RetryEvent = RetryScheduledEvent | RetryGaveUpEvent;
