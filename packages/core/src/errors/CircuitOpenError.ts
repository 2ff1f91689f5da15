import { hasBrand } from './brand.ts';

const brand = 'breakwater.CircuitOpenError';

/** Thrown instead of calling through an OPEN (or saturated HALF_OPEN) circuit breaker. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  readonly [brand] = true;
  /** Name of the breaker that rejected the call. */
  readonly breaker: string;
  /**
   * How long until the breaker lets a trial call through; `undefined` when it is isolated by hand and
   * will not half-open on its own (then retrying cannot help).
   */
  readonly retryAfterMs: number | undefined;
  /** Retrying helps only when the breaker will let calls through again by itself. */
  readonly retryable: boolean;

  constructor(breaker: string, retryAfterMs: number | undefined) {
    super(`Circuit breaker ${breaker} is OPEN`);
    this.breaker = breaker;
    this.retryAfterMs = retryAfterMs;
    this.retryable = retryAfterMs !== undefined;
  }
}

export function isCircuitOpenError(error: unknown): error is CircuitOpenError {
  return hasBrand(error, brand);
}
