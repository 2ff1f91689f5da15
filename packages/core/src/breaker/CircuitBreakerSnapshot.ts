import type { CircuitState } from './BreakerEvent.ts';
import type { StrategySpec } from './BreakerStrategy.ts';
import type { BreakerSetup } from './CircuitBreakerOptions.ts';

/** The state part of a snapshot, the same in every version. */
interface SnapshotState {
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

/** A breaker's settings as plain data, so a restart rebuilds it as it was configured. */
export interface BreakerSnapshotSettings {
  failureThreshold: number;
  recoveryTimeoutMs: number;
  halfOpenMaxCalls: number;
  successThreshold: number;
  /** `null`: waits forever (JSON has no Infinity). */
  maxHalfOpenWaitMs: number | null;
  /**
   * `null`: the default `ConsecutiveFailures(failureThreshold)`. A user-defined strategy is saved as
   * `{ kind: 'custom' }`: it cannot be rebuilt from data, so the code must supply it again.
   */
  strategies: Array<StrategySpec | { kind: 'custom' }> | null;
  /** `custom`: the breaker had its own `isFailure`, which the code must supply again. */
  isFailure: 'default' | 'custom';
}

/** Written before settings were saved: state only; it restores with whatever options the caller gives. */
export interface CircuitBreakerSnapshotV1 extends SnapshotState {
  version: 1;
}

export interface CircuitBreakerSnapshotV2 extends SnapshotState {
  version: 2;
  settings: BreakerSnapshotSettings;
}

/** Plain data that brings a breaker back after a restart (see `CircuitBreaker.restore`); stores keep both versions. */
export type CircuitBreakerSnapshot = CircuitBreakerSnapshotV2 | CircuitBreakerSnapshotV1;

/** A breaker's settings as data: built-in strategies by their spec, user-defined ones (and `isFailure`) as `custom`. */
export function settingsOf(setup: Readonly<BreakerSetup>): BreakerSnapshotSettings {
  const wait = setup.maxHalfOpenWaitMs;
  return {
    failureThreshold: setup.failureThreshold,
    recoveryTimeoutMs: setup.recoveryTimeoutMs,
    halfOpenMaxCalls: setup.halfOpenMaxCalls,
    successThreshold: setup.successThreshold,
    maxHalfOpenWaitMs: wait === Infinity ? null : wait,
    strategies: setup.ownStrategies ? setup.strategies.map((s) => s.toSpec?.() ?? { kind: 'custom' as const }) : null,
    isFailure: setup.ownIsFailure ? 'custom' : 'default',
  };
}

/** The state of a snapshot without its settings: restores with the caller's options only. */
export function stateOf(snapshot: CircuitBreakerSnapshot): CircuitBreakerSnapshotV1 {
  const { settings: _settings, ...state } = snapshot as CircuitBreakerSnapshotV2;
  return { ...state, version: 1 };
}

const counters = ['failureCount', 'totalRequests', 'successfulRequests', 'failedRequests', 'rejectedRequests'] as const;
const times = ['lastFailureTime', 'lastSuccessTime'] as const;
const positiveSettings = ['failureThreshold', 'halfOpenMaxCalls', 'successThreshold'] as const;
const strategyKinds = ['ConsecutiveFailures', 'FailureRate', 'SlowCallRate', 'custom'];

/**
 * Checks a snapshot that may come from a file or another process, so a corrupt one fails loudly at restore
 * with the field named, instead of leaving a breaker that is silently wrong.
 */
export function checkSnapshot(s: unknown): asserts s is CircuitBreakerSnapshot {
  if (typeof s !== 'object' || s === null)
    throw new TypeError(`CircuitBreaker.restore: snapshot must be an object, got ${describe(s)}`);
  const snap = s as Record<string, unknown>;
  const bad = (field: string, expected: string, value: unknown = snap[field]) =>
    new TypeError(`CircuitBreaker.restore: snapshot.${field} must be ${expected}, got ${describe(value)}`);
  if (snap.version !== 1 && snap.version !== 2) throw bad('version', '1 or 2');
  if (typeof snap.name !== 'string' || snap.name === '') throw bad('name', 'a non-empty string');
  const state = snap.state;
  if (state !== 'CLOSED' && state !== 'OPEN' && state !== 'HALF_OPEN')
    throw bad('state', '"CLOSED", "OPEN" or "HALF_OPEN"');
  if (typeof snap.isolated !== 'boolean') throw bad('isolated', 'a boolean');
  if (state === 'CLOSED' ? snap.openedAt !== null : !Number.isFinite(snap.openedAt)) {
    throw bad('openedAt', state === 'CLOSED' ? 'null when CLOSED' : 'a finite number when not CLOSED');
  }
  for (const field of counters) {
    const value = snap[field];
    if (!Number.isInteger(value) || (value as number) < 0) throw bad(field, 'a non-negative integer');
  }
  for (const field of times) {
    if (snap[field] !== null && !Number.isFinite(snap[field])) throw bad(field, 'a finite number or null');
  }
  if (!Number.isFinite(snap.savedAt)) throw bad('savedAt', 'a finite number');
  if (snap.version === 1) return;
  const settings = snap.settings as Record<string, unknown> | undefined;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw bad('settings', 'an object');
  const badSetting = (field: string, expected: string, value: unknown = settings[field]) =>
    bad(`settings.${field}`, expected, value);
  for (const field of positiveSettings) {
    if (!Number.isInteger(settings[field]) || (settings[field] as number) < 1)
      throw badSetting(field, 'a positive integer');
  }
  if (!isNonNegative(settings.recoveryTimeoutMs)) throw badSetting('recoveryTimeoutMs', 'a finite number >= 0');
  if (settings.maxHalfOpenWaitMs !== null && !isNonNegative(settings.maxHalfOpenWaitMs)) {
    throw badSetting('maxHalfOpenWaitMs', 'a finite number >= 0 or null (forever)');
  }
  const strategies = settings.strategies;
  if (strategies !== null && (!Array.isArray(strategies) || strategies.length === 0))
    throw badSetting('strategies', 'a non-empty array or null');
  (strategies as unknown[] | null)?.forEach((spec, i) => {
    const kind = (spec as { kind?: unknown } | null)?.kind;
    if (typeof spec !== 'object' || spec === null || !strategyKinds.includes(kind as string)) {
      throw badSetting(
        `strategies[${i}].kind`,
        '"ConsecutiveFailures", "FailureRate", "SlowCallRate" or "custom"',
        kind,
      );
    }
  });
  if (settings.isFailure !== 'default' && settings.isFailure !== 'custom')
    throw badSetting('isFailure', '"default" or "custom"');
}

function isNonNegative(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Array.isArray(value) ? 'array' : typeof value;
}
