import type { ErrorContext } from '../classify/ErrorContext.ts';
import { nonNegativeInt } from '../errors/options.ts';
import { askedWait } from '../handler/askedWait.ts';
import type { ErrorHandler } from '../handler/ErrorHandler.ts';
import type { ErrorOutcome } from '../storage/ErrorOutcome.ts';
import { getGlobalErrorHandler } from '../handler/globalErrorHandler.ts';
import { createDecorator, type AnyFunction, type AsyncDecorator } from './createDecorator.ts';

export interface HandleErrorsOptions<A extends unknown[] = unknown[], R = unknown> {
  operation: string;
  component: string;
  /** Retries after the first attempt. Default: the handler's `maxRetries`. */
  maxRetries?: number;
  /**
   * Returned when nothing recovers and retries are spent (or the error is not retryable). Any value counts,
   * `null`, `0` and `''` included, but not `undefined`, which means "no fallback" (an option passed through
   * unset must not swallow errors); a function is called with the error context (return `undefined` from one
   * to fall back to it).
   */
  fallback?: R | ((ctx: ErrorContext) => R | Promise<R>);
  /**
   * The paper-trading implementation, used when the handler is (or goes) in `paper` mode: from then on no
   * attempt of this call, retries included, reaches the live function.
   */
  degrade?: (...args: A) => R | Promise<R>;
  /**
   * Marks a read (market data, balances): its last good result is kept, and served by `data_fallback` when a
   * later call returns bad data or fails for good. `true` keys results by operation and arguments (as JSON);
   * a function gives the key. Never set it on writes: an old order confirmation is no answer to a new order.
   */
  cache?: boolean | ((...args: A) => string);
  /** Default: the global handler at call time. */
  handler?: ErrorHandler;
  /** Aborting stops retry waits at once; the call rejects with `signal.reason`, and a failure seen after the
   * abort is not recorded. */
  signal?: AbortSignal;
}

/**
 * Runs a function under the error handler: each failed attempt is classified and handled, and the outcome
 * decides — retry after its delay, the fallback value, or the `degrade` implementation. When no action
 * recovers, a retryable error is retried with the configured backoff while retries remain; after that the
 * `fallback` (if given) is returned, else the original error is re-thrown. The result is always a promise.
 */
export function handleErrors<A extends unknown[] = unknown[], R = unknown>(
  options: HandleErrorsOptions<A, R>,
): AsyncDecorator {
  const { operation, component } = options;
  if (typeof operation !== 'string' || typeof component !== 'string' || operation === '' || component === '') {
    throw new TypeError('handleErrors: options.operation and options.component must be non-empty strings');
  }
  if (options.maxRetries !== undefined)
    nonNegativeInt(`handleErrors("${operation}")`, 'maxRetries', options.maxRetries);
  if (options.cache !== undefined && typeof options.cache !== 'boolean' && typeof options.cache !== 'function') {
    throw new TypeError(
      `handleErrors("${operation}"): cache must be a boolean or a function, got ${typeof options.cache}`,
    );
  }
  if (options.degrade !== undefined && typeof options.degrade !== 'function') {
    throw new TypeError(`handleErrors("${operation}"): degrade must be a function, got ${typeof options.degrade}`);
  }
  const hasFallback = options.fallback !== undefined;
  return createDecorator(
    `handleErrors("${operation}")`,
    (fn) =>
      function (this: unknown, ...args: unknown[]) {
        return run(options, hasFallback, fn, this, args);
      },
    true,
  ) as AsyncDecorator;
}

