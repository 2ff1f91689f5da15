import { DeadlineExceededError } from '../errors/DeadlineExceededError.ts';
import { optionError, nonNegativeInt, nonNegativeNumber } from '../errors/options.ts';
import { EventStream, type Subscribable, type Unsubscribe } from '../events/EventStream.ts';
import { isPromiseLike } from '../internal/isPromiseLike.ts';
import { defaultRandom, systemClock, type Clock, type Random } from '../time/Clock.ts';
import { deadlineOf } from '../wrappers/deadlineOf.ts';
import { RetryBudget } from './RetryBudget.ts';
import { errorNameOf, isRetryable, retryAfterOf } from './isRetryable.ts';
import type { RetryEvent, RetryGaveUpEvent } from './RetryEvent.ts';

/**
 * `true`: the seed's multiplier in [0.5, 1.0); `'full'`: uniform in [0, delay); `'decorrelated'`: AWS's
 * decorrelated jitter, uniform in [base, previous * 3), capped; `false`: none.
 */
export type Jitter = boolean | 'full' | 'decorrelated';

export interface RetryOptions {
  /** Retries after the first attempt: `maxRetries + 1` attempts in all. Default 3. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  exponentialBase?: number;
  jitter?: Jitter;
  /**
   * The longest wait an error may ask for (`retryAfterMs`, `retryAfter`, a `Retry-After` header) and still
   * be retried; one asking more gives up at once (a 429 saying "in a year" must not park the call).
   * Default `maxDelayMs`.
   */
  maxRetryAfterMs?: number;
  /**
   * Whether to retry after `error` on the 0-based `attempt`. Default `isRetryable`. One that throws means
   * no (the attempt's error, not the predicate's, goes to the caller).
   */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /**
   * A retry budget (`new RetryBudget({ ratio: 0.2 })`), possibly shared with other policies: every call
   * deposits, every retry withdraws, and a retry the budget refuses ends the call with the last error.
   */
  budget?: RetryBudget;
  clock?: Clock;
  random?: Random;
}

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

/** Exponential backoff with jitter; every attempt after the first is asynchronous, nothing ever blocks. */
export class RetryHandler implements Subscribable<RetryEvent> {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly exponentialBase: number;
  readonly jitter: Jitter;
  readonly maxRetryAfterMs: number;
  readonly budget: RetryBudget | undefined;
  readonly #shouldRetry: (error: unknown, attempt: number) => boolean;
  readonly #clock: Clock;
  readonly #random: Random;
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
  /** Epoch ms for Retry-After dates, from the injected clock. */
  readonly #now = (): number => this.#clock.now();

