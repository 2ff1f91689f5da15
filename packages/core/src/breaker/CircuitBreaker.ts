import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { optionError } from '../errors/options.ts';
import { EventStream, type Subscribable, type Unsubscribe } from '../events/EventStream.ts';
import { isPromiseLike } from '../internal/isPromiseLike.ts';
import type { Clock } from '../time/Clock.ts';
import type { BreakerCoordinator, RemoteBreakerState } from './BreakerCoordinator.ts';
import type {
  BreakerEvent,
  BreakerRejectedEvent,
  BreakerStateEvent,
  CircuitState,
  TransitionReason,
} from './BreakerEvent.ts';
import type { BreakerPermit } from './BreakerPermit.ts';
import type { BreakerPhase } from './BreakerPhase.ts';
import type { BreakerStrategy, TripReason } from './BreakerStrategy.ts';
import { breakerSetup, type BreakerSetup, type CircuitBreakerOptions } from './CircuitBreakerOptions.ts';
import {
  checkSnapshot,
  settingsOf,
  type CircuitBreakerSnapshot,
  type CircuitBreakerSnapshotV2,
} from './CircuitBreakerSnapshot.ts';
import type { CircuitBreakerStats } from './CircuitBreakerStats.ts';
import { describeThrown } from './describeThrown.ts';
import { LatencyHistogram } from './LatencyHistogram.ts';
import { optionsFromSnapshot } from './optionsFromSnapshot.ts';

export type { BreakerPermit } from './BreakerPermit.ts';
export type { CircuitBreakerOptions } from './CircuitBreakerOptions.ts';
export type { CircuitBreakerSnapshot } from './CircuitBreakerSnapshot.ts';
export type { CircuitBreakerStats } from './CircuitBreakerStats.ts';

interface GenerationHandlers {
  generation: number;
  ok: (value: unknown) => unknown;
  err: (error: unknown) => never;
}

/** Token of an outcome reported by hand (`recordSuccess`/`recordFailure`): it always concerns the current period. */
const BY_HAND = -1;

