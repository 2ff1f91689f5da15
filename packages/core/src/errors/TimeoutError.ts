import { hasBrand } from './brand.ts';

const brand = 'breakwater.TimeoutError';

/** Thrown by `timeout(ms)` when the inner call did not settle in time; its signal was aborted with it. */
export class TimeoutError extends Error {
  // Same name as the platform's DOMException for timeouts, so classifiers treat both alike.
  override readonly name = 'TimeoutError';
  readonly [brand] = true;
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`Operation timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

export function isTimeoutError(error: unknown): error is TimeoutError {
  return hasBrand(error, brand);
}
