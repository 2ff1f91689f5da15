import type { ErrorContext } from '../classify/ErrorContext.ts';
import type { FailureReader } from '../retry/RetryEngine.ts';
import { askedWait } from './askedWait.ts';

/** A failure as classification saw it, for the retry engine: its `retryable`, and the wait it asks for. */
export const classifiedFailure: FailureReader<ErrorContext> = {
  retryable: (ctx) => ctx.retryable,
  askedMs: (ctx) => askedWait(ctx) ?? 0,
};

/** A failure a recovery action proposes to retry: retryable by that proposal, still bound by the wait asked. */
export const proposedRetry: FailureReader<ErrorContext> = {
  retryable: () => true,
  askedMs: classifiedFailure.askedMs,
};

/** A failure an action fixed: retried at once while retries remain, whatever it asked. */
export const fixedFailure: FailureReader<ErrorContext> = {
  retryable: () => true,
  askedMs: () => 0,
};
