/** What a `sharedRateLimit` reports; its calls never fail for Redis trouble, so this is how you see it. */
export type RateLimitEvent =
  /** Redis failed or was slow; the answer came from the fallback (`failMode`). */
  | { type: 'redis-failed'; key: string; error: unknown; allowed: boolean }
  /** The account was paused for every process (`pause(ms)` or a `Retry-After` seen by a call). */
  | { type: 'paused'; key: string; ms: number };
