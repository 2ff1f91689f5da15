import type { ErrorContext } from '../classify/ErrorContext.ts';

/**
 * The wait a failure asks for (Retry-After, as classified), in ms, or `undefined`. A NaN or negative value
 * (possible in a context made by hand) asks nothing; Infinity is kept, as the longest ask there is.
 */
export function askedWait(ctx: ErrorContext): number | undefined {
  const ms = ctx.retryAfterMs;
  return typeof ms === 'number' && ms >= 0 ? ms : undefined;
}

/** Whether the failure asks for a longer wait than `maxRetryAfterMs`: then it is not waited for, nor retried. */
export function asksTooLong(ctx: ErrorContext, maxRetryAfterMs: number): boolean {
  const ms = askedWait(ctx);
  return ms !== undefined && ms > maxRetryAfterMs;
}