/** Async functions reject rather than throw when the breaker refuses them. */
function isAsyncFunction(fn: Function): boolean {
  return (fn as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'AsyncFunction';
}

/** Where a refused or failed attempt goes instead of being thrown: the rest of a fused retry loop. */
type Recover<T, A extends unknown[], R> = (error: unknown, fn: (this: T, ...args: A) => R, firstArg: A[0]) => R;

/**
 * The fused retry + breaker step (`compose` around `withCircuitBreaker`): `invoke` with refusals and failures
 * handed to `recover` instead of thrown, so a success stays one promise step. For `withCircuitBreaker` only
 * (not exported by the package); set by the class's static block, which alone reaches its private fields.
 * @internal
 */
export let invokeRecovering: <T, A extends unknown[], R>(
  breaker: CircuitBreaker,
  fn: (this: T, ...args: A) => R,
  thisArg: T,
  args: A,
  recover: Recover<T, A, R>,
) => R;

/**
 * CLOSED → (strategy trips) → OPEN → (recoveryTimeoutMs, then a call) → HALF_OPEN → (successThreshold trial
 * successes) → CLOSED, or (one trial failure) → OPEN. Every transition goes through `#transition`, which emits
 * exactly one `breaker.state` event.
 */
export class CircuitBreaker implements Subscribable<BreakerEvent> {
  // Settings are fixed for the breaker's life: getters over private fields, so plain JS cannot change one and
  // leave the strategies disagreeing with it.
  readonly #setup: Readonly<BreakerSetup>;
  /** Read on every counted outcome: kept apart from the setup, one property read less each time. */
  readonly #isFailure: (error: unknown) => boolean;
  readonly #strategies: readonly BreakerStrategy[];
  readonly #clock: Clock;
  /** Mirrors `#events.active` in a plain field: the success path reads it on every call. */
  #listening = false;
  readonly #events = new EventStream<BreakerEvent>({
    onActive: () => (this.#listening = true),
    onIdle: () => (this.#listening = false),
  });
  /** Transitions only: watching them (storage does) must not make every call pay for call events. */
  readonly #transitions = new EventStream<BreakerStateEvent>();
  /** Refusals only (span events of tracing): the refused path pays for them, the success path never. */
  readonly #rejections = new EventStream<BreakerRejectedEvent>();

  #phase: BreakerPhase = { state: 'CLOSED' };
  /**
   * Bumped on every transition. Each admitted call carries the generation it started in, so a call that
   * outlives its period (a trial after the breaker reopened, a CLOSED call after an outage) is counted in the
   * totals but cannot move the state of the next period.
   */
  #generation = 0;
  #successful = 0;
  #failed = 0;
  #rejected = 0;
  #ignored = 0;
  #lastFailureTime: number | null = null;
  #lastSuccessTime: number | null = null;
  /** Whether any strategy reads durations or times: if none does (the default), successes read no clock. */
  readonly #timed: boolean;
  /** Whether every call is timed: a strategy reads durations, or `measureLatency` asks for them. */
  readonly #measured: boolean;
  readonly #latency = new LatencyHistogram();
  /** Whether any strategy judges trials beyond success (`failsTrial`). */
  readonly #judgesTrials: boolean;
  /** Cancels the current HALF_OPEN period's wake-up, so a closed breaker leaves no timer behind. */
  #halfOpenWait: AbortController | undefined;
  /** Reused for every strategy update, so recording an outcome allocates nothing. */
  readonly #outcome = { success: true, durationMs: 0, at: 0 };
  /**
   * Success stamping without a clock read per call: the first success after anything else is stamped at once;
   * later ones in the same run mark the stamp stale and one deferred sleep(0) per event-loop turn (or the
   * next `stats()`/`snapshot()`) refreshes it. So `lastSuccessTime` is exact to within one turn.
   */
  #successRun = false;
  #stampStale = false;
  #stampScheduled = false;
  readonly #refreshStamp = () => {
    this.#stampScheduled = false;
    this.#flushStamp();
  };
  /** Promise handlers of the current generation, shared by every untimed call of that generation. */
  #handlers: GenerationHandlers | undefined;
  /** Shares this breaker with other processes (`coordinate`); consulted off the success path only. */
  #coordinator: BreakerCoordinator | undefined;

  constructor(options: CircuitBreakerOptions) {
    const setup = breakerSetup(options);
    this.#setup = setup;
    this.#isFailure = setup.isFailure;
    this.#strategies = setup.strategies;
    this.#timed = this.#strategies.some((strategy) => strategy.usesTime === true);
    this.#measured = this.#timed || setup.measureLatency;
    this.#judgesTrials = this.#strategies.some((strategy) => typeof strategy.failsTrial === 'function');
    this.#clock = setup.clock;
  }

  /**
   * Brings back a breaker saved with `snapshot()`: an OPEN one stays OPEN for the rest of its timeout, by the
   * new clock (so that clock must count from the same epoch, as `systemClock` does). Its settings are the
   * saved ones (version 2), with the `options` given over them; a user-defined strategy or `isFailure`
   * cannot be rebuilt from data, so restoring one without passing it again is an error, not a silent default.
   */
  static restore(
    snapshot: CircuitBreakerSnapshot,
    options: Omit<CircuitBreakerOptions, 'name'> & { name?: string } = {},
  ): CircuitBreaker {
    checkSnapshot(snapshot);
    const saved = snapshot.version === 2 ? optionsFromSnapshot(snapshot, options) : {};
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    const breaker = new CircuitBreaker({ ...saved, ...given, name: options.name ?? snapshot.name });
    breaker.#load(snapshot);
    return breaker;
  }

  get name(): string {
    return this.#setup.name;
  }

  /** Consecutive failures that open the breaker with the default strategy (reported, unused with `strategies`). */
  get failureThreshold(): number {
    return this.#setup.failureThreshold;
  }

  get recoveryTimeoutMs(): number {
    return this.#setup.recoveryTimeoutMs;
  }

  get halfOpenMaxCalls(): number {
    return this.#setup.halfOpenMaxCalls;
  }

  get successThreshold(): number {
    return this.#setup.successThreshold;
  }

  get maxHalfOpenWaitMs(): number {
    return this.#setup.maxHalfOpenWaitMs;
  }

  get state(): CircuitState {
    this.#expireHalfOpen();
    return this.#phase.state;
  }

  /** Failures held against the breaker by its strategies (consecutive failures by default), as of now. */
  get failureCount(): number {
    let count = 0;
    let now = NaN;
    for (const s of this.#strategies) {
      if (s.failuresAt && Number.isNaN(now)) now = this.#clock.now();
      count = Math.max(count, s.failuresAt ? s.failuresAt(now) : s.failures);
    }
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

  /** State changes only, like `cockatiel`'s onBreak/onReset: calls stay untimed and event-free. */
  onStateChange(listener: (event: BreakerStateEvent) => void): Unsubscribe {
    return this.#transitions.subscribe(listener);
  }

  /** Refused calls only: calls stay untimed and event-free. */
  onRejected(listener: (event: BreakerRejectedEvent) => void): Unsubscribe {
    return this.#rejections.subscribe(listener);
  }

  /**
   * Runs `fn(...args)` through the breaker and keeps its shape: a sync function's result (or throw) comes back
   * synchronously, a promise comes back as a promise. A refused call throws `CircuitOpenError` — as a rejected
   * promise when `fn` is an async function.
   */
  call<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    return this.#invoke(fn, undefined, args, undefined, undefined);
  }

  /**
   * `call` with an explicit `this` and a hint whether `fn` returns a promise (wrappers learn it from earlier
   * calls), so a refusal can reject rather than throw for promise-returning functions that are not `async`.
   */
  invoke<T, A extends unknown[], R>(fn: (this: T, ...args: A) => R, thisArg: T, args: A, returnsPromise?: boolean): R {
    return this.#invoke(fn, thisArg, args, returnsPromise, undefined);
  }

  static {
    invokeRecovering = (breaker, fn, thisArg, args, recover) => breaker.#invoke(fn, thisArg, args, true, recover);
  }

  #invoke<T, A extends unknown[], R>(
    fn: (this: T, ...args: A) => R,
    thisArg: T,
    args: A,
    returnsPromise: boolean | undefined,
    recover: Recover<T, A, R> | undefined,
  ): R {
    // Checked before admission: a programming error must not count as a failure of the protected service.
    if (typeof fn !== 'function')
      throw new TypeError(`CircuitBreaker "${this.name}": call needs a function, got ${typeof fn}`);
    const token = this.#phase.state === 'CLOSED' ? this.#generation : this.#acquire();
    if (token === undefined) {
      const error = new CircuitOpenError(this.name, this.retryAfterMs);
      if (recover) return recover(error, fn, args[0]);
      if (returnsPromise ?? isAsyncFunction(fn)) return Promise.reject(error) as R;
      throw error;
    }
    // NaN: not timed. Calls are timed only when a strategy or a listener needs durations.
    const start = this.#measured || this.#listening ? this.#clock.now() : NaN;
    let result: R;
    try {
      // A direct call for the common short argument lists: measurably cheaper than `apply` on the hot path.
      const call = fn as (this: T, ...rest: unknown[]) => R;
      result =
        args.length === 0
          ? call.call(thisArg)
          : args.length === 1
            ? call.call(thisArg, args[0])
            : fn.apply(thisArg, args);
    } catch (error) {
      this.#settle(error, start, token);
      if (recover) return recover(error, fn, args[0]);
      throw error;
    }
    if (!(result instanceof Promise) && !isPromiseLike(result)) {
      this.#finish('success', start, token);
      return result;
    }
    if (Number.isNaN(start)) {
      // The success path of an untimed call: one `then`, with handlers shared by the whole generation.
      let handlers = this.#handlers;
      if (handlers?.generation !== token) handlers = this.#handlers = this.#handlersFor(token);
      if (!recover) return result.then(handlers.ok, handlers.err) as R;
      // The only allocation of a fused retry + breaker success: this closure (`args` may be reused by the caller).
      const first = args[0];
      return result.then(handlers.ok, (error: unknown) => {
        this.#settle(error, start, token);
        return recover(error, fn, first);
      }) as R;
    }
    const first = args[0];
    return result.then(
      (value) => {
        this.#finish('success', start, token);
        return value;
      },
      (error: unknown) => {
        this.#settle(error, start, token);
        if (recover) return recover(error, fn, first);
        throw error;
      },
    ) as R;
  }

  #handlersFor(generation: number): GenerationHandlers {
    return {
      generation,
      ok: (value) => {
        // The hot path: an untimed success in a run of successes of the current CLOSED period.
        if (this.#successRun && generation === this.#generation && this.#phase.state === 'CLOSED' && !this.#listening) {
          this.#successful++;
          this.#stampStale = true;
          if (!this.#stampScheduled) this.#scheduleStamp();
          // A success can complete a rate window's minimum calls with the rate already over its threshold.
          const reason = this.#record(true, 0, 0);
          if (reason) this.#transition({ state: 'OPEN', openedAt: this.#clock.now(), isolated: false }, reason);
        } else {
          this.#finish('success', NaN, generation);
        }
        return value;
      },
      err: (error) => {
        this.#settle(error, NaN, generation);
        throw error;
      },
    };
  }

  /**
   * Records a success of a call made outside the breaker; it counts toward the current period. An OPEN breaker
   * whose timeout has passed takes it as a trial: observed successes close it without waiting for a call.
   */
  recordSuccess(): void {
    this.#halfOpenIfDue();
    this.#finish('success', this.#clock.now(), BY_HAND);
  }

  /** Records a failure of a call made outside the breaker (a due OPEN breaker takes it as a failed trial). */
  recordFailure(): void {
    this.#halfOpenIfDue();
    this.#finish('failure', this.#clock.now(), BY_HAND);
  }

  /** OPEN → HALF_OPEN after the recovery timeout: a fresh period of `halfOpenMaxCalls` trials. */
  #enterHalfOpen(openedAt: number): void {
    this.#transition(
      {
        state: 'HALF_OPEN',
        openedAt,
        since: this.#clock.now(),
        inFlight: 0,
        successes: 0,
        trials: this.#setup.halfOpenMaxCalls,
      },
      'recovery-timeout',
    );
  }

  #halfOpenIfDue(): void {
    const phase = this.#phase;
    if (phase.state === 'OPEN' && !phase.isolated && this.#clock.now() - phase.openedAt >= this.recoveryTimeoutMs) {
      if (this.#coordinator && !this.#coordinator.trialWanted()) return;
      this.#enterHalfOpen(phase.openedAt);
    }
  }

  /**
   * Reopens a HALF_OPEN breaker whose period outlived `maxHalfOpenWaitMs` (its trials are abandoned: their
   * generation is over). The scheduled wake-up does it on time; reads and calls check too, so a clock that
   * jumped (or a late timer) never shows a stale HALF_OPEN.
   */
  #expireHalfOpen(generation = this.#generation): void {
    const phase = this.#phase;
    if (phase.state !== 'HALF_OPEN' || generation !== this.#generation) return;
    const deadline = phase.since + this.#setup.maxHalfOpenWaitMs;
    if (this.#clock.now() < deadline) return;
    this.#transition({ state: 'OPEN', openedAt: deadline, isolated: false }, 'half-open-timeout');
  }

  /**
   * Admits one call as `call` does, for callers that run it themselves: returns a permit to report its outcome
   * on (which frees its HALF_OPEN slot), or `undefined` when refused (counted as a rejection).
   */
  tryAcquire(): BreakerPermit | undefined {
    const token = this.#acquire();
    if (token === undefined) return undefined;
    const start = this.#clock.now();
    let done = false;
    const end = (outcome: 'success' | 'failure' | 'ignored') => {
      if (done) return;
      done = true;
      this.#finish(outcome, start, token, false);
    };
    return { success: () => end('success'), failure: () => end('failure'), release: () => end('ignored') };
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
    // Already OPEN: held open from now on, but the state does not change, so there is no transition (nor event).
    if (from.state === 'OPEN') this.#phase = { state: 'OPEN', openedAt: this.#clock.now(), isolated: true };
    else this.#transition({ state: 'OPEN', openedAt: this.#clock.now(), isolated: true }, 'isolate');
  }

  /**
   * Lets a coordinator share this breaker with other processes (see `BreakerCoordinator`); one at a time.
   * Returns the way to detach it, after which the breaker runs by its local rules alone.
   */
  coordinate(coordinator: BreakerCoordinator): Unsubscribe {
    if (typeof coordinator?.failed !== 'function' || typeof coordinator.trialWanted !== 'function') {
      throw new TypeError(
        `CircuitBreaker "${this.name}": coordinate() needs an object with failed() and trialWanted()`,
      );
    }
    if (this.#coordinator) throw new Error(`Circuit breaker "${this.name}" is already coordinated`);
    this.#coordinator = coordinator;
    return () => {
      if (this.#coordinator === coordinator) this.#coordinator = undefined;
    };
  }

  /**
   * Takes a state decided elsewhere (another process of the fleet) through the one transition function: one
   * `breaker.state` event with `source: 'remote'`, so whoever publishes transitions does not echo it. The same
   * state again changes nothing (a HALF_OPEN one only updates this process's trial slots); returns whether
   * the state changed.
   */
  applyRemoteState(remote: RemoteBreakerState): boolean {
    const where = `CircuitBreaker "${this.name}": applyRemoteState`;
    const { state } = remote ?? {};
    if (state !== 'CLOSED' && state !== 'OPEN' && state !== 'HALF_OPEN')
      throw optionError(where, 'state', '"CLOSED", "OPEN" or "HALF_OPEN"', state);
    const trials = remote.trials ?? this.#setup.halfOpenMaxCalls;
    if (!Number.isInteger(trials) || trials < 0) throw optionError(where, 'trials', 'an integer >= 0', trials);
    const now = this.#clock.now();
    const openedAt = Math.min(remote.openedAt ?? now, now);
    const phase = this.#phase;
    if (state === 'HALF_OPEN' && phase.state === 'HALF_OPEN') {
      phase.trials = trials;
      return false;
    }
    if (
      state === phase.state &&
      (state !== 'OPEN' || (phase as { isolated: boolean }).isolated === (remote.isolated === true))
    )
      return false;
    if (state === 'CLOSED') for (const s of this.#strategies) s.reset();
    const to: BreakerPhase =
      state === 'CLOSED'
        ? { state }
        : state === 'OPEN'
          ? { state, openedAt, isolated: remote.isolated === true }
          : { state, openedAt, since: now, inFlight: 0, successes: 0, trials };
    this.#transition(to, remote.reason, true);
    return true;
  }

  stats(): CircuitBreakerStats {
    this.#expireHalfOpen();
    this.#flushStamp();
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
      ignoredRequests: this.#ignored,
      successRate: total === 0 ? 0 : (this.#successful / total) * 100,
      lastFailureTime: this.#lastFailureTime,
      lastSuccessTime: this.#lastSuccessTime,
      openedAt: phase.state === 'CLOSED' ? null : phase.openedAt,
      recoveryTimeoutMs: this.recoveryTimeoutMs,
      latency: this.#latency.stats(),
    };
  }

  snapshot(): CircuitBreakerSnapshotV2 {
    this.#expireHalfOpen();
    this.#flushStamp();
    const phase = this.#phase;
    return {
      version: 2,
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
      settings: settingsOf(this.#setup),
    };
  }

  /** Same as `snapshot()`, so `JSON.stringify(breaker)` saves it. */
  toJSON(): CircuitBreakerSnapshotV2 {
    return this.snapshot();
  }

  /**
   * Admits a call: returns the generation it runs in (its token), or `undefined` when the call is refused
   * (counted and reported here).
   */
  #acquire(): number | undefined {
    this.#expireHalfOpen();
    const phase = this.#phase;
    if (phase.state === 'CLOSED') return this.#generation;
    if (phase.state === 'OPEN') {
      if (phase.isolated || this.#clock.now() - phase.openedAt < this.recoveryTimeoutMs) return this.#reject();
      if (this.#coordinator && !this.#coordinator.trialWanted()) return this.#reject();
      this.#enterHalfOpen(phase.openedAt);
    }
    // Read again: a listener of the transition may have moved the state on (isolate, reset).
    const current = this.#phase;
    if (current.state === 'CLOSED') return this.#generation;
    if (current.state !== 'HALF_OPEN') return this.#reject();
    if (current.inFlight >= current.trials) {
      // Slots held elsewhere in the fleet: the coordinator may ask for one; without it, the local rule.
      if (!this.#coordinator?.trialWanted() || current.trials >= this.#setup.halfOpenMaxCalls) return this.#reject();
      current.trials = this.#setup.halfOpenMaxCalls;
    }
    current.inFlight++;
    return this.#generation;
  }

  #reject(): undefined {
    this.#rejected++;
    if (this.#events.active || this.#rejections.active) {
      const event: BreakerRejectedEvent = {
        type: 'breaker.rejected',
        name: this.name,
        state: this.#phase.state,
        retryAfterMs: this.retryAfterMs,
        at: this.#clock.now(),
      };
      if (this.#events.active) this.#events.emit(event);
      if (this.#rejections.active) this.#rejections.emit(event);
    }
    return undefined;
  }

  /** An error came back: a failure if `isFailure` says so, else it passes through uncounted. */
  #settle(error: unknown, start: number, token: number): void {
    let failure: boolean;
    try {
      failure = this.#isFailure(error);
    } catch (predicateError) {
      // A broken predicate must neither replace the caller's error nor leak a HALF_OPEN slot nor crash the
      // process (a rethrow from here is uncaught): count a failure and report it as an event.
      failure = true;
      if (this.#events.active) {
        this.#events.emit({
          type: 'breaker.predicate-error',
          name: this.name,
          message: describeThrown(predicateError),
          at: this.#clock.now(),
        });
      }
    }
    this.#finish(failure ? 'failure' : 'ignored', start, token);
  }

  /**
   * Counts a finished call, then lets it move the state if it belongs to the current period. `start` is NaN
   * for untimed calls: the common success (CLOSED, untimed, in a run of successes) reads no clock at all.
   */
  #finish(outcome: 'success' | 'failure' | 'ignored', start: number, token: number, isCall = true): void {
    let now = NaN;
    if (outcome === 'success') {
      this.#successful++;
      if (this.#successRun) {
        this.#stampStale = true;
        if (!this.#stampScheduled) this.#scheduleStamp();
      } else {
        this.#successRun = true;
        this.#stampStale = false;
        this.#lastSuccessTime = now = this.#clock.now();
      }
    } else if (outcome === 'failure') {
      this.#failed++;
      this.#successRun = false;
      this.#lastFailureTime = now = this.#clock.now();
    } else {
      this.#ignored++;
    }
    // Latency is of calls the breaker ran: outcomes by hand have no duration, untimed calls (start NaN) none
    // either, and a permit's span is whatever its holder did (the handler's spans its recovery actions).
    if (isCall && token !== BY_HAND && !Number.isNaN(start)) {
      if (Number.isNaN(now)) now = this.#clock.now();
      this.#latency.record(now - start);
    }
    // A call that started untimed before someone subscribed has no honest duration: no call event for it.
    if (this.#events.active && !Number.isNaN(start)) {
      if (Number.isNaN(now)) now = this.#clock.now();
      this.#events.emit({ type: 'breaker.call', name: this.name, outcome, durationMs: now - start, at: now });
    }
    if (token !== BY_HAND && token !== this.#generation) return;
    const phase = this.#phase;
    if (phase.state === 'CLOSED') {
      if (outcome === 'ignored') return;
      if (outcome === 'failure') this.#coordinator?.failed(now);
      if (this.#timed && Number.isNaN(now)) now = this.#clock.now();
      const reason = this.#record(outcome === 'success', this.#timed ? now - start : 0, this.#timed ? now : 0);
      if (reason)
        this.#transition(
          { state: 'OPEN', openedAt: Number.isNaN(now) ? this.#clock.now() : now, isolated: false },
          reason,
        );
    } else if (phase.state === 'HALF_OPEN') {
      if (token !== BY_HAND) phase.inFlight--;
      if (outcome === 'success' && this.#judgesTrials && Number.isNaN(now)) now = this.#clock.now();
      if (outcome === 'failure' || (outcome === 'success' && this.#judgesTrials && this.#failsTrial(start, now))) {
        this.#transition({ state: 'OPEN', openedAt: now, isolated: false }, 'half-open-failure');
      } else if (outcome === 'success' && ++phase.successes >= this.successThreshold) {
        for (const s of this.#strategies) s.reset();
        this.#transition({ state: 'CLOSED' }, 'half-open-success');
      }
    }
  }

  /** Asks the strategies whether a successful trial failed by their measure (a slow one, for SlowCallRate). */
  #failsTrial(start: number, now: number): boolean {
    const outcome = this.#outcome;
    outcome.success = true;
    outcome.durationMs = Number.isNaN(start) ? 0 : now - start;
    outcome.at = now;
    for (const s of this.#strategies) if (s.failsTrial?.(outcome) === true) return true;
    return false;
  }

  #scheduleStamp(): void {
    this.#stampScheduled = true;
    this.#clock.sleep(0).then(this.#refreshStamp, this.#refreshStamp);
  }

  /** Brings `lastSuccessTime` up to date when successes came after the last stamp. */
  #flushStamp(): void {
    if (!this.#stampStale) return;
    this.#stampStale = false;
    this.#lastSuccessTime = this.#clock.now();
  }

  /** Feeds every strategy (each keeps its own window); the first one that trips names the reason. */
  #record(success: boolean, durationMs: number, at: number): TripReason | undefined {
    const outcome = this.#outcome;
    outcome.success = success;
    outcome.durationMs = durationMs;
    outcome.at = at;
    const strategies = this.#strategies;
    if (strategies.length === 1) return strategies[0]!.record(outcome);
    let reason: TripReason | undefined;
    for (const s of this.#strategies) {
      const tripped = s.record(outcome);
      reason ??= tripped;
    }
    return reason;
  }

  /** The only place the state changes: one transition, one event. */
  #transition(to: BreakerPhase, reason: TransitionReason, remote = false): void {
    const from = this.#phase.state;
    this.#phase = to;
    this.#generation++;
    this.#halfOpenWait?.abort();
    this.#halfOpenWait = undefined;
    if (to.state === 'HALF_OPEN' && this.#setup.maxHalfOpenWaitMs !== Infinity)
      this.#scheduleHalfOpenExpiry(this.#generation);
    // The first success of the new period is stamped exactly.
    this.#flushStamp();
    this.#successRun = false;
    if (this.#events.active || this.#transitions.active) {
      const event: BreakerStateEvent = {
        type: 'breaker.state',
        name: this.name,
        from,
        to: to.state,
        at: this.#clock.now(),
        reason,
      };
      if (remote) event.source = 'remote';
      if (this.#events.active) this.#events.emit(event);
      if (this.#transitions.active) this.#transitions.emit(event);
    }
  }

  /** One sleep per HALF_OPEN period, cancelled when the period ends; a stale wake-up finds another generation. */
  #scheduleHalfOpenExpiry(generation: number): void {
    const wait = (this.#halfOpenWait = new AbortController());
    this.#clock.sleep(this.#setup.maxHalfOpenWaitMs, wait.signal).then(
      () => this.#expireHalfOpen(generation),
      () => {},
    );
  }

  #load(s: CircuitBreakerSnapshot): void {
    this.#successful = s.successfulRequests;
    this.#failed = s.failedRequests;
    this.#rejected = s.rejectedRequests;
    this.#lastFailureTime = s.lastFailureTime;
    this.#lastSuccessTime = s.lastSuccessTime;
    for (const strategy of this.#strategies) strategy.restore?.(s.failureCount);
    if (s.state === 'CLOSED') return;
    // A clock that reads earlier than the save (a wall clock set back) must not stretch the timeout beyond
    // recoveryTimeoutMs. A trial in flight at shutdown never reported back: HALF_OPEN comes back as OPEN
    // with its timeout spent, so the next call is a fresh trial.
    const openedAt = Math.min(s.openedAt!, this.#clock.now());
    this.#phase = { state: 'OPEN', openedAt, isolated: s.state === 'OPEN' && s.isolated };
  }
}
