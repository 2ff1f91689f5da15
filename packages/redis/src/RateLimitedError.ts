const brand = 'breakwater.RateLimitedError';

/** A call through a shared rate limit would have had to wait longer than its `maxWaitMs` for budget. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  readonly [brand] = true;
  readonly key: string;
  /** When the budget allows the next call; read by `retrying()` (`retryAfterOf`) as the wait it asks for. */
  readonly retryAfterMs: number;
  readonly maxWaitMs: number;

  constructor(key: string, retryAfterMs: number, maxWaitMs: number) {
    super(`sharedRateLimit ${JSON.stringify(key)}: no budget within ${maxWaitMs} ms (next in ${retryAfterMs} ms)`);
    this.key = key;
    this.retryAfterMs = retryAfterMs;
    this.maxWaitMs = maxWaitMs;
  }
}

export function isRateLimitedError(error: unknown): error is RateLimitedError {
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)[brand] === true;
}
