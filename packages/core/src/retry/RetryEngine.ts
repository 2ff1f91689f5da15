import { DeadlineExceededError } from '../errors/DeadlineExceededError.ts';
import { optionError, nonNegativeInt, nonNegativeNumber } from '../errors/options.ts';
import { isPromiseLike } from '../internal/isPromiseLike.ts';
import { defaultRandom, systemClock, type Clock, type Random } from '../time/Clock.ts';
import { deadlineOf } from '../wrappers/deadlineOf.ts';
import type { RetryBudget } from './RetryBudget.ts';
import type { RetryGaveUpEvent } from './RetryEvent.ts';
import { isRetryBudget } from './isRetryBudget.ts';
import { isRetryable, retryAfterOf } from './isRetryable.ts';

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

export type GiveUpReason = RetryGaveUpEvent['reason'];

/**
 * How a caller reads a failure: whether it may be retried, and the wait it asks for (0: none, never
 * negative). Read in that order, each only when needed; neither may throw.
 */
export interface FailureReader<E> {
  retryable(error: E, attempt: number): boolean;
  askedMs(error: E): number;
}

/**
 * What a caller does around the loop. A caller with its own failure policy (`handleErrors`) gives `failed`;
 * the others get the engine's (`decide`), and hear of it through `scheduled` and `gaveUp`.
 */
export interface RetrySteps<T> {
  /** Attempt `n` succeeded with `value`: what the call resolves with. */
  succeeded(value: T, n: number): T;
  /**
   * Attempt `n` failed with `error`: the wait before attempt `n + 1`, or `{ value }` to end the call with.
   * A throw ends the call with what is thrown. Stays synchronous unless it returns a promise.
   */
  failed?(error: unknown, n: number, signal: AbortSignal | undefined): Verdict<T> | PromiseLike<Verdict<T>>;
  /** Attempt `attempt` failed with `error`; the next follows after `waitMs`. */
  scheduled?(attempt: number, waitMs: number, error: unknown): void;
  /** The call ends with the last error after `attempts` attempts (`aborted`: with the signal's reason). */
  gaveUp?(attempts: number, reason: GiveUpReason, error: unknown, askedMs: number): void;
}

export type Verdict<T> = number | { value: T | PromiseLike<T> };

/**
 * The one retry loop and its decisions, behind `RetryHandler`, `compose`'s fused retry, `handleErrors` and
 * the `network_retry` action: attempt counting, backoff with jitter from the injected random, Retry-After up
 * to `maxRetryAfterMs`, the deadline, the budget, the abort signal. Options are checked here, where they arrive.
 */
