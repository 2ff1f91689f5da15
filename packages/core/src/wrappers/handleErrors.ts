import type { ErrorContext } from '../classify/ErrorContext.ts';
import { nonNegativeInt } from '../errors/options.ts';
import { classifiedFailure, fixedFailure, proposedRetry } from '../handler/classifiedFailure.ts';
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

/** Thrown by an attempt that must not run because paper trading is on: the failure step answers `degrade`. */
const PAPER: unique symbol = Symbol('paper');

function run<A extends unknown[], R>(
  options: HandleErrorsOptions<A, R>,
  hasFallback: boolean,
  fn: AnyFunction,
  self: unknown,
  args: unknown[],
): Promise<unknown> {
  let handler: ErrorHandler;
  let maxRetries: number;
  let cacheKey: string | undefined;
  try {
    handler = options.handler ?? getGlobalErrorHandler();
    maxRetries = options.maxRetries ?? handler.config.maxRetries;
    cacheKey = cacheKeyOf(options, args as A);
  } catch (error) {
    return Promise.reject(error); // like every failure of the call, a rejection
  }
  const { operation, component, signal, degrade } = options;
  // The action whose retry led to the current attempt: the call's end tells whether it recovered anything.
  let retriedBy: string | undefined;
  const after = () => (retriedBy === undefined ? {} : { retriedBy });
  const attempt = (): unknown => {
    signal?.throwIfAborted();
    // Checked before every attempt: once paper trading is on (by this call or another), no retry goes live.
    if (handler.mode === 'paper' && degrade) throw PAPER;
    return fn.apply(self, args);
  };
  return handler.retryEngine.run<unknown>(
    {
      succeeded: (value) => {
        handler.recordSuccess(component, cacheKey === undefined ? undefined : { cacheKey, value }, after());
        return value;
      },
      failed: async (error, attempt) => {
        if (error === PAPER) return { value: degrade!.apply(self, args as A) };
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
        // Read now: `configure` may have changed the backoff since the call began.
        const engine = handler.retryEngine;
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
            return { value: outcome.value };
          }
          if (outcome.type === 'degrade' && degrade) {
            handler.settle(ctx, { type: 'degraded', action }, after());
            return { value: degrade.apply(self, args as A) };
          }
          // An action's retry waits what it proposes, within the retries left and `maxRetryAfterMs` (beyond
          // it no retry waits, whoever proposes one: the call gives up rather than park).
          if (outcome.type === 'retry' && engine.allows(ctx, attempt, proposedRetry, maxRetries))
            [delayMs, retryAction] = [outcome.delayMs, action];
          // The action fixed the cause: try again at once.
          if (outcome.type === 'recovered' && engine.allows(ctx, attempt, fixedFailure, maxRetries))
            [delayMs, retryAction] = [0, action];
        }
        // The backoff, or longer when the failure asks for it.
        if (delayMs === undefined) {
          const wait = engine.decide(ctx, attempt, undefined, undefined, classifiedFailure, maxRetries);
          if (typeof wait === 'number') delayMs = wait;
        }
        if (delayMs === undefined) {
          const gaveUp: ErrorOutcome = result.skipped
            ? { type: 'gave-up', reason: result.skipped }
            : { type: 'gave-up' };
          handler.settle(ctx, hasFallback ? { type: 'fallback' } : gaveUp, after());
          if (!hasFallback) throw error;
          const fallback = options.fallback;
          return { value: typeof fallback === 'function' ? (fallback as (c: ErrorContext) => unknown)(ctx) : fallback };
        }
        handler.settle(
          ctx,
          retryAction === undefined ? { type: 'retried', delayMs } : { type: 'retried', delayMs, action: retryAction },
        );
        if (retryAction !== undefined) retriedBy = retryAction;
        handler.notifyRetry(ctx, attempt, delayMs);
        return delayMs;
      },
    },
    attempt,
    signal,
    0,
    false,
  );
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
