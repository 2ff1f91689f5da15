/**
 * Every `RetryHandler` made (its constructor marks itself). Apart from the class, so `compose` can tell a
 * retry layer to fuse without `instanceof`: composing a breaker and a timeout ships no retry.
 */
const handlers = new WeakSet<object>();

/** Called by the `RetryHandler` constructor only. @internal */
export function markRetryHandler(handler: object): void {
  handlers.add(handler);
}

/** Whether `value` was made by `new RetryHandler` (a subclass's included), as `instanceof` would tell. */
export function isRetryHandler(value: unknown): boolean {
  return typeof value === 'object' && value !== null && handlers.has(value);
}
