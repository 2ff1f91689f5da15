import { isCircuitOpenError } from '../errors/CircuitOpenError.ts';
import { isAbortError } from '../errors/isAbortError.ts';
import { nonNegativeNumber, optionError, positiveInt } from '../errors/options.ts';
import { systemClock, type Clock } from '../time/Clock.ts';
import type { BreakerStrategy } from './BreakerStrategy.ts';
import { claimStrategies } from './claimStrategies.ts';
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
  /**
   * Longest a HALF_OPEN period may last (resilience4j's `maxWaitDurationInHalfOpenState`): past it, trials
   * still in flight are abandoned and the breaker reopens (reason `half-open-timeout`). Default: the
   * `recoveryTimeoutMs`. `Infinity` waits forever.
   */
  maxHalfOpenWaitMs?: number;
  /** Which errors count as failures. Default: all but `CircuitOpenError` and aborts. */
  isFailure?: (error: unknown) => boolean;
  /** Replaces the default `ConsecutiveFailures(failureThreshold)`; any strategy tripping opens the breaker. */
  strategies?: readonly BreakerStrategy[];
  /**
   * Times every call, so `stats().latency` covers them all. Default false: a call is timed (and its duration
   * recorded) only when something already needs the clock — a strategy that reads durations (SlowCallRate,
   * time windows) or a listener of `subscribe` (the devtools feed) — because reading the clock twice is most
   * of what an untimed success costs. Only `call`/`invoke` are measured: a `tryAcquire` permit spans whatever
   * its holder does (the error handler's spans its recovery actions).
   */
  measureLatency?: boolean;
  clock?: Clock;
}

/** Every option with its default filled in, validated: what a breaker is made of. */
export interface BreakerSetup {
  name: string;
  failureThreshold: number;
  recoveryTimeoutMs: number;
  halfOpenMaxCalls: number;
  successThreshold: number;
  maxHalfOpenWaitMs: number;
  isFailure: (error: unknown) => boolean;
  strategies: readonly BreakerStrategy[];
  /** Whether `strategies`/`isFailure` were given (saved in snapshots: the defaults need no rebuilding). */
  ownStrategies: boolean;
  ownIsFailure: boolean;
  measureLatency: boolean;
  clock: Clock;
}

const defaultIsFailure = (error: unknown) => !isCircuitOpenError(error) && !isAbortError(error);

/**
 * Checks the options at the boundary, in the order they are documented, and fills in the defaults; claims the
 * strategies for the breaker `options.name` (one instance serves one breaker).
 */
export function breakerSetup(options: CircuitBreakerOptions): BreakerSetup {
  if (typeof options?.name !== 'string' || options.name === '') {
    throw optionError('CircuitBreaker', 'name', 'a non-empty string', options?.name);
  }
  const where = `CircuitBreaker "${options.name}"`;
  const failureThreshold = positiveInt(where, 'failureThreshold', options.failureThreshold ?? 5);
  const recoveryTimeoutMs = nonNegativeNumber(where, 'recoveryTimeoutMs', options.recoveryTimeoutMs ?? 60_000);
  const halfOpenMaxCalls = positiveInt(where, 'halfOpenMaxCalls', options.halfOpenMaxCalls ?? 1);
  const successThreshold = positiveInt(where, 'successThreshold', options.successThreshold ?? 1);
  const maxHalfOpenWaitMs = options.maxHalfOpenWaitMs ?? recoveryTimeoutMs;
  if (typeof maxHalfOpenWaitMs !== 'number' || Number.isNaN(maxHalfOpenWaitMs) || maxHalfOpenWaitMs < 0) {
    throw optionError(where, 'maxHalfOpenWaitMs', 'a number >= 0 (Infinity: wait forever)', maxHalfOpenWaitMs);
  }
  if (options.isFailure !== undefined && typeof options.isFailure !== 'function') {
    throw optionError(where, 'isFailure', 'a function', options.isFailure);
  }
  if (options.strategies !== undefined && (!Array.isArray(options.strategies) || options.strategies.length === 0)) {
    const got = Array.isArray(options.strategies) ? '[]' : typeof options.strategies;
    throw new RangeError(`${where}: strategies must be a non-empty array, got ${got}`);
  }
  const strategies = options.strategies ?? [new ConsecutiveFailures(failureThreshold)];
  claimStrategies(where, options.name, strategies);
  if (options.measureLatency !== undefined && typeof options.measureLatency !== 'boolean') {
    throw optionError(where, 'measureLatency', 'a boolean', options.measureLatency);
  }
  return {
    name: options.name,
    failureThreshold,
    recoveryTimeoutMs,
    halfOpenMaxCalls,
    successThreshold,
    maxHalfOpenWaitMs,
    isFailure: options.isFailure ?? defaultIsFailure,
    strategies,
    ownStrategies: options.strategies !== undefined,
    ownIsFailure: options.isFailure !== undefined,
    measureLatency: options.measureLatency === true,
    clock: options.clock ?? systemClock(),
  };
}
