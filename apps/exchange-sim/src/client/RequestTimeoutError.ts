const brand = 'breakwater.RequestTimeoutError';

/**
 * The client gave up waiting: no complete answer within `timeoutMs`. Named `RequestTimeout` like ccxt's class,
 * so Breakwater reads it as a retryable network failure. The exchange may still have acted on the request:
 * for an order, ask for it by its client order id before placing it again.
 */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeout';
  readonly [brand] = true;
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;

  constructor(method: string, path: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(`exchange-sim ${method} ${path}: request timed out (${timeoutMs} ms)`, options);
    this.method = method;
    this.path = path;
    this.timeoutMs = timeoutMs;
  }
}

export function isRequestTimeoutError(error: unknown): error is RequestTimeoutError {
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)[brand] === true;
}
