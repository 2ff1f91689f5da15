import type { CircuitState } from './BreakerEvent.ts';

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

const counters = ['failureCount', 'totalRequests', 'successfulRequests', 'failedRequests', 'rejectedRequests'] as const;
const times = ['lastFailureTime', 'lastSuccessTime'] as const;

/**
 * Checks a snapshot that may come from a file or another process, so a corrupt one fails loudly at restore
 * with the field named, instead of leaving a breaker that is silently wrong.
 */
export function checkSnapshot(s: unknown): asserts s is CircuitBreakerSnapshot {
  if (typeof s !== 'object' || s === null) throw new TypeError(`CircuitBreaker.restore: snapshot must be an object, got ${describe(s)}`);
  const snap = s as Record<string, unknown>;
  const bad = (field: string, expected: string) =>
    new TypeError(`CircuitBreaker.restore: snapshot.${field} must be ${expected}, got ${describe(snap[field])}`);
  if (snap.version !== 1) throw bad('version', '1');
  if (typeof snap.name !== 'string' || snap.name === '') throw bad('name', 'a non-empty string');
  const state = snap.state;
  if (state !== 'CLOSED' && state !== 'OPEN' && state !== 'HALF_OPEN') throw bad('state', '"CLOSED", "OPEN" or "HALF_OPEN"');
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
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Array.isArray(value) ? 'array' : typeof value;
}