export class RetryEngine {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly exponentialBase: number;
  readonly jitter: Jitter;
  readonly maxRetryAfterMs: number;
  readonly budget: RetryBudget | undefined;
  protected readonly clock: Clock;
  readonly #random: Random;
  /** `shouldRetry` (one that throws means no) and the wait the error asks for. */
  readonly #reader: FailureReader<unknown>;
  /** What the last `decide` found besides its answer, read at once by the loop (no object per decision). */
  #askedMs = 0;
  #delayMs = 0;
  #deadline: DeadlineExceededError | undefined;

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
    if (options.budget !== undefined && !isRetryBudget(options.budget)) {
      throw optionError(where, 'budget', 'a RetryBudget', options.budget);
    }
    this.budget = options.budget;
    const clock = (this.clock = options.clock ?? systemClock());
    this.#random = options.random ?? defaultRandom;
    const shouldRetry = options.shouldRetry ?? isRetryable;
    const now = (): number => clock.now(); // epoch ms for Retry-After dates
    this.#reader = {
      retryable: (error, attempt) => {
        try {
          return shouldRetry(error, attempt);
        } catch {
          return false; // e.g. a predicate reading a revoked Proxy
        }
      },
      askedMs: (error) => retryAfterOf(error, now),
    };
  }

  /** Starts a call: false when `signal` is already aborted; else the budget counts it. @internal */
  begin(signal: AbortSignal | undefined): boolean {
    if (signal?.aborted) return false;
    this.budget?.recordCall();
    return true;
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

  /**
   * The whole decision for a failed `attempt`: the wait before the next, or why there is none. In this order:
   * retries left, retryable, the wait asked within `maxRetryAfterMs`, the backoff drawn, a wait that ends
   * before `signal`'s deadline, then the budget (taken last, so a retry that would not be made anyway spends
   * nothing). @internal
   */
  decide<E>(
    error: E,
    attempt: number,
    previousDelayMs = this.baseDelayMs,
    signal?: AbortSignal,
    reader: FailureReader<E> = this.#reader,
    maxRetries = this.maxRetries,
  ): number | GiveUpReason {
    const refused = this.#refusal(error, attempt, reader, maxRetries);
    this.#deadline = undefined;
    if (refused !== undefined) return refused;
    const waitMs = Math.max((this.#delayMs = this.calculateDelay(attempt, previousDelayMs)), this.#askedMs);
    const limit = deadlineOf(signal);
    if (limit !== undefined) {
      const left = limit.at - limit.clock.now();
      if (waitMs >= left) {
        // The wait would end past the deadline: no attempt could follow it, so end now and say which limit.
        const detail =
          `after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}, the next retry would wait ${Math.ceil(waitMs)} ms` +
          ` with ${Math.max(0, Math.floor(left))} ms left`;
        this.#deadline = new DeadlineExceededError(limit.ms, detail, { cause: error });
        return 'deadline';
      }
    }
    return this.budget === undefined || this.budget.tryRetry() ? waitMs : 'budget-exhausted';
  }

  /**
   * Whether a failed `attempt` may be retried as far as the count, retryability and the wait asked go (no
   * backoff drawn, no budget spent): the test of a recovery action that proposes a retry. @internal
   */
  allows<E>(error: E, attempt: number, reader: FailureReader<E>, maxRetries: number): boolean {
    return this.#refusal(error, attempt, reader, maxRetries) === undefined;
  }

  /**
   * The loop from attempt `n`, `fn` making the attempts: when `failed`, attempt `n` already failed with
   * `error` (the caller made it, on its fast path), else the loop makes it. Waits on the clock; an abort ends
   * the wait and the loop at once. @internal
   */
  async run<T>(
    steps: RetrySteps<T>,
    fn: (attempt: number, signal: AbortSignal | undefined) => T | PromiseLike<T>,
    signal: AbortSignal | undefined,
    n: number,
    failed: boolean,
    error?: unknown,
  ): Promise<T> {
    let previousDelayMs = this.baseDelayMs;
    // Every abort ends the same way: the caller hears of it, the call rejects with the reason.
    const aborted = (reason: unknown) => {
      steps.gaveUp?.(n + 1, 'aborted', error, 0);
      return reason;
    };
    for (; ; n++) {
      if (!failed) {
        try {
          return steps.succeeded(await fn(n, signal), n);
        } catch (thrown) {
          error = thrown;
        }
      }
      failed = false;
      if (signal?.aborted) throw aborted(signal.reason);
      let wait = 0;
      if (steps.failed) {
        let verdict = steps.failed(error, n, signal);
        if (isPromiseLike(verdict)) verdict = await verdict;
        if (typeof verdict !== 'number') return verdict.value;
        wait = verdict;
      } else {
        const decision = this.decide(error, n, previousDelayMs, signal);
        if (typeof decision !== 'number') {
          steps.gaveUp?.(n + 1, decision, error, this.#askedMs);
          throw this.#deadline ?? error;
        }
        previousDelayMs = this.#delayMs;
        steps.scheduled?.(n, (wait = decision), error);
      }
      try {
        await this.clock.sleep(wait, signal);
      } catch (abortReason) {
        throw aborted(abortReason);
      }
      // The sleep may have ended in the same turn as an abort: never start an attempt on an aborted signal.
      if (signal?.aborted) throw aborted(signal.reason);
    }
  }

  /** The refusals that need no backoff drawn; the wait asked is read once, and only for a retryable failure. */
  #refusal<E>(error: E, attempt: number, reader: FailureReader<E>, maxRetries: number): GiveUpReason | undefined {
    // Written so a NaN attempt (a context made by hand) is out of retries, as `retryCount < maxRetries` has it.
    if (!(attempt < maxRetries)) return 'exhausted';
    if (!reader.retryable(error, attempt)) return 'not-retryable';
    // A 429 saying "in a year" must not park the call for a year.
    return (this.#askedMs = reader.askedMs(error)) > this.maxRetryAfterMs ? 'retry-after-too-long' : undefined;
  }
}
