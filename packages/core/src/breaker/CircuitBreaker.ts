import { CircuitOpenError, isCircuitOpenError } from '../errors/CircuitOpenError.ts';
import { isAbortError } from '../errors/isAbortError.ts';
import { nonNegativeNumber, optionError, positiveInt } from '../errors/options.ts';
import { EventStream, type Subscribable, type Unsubscribe } from '../events/EventStream.ts';
import { systemClock, type Clock } from '../time/Clock.ts';
import type { BreakerEvent, CircuitState, TransitionReason } from './BreakerEvent.ts';
import type { BreakerStrategy, TripReason } from './BreakerStrategy.ts';
import { ConsecutiveFailures } from './ConsecutiveFailures.ts';

export interface CircuitBreakerOptions {
  name: string;
  /** Consecutive failures that open the breaker (the default strategy). Default 5. */
  failureThreshold?: number;
  /** How long an OPEN breaker refuses calls before it lets a trial through. Default 60 000. */
  recoveryTimeoutMs?: number;
  /** Trial calls allowed at once in HALF_OPEN; more are rejected. Default 1. */
  halfOpenMaxCalls?: number;
  /** Successful trials that close a HALF_OPEN breaker. Default 1. */
  successThreshold?: number;
  /** Which errors count as failures. Default: all but `CircuitOpenError` and aborts. */
  isFailure?: (error: unknown) => boolean;
  /** Replaces the default `ConsecutiveFailures(failureThreshold)`; any strategy tripping opens the breaker. */
  strategies?: readonly BreakerStrategy[];
  clock?: Clock;
}

export interface CircuitBreakerStats {
  name: string;
  state: CircuitState;
  failureCount: number;
  failureThreshold: number;
  totalRequests: number;
  successfulRequests: number;
  failedRequests: number;
  rejectedRequests: number;
  /** Percent of counted requests that succeeded, 0-100; 0 before any request. */
  successRate: number;
  lastFailureTime: number | null;
  lastSuccessTime: number | null;
  openedAt: number | null;
  recoveryTimeoutMs: number;
}

/** Plain data that brings a breaker back after a restart (see `CircuitBreaker.restore`). */
export interface CircuitBreakerSnapshot {
  version: 1;
  name: string;
  state: CircuitState;
  isolated: boolean;
  failureCount: number;
  openedAt: number | null;
  totalRequests: number;
  successfulRequests: number;
  failedRequests: number;
  rejectedRequests: number;
  lastFailureTime: number | null;
  lastSuccessTime: number | null;
  savedAt: number;
}

/** The breaker's state with what only that state needs. */
type Phase =
  | { state: 'CLOSED' }
  | { state: 'OPEN'; openedAt: number; isolated: boolean }
  | { state: 'HALF_OPEN'; openedAt: number; inFlight: number; successes: number };