async function run<A extends unknown[], R>(
  options: HandleErrorsOptions<A, R>,
  hasFallback: boolean,
  fn: AnyFunction,
  self: unknown,
  args: unknown[],
): Promise<unknown> {
  const handler = options.handler ?? getGlobalErrorHandler();
  const { operation, component, signal, degrade } = options;
  const maxRetries = options.maxRetries ?? handler.config.maxRetries;
  const clock = handler.clock;
  const cacheKey = cacheKeyOf(options, args as A);
  // The action whose retry led to the current attempt: the call's end tells whether it recovered anything.
  let retriedBy: string | undefined;
  const after = () => (retriedBy === undefined ? {} : { retriedBy });
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    // Checked before every attempt: once paper trading is on (by this call or another), no retry goes live.
    if (handler.mode === 'paper' && degrade) return degrade.apply(self, args as A);
    let error: unknown;
    try {
      const value = await fn.apply(self, args);
      handler.recordSuccess(component, cacheKey === undefined ? undefined : { cacheKey, value }, after());
      return value;
    } catch (thrown) {
      error = thrown;
    }
    // The caller gave up: not a failure of the operation, nothing to recover.
    if (signal?.aborted) throw signal.reason;
    const ctx = handler.classify(error, operation, component);
    ctx.retryCount = attempt;
    ctx.maxRetries = maxRetries;
    const result = await handler.handle(
      ctx,
      cacheKey === undefined ? { settledByCaller: true } : { cacheKey, settledByCaller: true },
    );
    // Aborted while recovery ran: the caller no longer wants a value, nor the retry.
    if (signal?.aborted) {
      handler.settle(ctx, { type: 'gave-up' }, after());
      throw signal.reason;
    }
    // The wait the failure asks for (`retryAfterMs`, a Retry-After header). Beyond `maxRetryAfterMs` no retry
    // waits it out, whoever proposes one: the call gives up now (fallback or the error) rather than park.
    const asked = askedWait(ctx) ?? 0;
    const waitable = asked <= handler.config.maxRetryAfterMs;
    let delayMs: number | undefined;
    let retryAction: string | undefined;
    if (result.recovered) {
      const outcome = result.outcome!;
      const action = result.action!;
      if (outcome.type === 'fallback') {
        handler.settle(
          ctx,
          outcome.ageMs === undefined
            ? { type: 'fallback', action }
            : { type: 'fallback', action, ageMs: outcome.ageMs },
          after(),
        );
        return outcome.value;
      }
      if (outcome.type === 'degrade' && degrade) {
        handler.settle(ctx, { type: 'degraded', action }, after());
        return degrade.apply(self, args as A);
      }
      if (outcome.type === 'retry' && attempt < maxRetries && waitable)
        [delayMs, retryAction] = [outcome.delayMs, action];
      // The action fixed the cause: try again at once.
      if (outcome.type === 'recovered' && attempt < maxRetries) [delayMs, retryAction] = [0, action];
    }
    // The backoff, or longer when the failure asks for it.
    if (delayMs === undefined && ctx.retryable && attempt < maxRetries && waitable)
      delayMs = Math.max(handler.retryDelay(attempt), asked);
    if (delayMs === undefined) {
      const gaveUp: ErrorOutcome = result.skipped ? { type: 'gave-up', reason: result.skipped } : { type: 'gave-up' };
      handler.settle(ctx, hasFallback ? { type: 'fallback' } : gaveUp, after());
      if (!hasFallback) throw error;
      const fallback = options.fallback;
      return typeof fallback === 'function' ? (fallback as (c: ErrorContext) => unknown)(ctx) : fallback;
    }
    handler.settle(
      ctx,
      retryAction === undefined ? { type: 'retried', delayMs } : { type: 'retried', delayMs, action: retryAction },
    );
    if (retryAction !== undefined) retriedBy = retryAction;
    handler.notifyRetry(ctx, attempt, delayMs);
    await clock.sleep(delayMs, signal);
  }
}

/** The call's cache key, or undefined when it did not opt in (or its arguments cannot make one). */
function cacheKeyOf<A extends unknown[], R>(options: HandleErrorsOptions<A, R>, args: A): string | undefined {
  const { cache, operation } = options;
  if (!cache) return undefined;
  if (typeof cache === 'function') return `${operation}:${cache(...args)}`;
  try {
    return `${operation}:${JSON.stringify(args)}`;
  } catch {
    return undefined; // cyclic or BigInt arguments: no caching rather than a wrong key
  }
}
