import { EventStream, type Subscribable, type Unsubscribe } from '../events/EventStream.ts';
import { isPromiseLike } from '../internal/isPromiseLike.ts';
import { RetryEngine, type RetryOptions, type RetrySteps } from './RetryEngine.ts';
import { errorNameOf } from './isRetryable.ts';
import type { RetryEvent, RetryGaveUpEvent } from './RetryEvent.ts';
import { markRetryHandler } from './isRetryHandler.ts';

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

  constructor(options?: RetryOptions) {
    super(options);
    markRetryHandler(this);
  }

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

  /** Whether `trackOutcomes()` was called (compose's fused path then leaves the call to `execute`). @internal */
  get tracking(): boolean {
    return this.#tracking;
  }

  subscribe(listener: (event: RetryEvent) => void): Unsubscribe {
    return this.#events.subscribe(listener);
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
    return this.run(this.#steps, fn as (n: number, s: AbortSignal | undefined) => Awaited<R>, signal, 0, true, error);
  }

  /** What the loop tells this handler: counted as outcomes, emitted as events. The same for every call. */
  readonly #steps: RetrySteps<never> = {
    succeeded: (value) => {
      this.#outcomes.successfulWithRetry++;
      return value;
    },
    scheduled: (attempt, delayMs, error) => {
      if (this.#events.active)
        this.#events.emit({
          type: 'retry.scheduled',
          attempt,
          delayMs,
          errorName: errorNameOf(error),
          at: this.clock.now(),
        });
    },
    gaveUp: (attempts, reason, error, retryAfterMs) => {
      if (attempts > 1) this.#outcomes.failedWithRetry++;
      else this.#outcomes.failedWithoutRetry++;
      if (!this.#events.active) return;
      // Key order as before: the Retry-After fields sit between the reason and the name.
      this.#events.emit({
        type: 'retry.gave-up',
        attempts,
        reason,
        ...(reason === 'retry-after-too-long' && { retryAfterMs, maxRetryAfterMs: this.maxRetryAfterMs }),
        errorName: errorNameOf(error),
        at: this.clock.now(),
      } as RetryGaveUpEvent);
    },
  };
}