const defaultIsFailure = (error: unknown) => !isCircuitOpenError(error) && !isAbortError(error);

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Async functions reject rather than throw when the breaker refuses them. */
function isAsyncFunction(fn: Function): boolean {
  return (fn as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'AsyncFunction';
}

/**
 * CLOSED → (strategy trips) → OPEN → (recoveryTimeoutMs, then a call) → HALF_OPEN → (successThreshold trial
 * successes) → CLOSED, or (one trial failure) → OPEN. Every transition goes through `#transition`, which emits
 * exactly one `breaker.state` event.
 */
export class CircuitBreaker implements Subscribable<BreakerEvent> {
  readonly name: string;
  readonly failureThreshold: number;
  readonly recoveryTimeoutMs: number;
  readonly halfOpenMaxCalls: number;
  readonly successThreshold: number;
  readonly #isFailure: (error: unknown) => boolean;
  readonly #strategies: readonly BreakerStrategy[];
  readonly #timesCalls: boolean;
  readonly #clock: Clock;
  readonly #events = new EventStream<BreakerEvent>();

  #phase: Phase = { state: 'CLOSED' };
  /** Bumped on every transition, so a trial that outlives its HALF_OPEN period is not counted in the next. */
  #generation = 0;
  #successful = 0;
  #failed = 0;
  #rejected = 0;
  #lastFailureTime: number | null = null;
  #lastSuccessTime: number | null = null;

  constructor(options: CircuitBreakerOptions) {
    if (typeof options?.name !== 'string' || options.name === '') {
      throw optionError('CircuitBreaker', 'name', 'a non-empty string', options?.name);
    }
    const where = `CircuitBreaker "${options.name}"`;
    this.name = options.name;
    this.failureThreshold = positiveInt(where, 'failureThreshold', options.failureThreshold ?? 5);
    this.recoveryTimeoutMs = nonNegativeNumber(where, 'recoveryTimeoutMs', options.recoveryTimeoutMs ?? 60_000);
    this.halfOpenMaxCalls = positiveInt(where, 'halfOpenMaxCalls', options.halfOpenMaxCalls ?? 1);
    this.successThreshold = positiveInt(where, 'successThreshold', options.successThreshold ?? 1);
    if (options.isFailure !== undefined && typeof options.isFailure !== 'function') {
      throw optionError(where, 'isFailure', 'a function', options.isFailure);
    }
    this.#isFailure = options.isFailure ?? defaultIsFailure;
    if (options.strategies !== undefined && options.strategies.length === 0) {
      throw optionError(where, 'strategies', 'a non-empty array', '[]');
    }
    this.#strategies = options.strategies ?? [new ConsecutiveFailures(this.failureThreshold)];
    this.#timesCalls = this.#strategies.some((s) => s.usesDuration);
    this.#clock = options.clock ?? systemClock();
  }

  /** Brings back a breaker saved with `snapshot()`: an OPEN one stays OPEN for the rest of its timeout. */
  static restore(snapshot: CircuitBreakerSnapshot, options: Omit<CircuitBreakerOptions, 'name'> & { name?: string }): CircuitBreaker {
    checkSnapshot(snapshot);
    const breaker = new CircuitBreaker({ ...options, name: options.name ?? snapshot.name });
    breaker.#load(snapshot);
    return breaker;
  }

  get state(): CircuitState {
    return this.#phase.state;
  }

  /** Failures held against the breaker by its strategies (consecutive failures by default). */
  get failureCount(): number {
    let count = 0;
    for (const s of this.#strategies) count = Math.max(count, s.failures);
    return count;
  }

  /** True while held open by `isolate()`. */
  get isolated(): boolean {
    return this.#phase.state === 'OPEN' && this.#phase.isolated;
  }

  /** Milliseconds until an OPEN breaker lets a trial through; 0 when it would now; undefined if isolated. */
  get retryAfterMs(): number | undefined {
    const phase = this.#phase;
    if (phase.state !== 'OPEN') return 0;
    if (phase.isolated) return undefined;
    return Math.max(0, phase.openedAt + this.recoveryTimeoutMs - this.#clock.now());
  }

  subscribe(listener: (event: BreakerEvent) => void): Unsubscribe {
    return this.#events.subscribe(listener);
  }

  /**
   * Runs `fn(...args)` through the breaker and keeps its shape: a sync function's result (or throw) comes back
   * synchronously, a promise comes back as a promise. A refused call throws `CircuitOpenError` — as a rejected
   * promise when `fn` is an async function.
   */
  call<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    return this.invoke(fn, undefined, args, undefined);
  }

  /**
   * `call` with an explicit `this` and a hint whether `fn` returns a promise (wrappers learn it from earlier
   * calls), so a refusal can reject rather than throw for promise-returning functions that are not `async`.
   */
  invoke<A extends unknown[], R>(fn: (this: unknown, ...args: A) => R, thisArg: unknown, args: A, returnsPromise: boolean | undefined): R {
    const trial = this.#acquire();
    if (trial === undefined) {
      const error = new CircuitOpenError(this.name, this.retryAfterMs);
      if (returnsPromise ?? isAsyncFunction(fn)) return Promise.reject(error) as R;
      throw error;
    }
    const start = this.#timesCalls || this.#events.active ? this.#clock.now() : 0;
    let result: R;
    try {
      result = fn.apply(thisArg, args);
    } catch (error) {
      this.#settle(error, start, trial);
      throw error;
    }
    if (isPromiseLike(result)) {
      return result.then(
        (value) => {
          this.#succeed(start, trial);
          return value;
        },
        (error: unknown) => {
          this.#settle(error, start, trial);
          throw error;
        },
      ) as R;
    }
    this.#succeed(start, trial);
    return result;
  }

  /** Records a success observed by the caller (no call ran through the breaker). */
  recordSuccess(): void {
    this.#succeed(this.#clock.now(), this.#phase.state === 'HALF_OPEN' ? -1 : 0);
  }

  /** Records a failure observed by the caller (no call ran through the breaker). */
  recordFailure(): void {
    this.#fail(this.#clock.now(), this.#phase.state === 'HALF_OPEN' ? -1 : 0);
  }

  /**
   * Asks to run one call now, as `call` does, for callers that run it themselves: returns `true` and counts
   * the call as started (report it with `recordSuccess`/`recordFailure`), or `false` and counts a rejection.
   */
  tryAcquire(): boolean {
    return this.#acquire() !== undefined;
  }

  /** Closes the breaker and clears its failure counts (an isolated breaker too). */
  reset(): void {
    for (const s of this.#strategies) s.reset();
    if (this.#phase.state !== 'CLOSED') this.#transition({ state: 'CLOSED' }, 'reset');
  }

  /** Holds the breaker OPEN until `reset()`: for maintenance, or a human who knows better. */
  isolate(): void {
    const from = this.#phase;
    if (from.state === 'OPEN' && from.isolated) return;
    this.#transition({ state: 'OPEN', openedAt: this.#clock.now(), isolated: true }, 'isolate');
  }

  stats(): CircuitBreakerStats {
    const total = this.#successful + this.#failed;
    const phase = this.#phase;
    return {
      name: this.name,
      state: phase.state,
      failureCount: this.failureCount,
      failureThreshold: this.failureThreshold,
      totalRequests: total,
      successfulRequests: this.#successful,
      failedRequests: this.#failed,
      rejectedRequests: this.#rejected,
      successRate: total === 0 ? 0 : (this.#successful / total) * 100,
      lastFailureTime: this.#lastFailureTime,
      lastSuccessTime: this.#lastSuccessTime,
      openedAt: phase.state === 'CLOSED' ? null : phase.openedAt,
      recoveryTimeoutMs: this.recoveryTimeoutMs,
    };
  }

  snapshot(): CircuitBreakerSnapshot {
    const phase = this.#phase;
    return {
      version: 1,
      name: this.name,
      state: phase.state,
      isolated: phase.state === 'OPEN' && phase.isolated,
      failureCount: this.failureCount,
      openedAt: phase.state === 'CLOSED' ? null : phase.openedAt,
      totalRequests: this.#successful + this.#failed,
      successfulRequests: this.#successful,
      failedRequests: this.#failed,
      rejectedRequests: this.#rejected,
      lastFailureTime: this.#lastFailureTime,
      lastSuccessTime: this.#lastSuccessTime,
      savedAt: this.#clock.now(),
    };
  }

  /** Same as `snapshot()`, so `JSON.stringify(breaker)` saves it. */
  toJSON(): CircuitBreakerSnapshot {
    return this.snapshot();
  }

  /**
   * Admits a call: returns 0 for a normal call, the generation (> 0) for a HALF_OPEN trial, or `undefined`
   * when the call is refused (counted and reported here).
   */
  #acquire(): number | undefined {
    let phase = this.#phase;
    if (phase.state === 'CLOSED') return 0;
    if (phase.state === 'OPEN') {
      if (phase.isolated || this.#clock.now() - phase.openedAt < this.recoveryTimeoutMs) return this.#reject();
      phase = this.#transition({ state: 'HALF_OPEN', openedAt: phase.openedAt, inFlight: 0, successes: 0 }, 'recovery-timeout');
    }
    if (phase.state !== 'HALF_OPEN' || phase.inFlight >= this.halfOpenMaxCalls) return this.#reject();
    phase.inFlight++;
    return this.#generation;
  }

  #reject(): undefined {
    this.#rejected++;
    if (this.#events.active) {
      this.#events.emit({
        type: 'breaker.rejected',
        name: this.name,
        state: this.#phase.state,
        retryAfterMs: this.retryAfterMs,
        at: this.#clock.now(),
      });
    }
    return undefined;
  }

  /** An error came back: a failure if `isFailure` says so, else it passes through uncounted. */
  #settle(error: unknown, start: number, trial: number): void {
    if (this.#isFailure(error)) {
      this.#fail(start, trial);
      return;
    }
    this.#release(trial);
    if (this.#events.active) this.#emitCall('ignored', start);
  }

  #succeed(start: number, trial: number): void {
    const now = this.#clock.now();
    this.#successful++;
    this.#lastSuccessTime = now;
    if (this.#events.active) this.#emitCall('success', start);
    const phase = this.#phase;
    if (phase.state === 'CLOSED') {
      this.#record(true, start, now);
    } else if (phase.state === 'HALF_OPEN' && this.#isCurrentTrial(trial)) {
      if (trial > 0) phase.inFlight--;
      if (++phase.successes >= this.successThreshold) {
        for (const s of this.#strategies) s.reset();
        this.#transition({ state: 'CLOSED' }, 'half-open-success');
      }
    }
  }

  #fail(start: number, trial: number): void {
    const now = this.#clock.now();
    this.#failed++;
    this.#lastFailureTime = now;
    if (this.#events.active) this.#emitCall('failure', start);
    const phase = this.#phase;
    if (phase.state === 'CLOSED') {
      const reason = this.#record(false, start, now);
      if (reason) this.#transition({ state: 'OPEN', openedAt: now, isolated: false }, reason);
    } else if (phase.state === 'HALF_OPEN' && this.#isCurrentTrial(trial)) {
      this.#transition({ state: 'OPEN', openedAt: now, isolated: false }, 'half-open-failure');
    }
  }

  /** A trial of this HALF_OPEN period (> 0), or an outcome recorded by hand during it (-1). */
  #isCurrentTrial(trial: number): boolean {
    return trial === -1 || (trial > 0 && trial === this.#generation);
  }

  #release(trial: number): void {
    const phase = this.#phase;
    if (phase.state === 'HALF_OPEN' && trial > 0 && trial === this.#generation) phase.inFlight--;
  }

  #record(success: boolean, start: number, now: number): TripReason | undefined {
    const outcome = { success, durationMs: this.#timesCalls ? now - start : 0, at: now };
    let reason: TripReason | undefined;
    for (const s of this.#strategies) reason = s.record(outcome) ?? reason;
    return reason;
  }

  #emitCall(outcome: 'success' | 'failure' | 'ignored', start: number): void {
    const at = this.#clock.now();
    this.#events.emit({ type: 'breaker.call', name: this.name, outcome, durationMs: at - start, at });
  }

  /** The only place the state changes: one transition, one event. */
  #transition<P extends Phase>(to: P, reason: TransitionReason): P {
    const from = this.#phase.state;
    this.#phase = to;
    this.#generation++;
    if (this.#events.active) {
      this.#events.emit({ type: 'breaker.state', name: this.name, from, to: to.state, at: this.#clock.now(), reason });
    }
    return to;
  }

  #load(s: CircuitBreakerSnapshot): void {
    this.#successful = s.successfulRequests;
    this.#failed = s.failedRequests;
    this.#rejected = s.rejectedRequests;
    this.#lastFailureTime = s.lastFailureTime;
    this.#lastSuccessTime = s.lastSuccessTime;
    for (const strategy of this.#strategies) strategy.restore?.(s.failureCount);
    // A trial in flight at shutdown never reported back: HALF_OPEN comes back as OPEN with its timeout spent.
    if (s.state !== 'CLOSED') this.#phase = { state: 'OPEN', openedAt: s.openedAt!, isolated: s.state === 'OPEN' && s.isolated };
  }
}

function checkSnapshot(s: CircuitBreakerSnapshot): void {
  const bad = (field: string, expected: string, value: unknown) =>
    new TypeError(`CircuitBreaker.restore: snapshot.${field} must be ${expected}, got ${JSON.stringify(value) ?? 'undefined'}`);
  if (typeof s !== 'object' || s === null) throw new TypeError('CircuitBreaker.restore: snapshot must be an object');
  if (s.version !== 1) throw bad('version', '1', s.version);
  if (s.state !== 'CLOSED' && s.state !== 'OPEN' && s.state !== 'HALF_OPEN') throw bad('state', '"CLOSED", "OPEN" or "HALF_OPEN"', s.state);
  if (s.state !== 'CLOSED' && !Number.isFinite(s.openedAt)) throw bad('openedAt', 'a number when not CLOSED', s.openedAt);
  for (const field of ['failureCount', 'successfulRequests', 'failedRequests', 'rejectedRequests'] as const) {
    if (!Number.isInteger(s[field]) || s[field] < 0) throw bad(field, 'a non-negative integer', s[field]);
  }
}
