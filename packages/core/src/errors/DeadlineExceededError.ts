import { hasBrand } from './brand.ts';

const brand = 'breakwater.DeadlineExceededError';

/**
 * Thrown when an operation's deadline (`deadline(ms)`) ended it: the call was still running when the time was
 * up (its signal was aborted with this error), or the next retry's wait would have ended past it (`cause` is
 * then the last attempt's error). Final: retrying past a deadline is what the deadline forbids.
 */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  readonly [brand] = true;
  readonly deadlineMs: number;
  readonly retryable = false;

  constructor(deadlineMs: number, detail?: string, options?: { cause?: unknown }) {
    super(`Deadline of ${deadlineMs} ms exceeded${detail ? `: ${detail}` : ''}`, options);
    this.deadlineMs = deadlineMs;
  }
}

export function isDeadlineExceededError(error: unknown): error is DeadlineExceededError {
  return hasBrand(error, brand);
}
