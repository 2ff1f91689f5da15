import { EventStream, type Subscribable, type Unsubscribe } from '../events/EventStream.ts';
import { nonNegativeInt, nonNegativeNumber } from '../errors/options.ts';
import { isPromiseLike } from '../internal/isPromiseLike.ts';
import { RetryEngine, type GiveUpReason, type RetrySteps } from './RetryEngine.ts';
import { errorNameOf } from './isRetryable.ts';
import type { RetryEvent } from './RetryEvent.ts';

export type { Jitter, RetryOptions } from './RetryEngine.ts';

/** Finished calls by outcome, as resilience4j's `retry_calls{kind}` counts them. */
export interface RetryOutcomes {
  /** Counted only while outcomes are tracked (`trackOutcomes()`; metrics exporters call it). */
  successfulWithoutRetry: number;
  successfulWithRetry: number;
  failedWithoutRetry: number;
  failedWithRetry: number;
}

export interface ExecuteOptions {
  /** Aborting cancels the wait and the loop at once; the call rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * Exponential backoff with jitter; every attempt after the first is asynchronous, nothing ever blocks. The
 * loop and its decisions are the `RetryEngine`'s; this adds the first attempt's fast path, events and outcomes.
 */
export class RetryHandler extends RetryEngine implements Subscribable<RetryEvent> {
  readonly #events = new EventStream<RetryEvent>();
  readonly #outcomes: RetryOutcomes = {
    successfulWithoutRetry: 0,
    successfulWithRetry: 0,
    failedWithoutRetry: 0,
    failedWithRetry: 0,
  };
  /** A first attempt's success is seen only while tracked: seeing it costs a reaction on the success path. */
  #tracking = false;
  readonly #firstSucceeded = <V>(value: V): V => {
    this.#outcomes.successfulWithoutRetry++;
    return value;
  };

  /** Calls finished so far, by outcome. */
  outcomes(): RetryOutcomes {
    return { ...this.#outcomes };
  }

  /**
   * Starts counting first attempts that succeed (the other outcomes are always counted): exporters of
   * `retry_calls` call it. Until then `successfulWithoutRetry` stays 0 and the success path does no extra work.
   */
  trackOutcomes(): void {
    this.#tracking = true;
  }

  /** Whether `trackOutcomes()` was called (compose's fused path then counts successes itself). @internal */
  get tracking(): boolean {
    return this.#tracking;
  }

  /** Counts a first attempt that succeeded on compose's fused path. @internal */
  firstSucceeded<V>(value: V): V {
    return this.#firstSucceeded(value);
  }

  subscribe(listener: (event: RetryEvent) => void): Unsubscribe {
    return this.#events.subscribe(listener);
  }

  /**
   * Delay before retry number `attempt + 1`: `min(base * exponentialBase^attempt, maxDelay)`, then jittered.
   * `previousDelayMs` feeds decorrelated jitter (defaults to the base delay).
   */
  calculateDelay(attempt: number, previousDelayMs = this.baseDelayMs): number {
    nonNegativeInt('RetryHandler.calculateDelay', 'attempt', attempt);
    nonNegativeNumber('RetryHandler.calculateDelay', 'previousDelayMs', previousDelayMs);
    return this.delay(attempt, previousDelayMs);
  }

  /** Calls `fn(...args)` with retries; always returns a promise. */
  call<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
    return this.execute(() => fn(...args));
  }

  /** Runs `fn(attempt, signal)` until it succeeds or retrying stops; the last error is re-thrown unchanged. */
  execute<R>(
    fn: (attempt: number, signal: AbortSignal | undefined) => R,
    options?: ExecuteOptions,
  ): Promise<Awaited<R>> {
    if (typeof fn !== 'function') {
      return Promise.reject(
        new TypeError(`RetryHandler.execute: fn must be a function, got ${fn === null ? 'null' : typeof fn}`),
      );
    }
    const signal = options?.signal;
    if (!this.begin(signal)) return Promise.reject(signal!.reason);
    // The first attempt runs without an async frame: the success path costs one `then` and nothing else.
    let first: R;
    try {
      first = fn(0, signal);
    } catch (error) {
      return this.continueAfter(error, fn, signal);
    }
    if (isPromiseLike(first)) {
      // Promise.resolve returns a native promise as is, and turns a foreign thenable into a real promise.
      return Promise.resolve(first as PromiseLike<Awaited<R>>).then(
        this.#tracking ? this.#firstSucceeded : undefined,
        (error: unknown) => this.continueAfter(error, fn, signal),
      );
    }
    if (this.#tracking) this.#outcomes.successfulWithoutRetry++;
    return Promise.resolve(first as Awaited<R>);
  }

  /**
   * Goes on after a first attempt (started with `begin`) failed with `error`: the engine's loop from there,
   * `fn` making the later attempts. Lets `compose` fuse a retry with the breaker inside it, so the success
   * path costs one `then` for both. @internal
   */
  continueAfter<R>(
    error: unknown,
    fn: (attempt: number, signal: AbortSignal | undefined) => R,
    signal: AbortSignal | undefined,
  ): Promise<Awaited<R>> {
    let previousDelayMs = this.baseDelayMs;
    const steps: RetrySteps<Awaited<R>> = {
      attempt: (n, s) => fn(n, s) as Awaited<R>,
      succeeded: (value) => {
        this.#outcomes.successfulWithRetry++;
        return value;
      },
      failed: (failure, attempt, s) => {
        const decision = this.decide(failure, attempt, previousDelayMs, s);
        if (decision.reason !== undefined) {
          this.#gaveUp(attempt + 1, decision.reason, failure, decision.askedMs);
          throw decision.error ?? failure;
        }
        previousDelayMs = decision.delayMs;
        if (this.#events.active) {
          this.#events.emit({
            type: 'retry.scheduled',
            attempt,
            delayMs: decision.waitMs,
            errorName: errorNameOf(failure),
            at: this.clock.now(),
          });
        }
        return decision.waitMs;
      },
      aborted: (attempt, failure) => this.#gaveUp(attempt + 1, 'aborted', failure),
    };
    return this.run(steps, signal, 0, true, error);
  }

  #gaveUp(attempts: number, reason: GiveUpReason, error: unknown, retryAfterMs = 0): void {
    if (attempts > 1) this.#outcomes.failedWithRetry++;
    else this.#outcomes.failedWithoutRetry++;
    if (!this.#events.active) return;
    const errorName = errorNameOf(error);
    const at = this.clock.now();
    this.#events.emit(
      reason === 'retry-after-too-long'
        ? {
            type: 'retry.gave-up',
            attempts,
            reason,
            retryAfterMs,
            maxRetryAfterMs: this.maxRetryAfterMs,
            errorName,
            at,
          }
        : { type: 'retry.gave-up', attempts, reason, errorName, at },
    );
  }
}