  constructor(options: RetryOptions = {}) {
    const where = 'RetryHandler';
    this.maxRetries = nonNegativeInt(where, 'maxRetries', options.maxRetries ?? 3);
    this.baseDelayMs = nonNegativeNumber(where, 'baseDelayMs', options.baseDelayMs ?? 1000);
    this.maxDelayMs = nonNegativeNumber(where, 'maxDelayMs', options.maxDelayMs ?? 60_000);
    const exponentialBase = options.exponentialBase ?? 2;
    // Below 1 the delays would shrink: one message for every bad value, NaN and negatives included.
    if (typeof exponentialBase !== 'number' || !(Number.isFinite(exponentialBase) && exponentialBase >= 1)) {
      throw optionError(where, 'exponentialBase', 'a finite number >= 1', exponentialBase);
    }
    this.exponentialBase = exponentialBase;
    if (this.maxDelayMs < this.baseDelayMs) {
      throw optionError(where, 'maxDelayMs', `at least baseDelayMs (${this.baseDelayMs})`, this.maxDelayMs);
    }
    const jitter = options.jitter ?? true;
    if (typeof jitter !== 'boolean' && jitter !== 'full' && jitter !== 'decorrelated') {
      throw optionError(where, 'jitter', "true, false, 'full' or 'decorrelated'", jitter);
    }
    this.jitter = jitter;
    this.maxRetryAfterMs = nonNegativeNumber(where, 'maxRetryAfterMs', options.maxRetryAfterMs ?? this.maxDelayMs);
    if (options.shouldRetry !== undefined && typeof options.shouldRetry !== 'function') {
      throw optionError(where, 'shouldRetry', 'a function', options.shouldRetry);
    }
    if (options.random !== undefined && typeof options.random !== 'function') {
      throw optionError(where, 'random', 'a function', options.random);
    }
    if (options.budget !== undefined && !(options.budget instanceof RetryBudget)) {
      throw optionError(where, 'budget', 'a RetryBudget', options.budget);
    }
    this.budget = options.budget;
    this.#shouldRetry = options.shouldRetry ?? isRetryable;
    this.#clock = options.clock ?? systemClock();
    this.#random = options.random ?? defaultRandom;
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
    // A zero base stays zero: 0 * 2^1100 would be 0 * Infinity = NaN.
    const capped =
      this.baseDelayMs === 0 ? 0 : Math.min(this.baseDelayMs * this.exponentialBase ** attempt, this.maxDelayMs);
    switch (this.jitter) {
      case false:
        return capped;
      case true:
        return capped * (0.5 + this.#random() * 0.5);
      case 'full':
        return capped * this.#random();
      case 'decorrelated': {
        const high = Math.max(this.baseDelayMs, previousDelayMs * 3);
        return Math.min(this.maxDelayMs, this.baseDelayMs + this.#random() * (high - this.baseDelayMs));
      }
    }
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
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.budget?.recordCall();
    // The first attempt runs without an async frame: the success path costs one `then` and nothing else.
    let first: R;
    try {
      first = fn(0, signal);
    } catch (error) {
      return this.#retry(fn, signal, error);
    }
    if (isPromiseLike(first)) {
      // Promise.resolve returns a native promise as is, and turns a foreign thenable into a real promise.
      return Promise.resolve(first as PromiseLike<Awaited<R>>).then(
        this.#tracking ? this.#firstSucceeded : undefined,
        (error: unknown) => this.#retry(fn, signal, error),
      );
    }
    if (this.#tracking) this.#outcomes.successfulWithoutRetry++;
    return Promise.resolve(first as Awaited<R>);
  }

  /**
   * Goes on after a first attempt that the caller made itself failed with `error`: the retry loop from
   * there, `fn` making the later attempts. Lets `compose` fuse a retry with the breaker inside it, so the
   * success path costs one `then` for both. @internal
   */
  continueAfter<R>(
    error: unknown,
    fn: (attempt: number, signal: AbortSignal | undefined) => R,
    signal: AbortSignal | undefined,
  ): Promise<Awaited<R>> {
    return this.#retry(fn, signal, error);
  }

  /** Counts a call whose first attempt the caller made itself (see `continueAfter`). @internal */
  noteCall(): void {
    this.budget?.recordCall();
  }

  async #retry<R>(
    fn: (attempt: number, signal: AbortSignal | undefined) => R,
    signal: AbortSignal | undefined,
    error: unknown,
  ): Promise<Awaited<R>> {
    let delay = this.baseDelayMs;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) {
        this.#gaveUp(attempt + 1, 'aborted', error);
        throw signal.reason;
      }
      if (attempt >= this.maxRetries || !this.#retries(error, attempt)) {
        this.#gaveUp(attempt + 1, attempt >= this.maxRetries ? 'exhausted' : 'not-retryable', error);
        throw error;
      }
      const asked = retryAfterOf(error, this.#now);
      if (asked > this.maxRetryAfterMs) {
        // A 429 saying "in a year" must not park the call for a year: give up now, and say why.
        this.#gaveUp(attempt + 1, 'retry-after-too-long', error, asked);
        throw error;
      }
      delay = this.calculateDelay(attempt, delay);
      const wait = Math.max(delay, asked);
      const limit = deadlineOf(signal);
      if (limit !== undefined) {
        const left = limit.at - limit.clock.now();
        if (wait >= left) {
          // The wait would end past the deadline: no attempt could follow it, so end now and say which limit.
          this.#gaveUp(attempt + 1, 'deadline', error);
          const detail = `after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}, the next retry would wait ${Math.ceil(wait)} ms with ${Math.max(0, Math.floor(left))} ms left`;
          throw new DeadlineExceededError(limit.ms, detail, { cause: error });
        }
      }
      if (this.budget !== undefined && !this.budget.tryRetry()) {
        // Taken last, so a retry that would not be made anyway spends nothing.
        this.#gaveUp(attempt + 1, 'budget-exhausted', error);
        throw error;
      }
      if (this.#events.active) {
        this.#events.emit({
          type: 'retry.scheduled',
          attempt,
          delayMs: wait,
          errorName: errorNameOf(error),
          at: this.#clock.now(),
        });
      }
      try {
        await this.#clock.sleep(wait, signal);
      } catch (abortReason) {
        this.#gaveUp(attempt + 1, 'aborted', error);
        throw abortReason;
      }
      // The sleep may have ended in the same turn as an abort: never start an attempt on an aborted signal.
      if (signal?.aborted) {
        this.#gaveUp(attempt + 1, 'aborted', error);
        throw signal.reason;
      }
      try {
        const value = await fn(attempt + 1, signal);
        this.#outcomes.successfulWithRetry++;
        return value;
      } catch (next) {
        error = next;
      }
    }
  }

  /** The retry decision; a predicate that throws (e.g. reading a revoked Proxy) means no. */
  #retries(error: unknown, attempt: number): boolean {
    try {
      return this.#shouldRetry(error, attempt);
    } catch {
      return false;
    }
  }

  #gaveUp(attempts: number, reason: RetryGaveUpEvent['reason'], error: unknown, retryAfterMs = 0): void {
    if (attempts > 1) this.#outcomes.failedWithRetry++;
    else this.#outcomes.failedWithoutRetry++;
    if (!this.#events.active) return;
    const errorName = errorNameOf(error);
    const at = this.#clock.now();
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
