/**
 * What classification reads off a thrown value of any shape, without importing anyone's error classes.
 * Plain data; secrets are already redacted from `message` and `stack`.
 */
export interface ErrorFacts {
  /** `name` of the error (`'Error'` for plain errors, `typeof` for non-objects, e.g. `'string'`). */
  name: string;
  /** Class names from the error's own name up its prototype chain, most specific first, deduplicated. */
  names: readonly string[];
  message: string;
  code?: string;
  /** HTTP status from `status`, `statusCode`, `response.status` (first found). */
  status?: number;
  /** From `retryAfterMs`, `retryAfter`, or a `Retry-After` header (seconds or HTTP date). */
  retryAfterMs?: number;
  stack?: string;
  /** Facts of the `cause` chain, nearest first (bounded depth). */
  causes: readonly ErrorFacts[];
}
