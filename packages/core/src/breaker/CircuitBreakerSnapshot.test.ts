import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import type { BreakerEvent } from './BreakerEvent.ts';
import { CircuitBreaker } from './CircuitBreaker.ts';
import { checkSnapshot, type CircuitBreakerSnapshot } from './CircuitBreakerSnapshot.ts';

const T0 = 1_700_000_000_000;
const TIMEOUT = 60_000;

/** A breaker that opened at T0 + 1000 after a success and two failures, saved at T0 + 10 000. */
function savedOpen(): CircuitBreakerSnapshot {
  const clock = new ManualClock(T0);
  const breaker = new CircuitBreaker({ name: 'kraken', clock, failureThreshold: 2, recoveryTimeoutMs: TIMEOUT });
  breaker.recordSuccess();
  clock.set(T0 + 500);
  breaker.recordFailure();
  clock.set(T0 + 1_000);
  breaker.recordFailure();
  clock.set(T0 + 2_000);
  expect(() => breaker.call(() => 1)).toThrow(CircuitOpenError);
  clock.set(T0 + 10_000);
  return breaker.snapshot();
}

const valid: CircuitBreakerSnapshot = {
  version: 1,
  name: 'kraken',
  state: 'CLOSED',
  isolated: false,
  failureCount: 0,
  openedAt: null,
  totalRequests: 0,
  successfulRequests: 0,
  failedRequests: 0,
  rejectedRequests: 0,
  lastFailureTime: null,
  lastSuccessTime: null,
  savedAt: T0,
};

describe('CircuitBreaker.snapshot', () => {
  it('is plain data with the state, counters and times', () => {
    expect(savedOpen()).toEqual({
      version: 1,
      name: 'kraken',
      state: 'OPEN',
      isolated: false,
      failureCount: 2,
      openedAt: T0 + 1_000,
      totalRequests: 3,
      successfulRequests: 1,
      failedRequests: 2,
      rejectedRequests: 1,
      lastFailureTime: T0 + 1_000,
      lastSuccessTime: T0,
      savedAt: T0 + 10_000,
    });
  });

  it('survives JSON', () => {
    const snap = savedOpen();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });
});

describe('CircuitBreaker.restore', () => {
  it('an OPEN breaker restored after a restart stays OPEN for the rest of its timeout and half-opens exactly when it ends', () => {
    const snap = savedOpen();
    const clock = new ManualClock(T0 + 25_000); // the new process starts 15 s after the save
    const breaker = CircuitBreaker.restore(JSON.parse(JSON.stringify(snap)) as CircuitBreakerSnapshot, {
      clock,
      failureThreshold: 2,
      recoveryTimeoutMs: TIMEOUT,
    });
    const events: BreakerEvent[] = [];
    breaker.subscribe((e) => events.push(e));
    expect([breaker.state, breaker.retryAfterMs]).toEqual(['OPEN', 36_000]);
    clock.set(T0 + 1_000 + TIMEOUT - 1);
    expect(() => breaker.call(() => 1)).toThrow(CircuitOpenError);
    clock.set(T0 + 1_000 + TIMEOUT);
    expect(breaker.call(() => 'back')).toBe('back');
    expect(events.filter((e) => e.type !== 'breaker.call')).toEqual([
      { type: 'breaker.rejected', name: 'kraken', state: 'OPEN', retryAfterMs: 1, at: T0 + 60_999 },
      { type: 'breaker.state', name: 'kraken', from: 'OPEN', to: 'HALF_OPEN', at: T0 + 61_000, reason: 'recovery-timeout' },
      { type: 'breaker.state', name: 'kraken', from: 'HALF_OPEN', to: 'CLOSED', at: T0 + 61_000, reason: 'half-open-success' },
    ]);
  });

  it('keeps the counters and times', () => {
    const snap = savedOpen();
    const breaker = CircuitBreaker.restore(snap, { clock: new ManualClock(T0 + 20_000), failureThreshold: 2 });
    expect(breaker.stats()).toEqual({
      name: 'kraken',
      state: 'OPEN',
      failureCount: 2,
      failureThreshold: 2,
      totalRequests: 3,
      successfulRequests: 1,
      failedRequests: 2,
      rejectedRequests: 1,
      successRate: (1 / 3) * 100,
      lastFailureTime: T0 + 1_000,
      lastSuccessTime: T0,
      openedAt: T0 + 1_000,
      recoveryTimeoutMs: 60_000,
    });
  });

  it('an OPEN breaker whose timeout ended during the downtime lets the first call through as a trial', () => {
    const clock = new ManualClock(T0 + 1_000_000);
    const breaker = CircuitBreaker.restore(savedOpen(), { clock, recoveryTimeoutMs: TIMEOUT });
    expect([breaker.state, breaker.retryAfterMs]).toEqual(['OPEN', 0]);
    expect(() =>
      breaker.call(() => {
        throw new Error('still down');
      }),
    ).toThrow('still down');
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', openedAt: T0 + 1_000_000 });
  });

  it('a CLOSED breaker comes back with its consecutive failures', () => {
    const clock = new ManualClock(T0);
    const breaker = CircuitBreaker.restore({ ...valid, failureCount: 2, failedRequests: 2, totalRequests: 2 }, { clock, failureThreshold: 3 });
    expect([breaker.state, breaker.failureCount]).toEqual(['CLOSED', 2]);
    breaker.recordFailure();
    expect(breaker.state).toBe('OPEN');
  });

  it('a HALF_OPEN breaker comes back OPEN with its timeout spent: the next call is a fresh trial', () => {
    const clock = new ManualClock(T0 + 61_000);
    const snap: CircuitBreakerSnapshot = { ...valid, state: 'HALF_OPEN', openedAt: T0, failureCount: 5 };
    const breaker = CircuitBreaker.restore(snap, { clock, recoveryTimeoutMs: TIMEOUT });
    expect([breaker.state, breaker.retryAfterMs]).toEqual(['OPEN', 0]);
    expect(breaker.call(() => 'trial')).toBe('trial');
    expect(breaker.state).toBe('CLOSED');
  });

  it('an isolated breaker stays isolated until reset', () => {
    const clock = new ManualClock(T0 + 10_000_000);
    const breaker = CircuitBreaker.restore({ ...valid, state: 'OPEN', isolated: true, openedAt: T0 }, { clock, recoveryTimeoutMs: TIMEOUT });
    expect([breaker.state, breaker.isolated, breaker.retryAfterMs]).toEqual(['OPEN', true, undefined]);
    expect(() => breaker.call(() => 1)).toThrow(CircuitOpenError);
    breaker.reset();
    expect(breaker.call(() => 1)).toBe(1);
  });

  it('a clock that reads earlier than openedAt (set back) never stretches the wait beyond recoveryTimeoutMs', () => {
    const clock = new ManualClock(T0 - 3_600_000);
    const breaker = CircuitBreaker.restore({ ...valid, state: 'OPEN', openedAt: T0, failureCount: 5 }, { clock, recoveryTimeoutMs: TIMEOUT });
    expect(breaker.retryAfterMs).toBe(TIMEOUT);
  });

  it('takes its name from the snapshot unless told otherwise, and its other options from the caller', () => {
    const restored = CircuitBreaker.restore(valid);
    expect([restored.name, restored.failureThreshold, restored.state]).toEqual(['kraken', 5, 'CLOSED']);
    const renamed = CircuitBreaker.restore(valid, { name: 'kraken-futures', halfOpenMaxCalls: 3 });
    expect([renamed.name, renamed.halfOpenMaxCalls]).toEqual(['kraken-futures', 3]);
  });

  it('validates the options like the constructor', () => {
    expect(() => CircuitBreaker.restore(valid, { failureThreshold: -1 })).toThrow(
      new RangeError('CircuitBreaker "kraken": failureThreshold must be a positive integer, got -1'),
    );
  });
});

describe('checkSnapshot', () => {
  it('accepts what snapshot() produces', () => {
    expect(() => checkSnapshot(savedOpen())).not.toThrow();
    expect(() => checkSnapshot(valid)).not.toThrow();
  });

  it.each([
    ['snapshot', null, 'CircuitBreaker.restore: snapshot must be an object, got null'],
    ['snapshot', '{"version":1}', 'CircuitBreaker.restore: snapshot must be an object, got "{\\"version\\":1}"'],
    ['version', { ...valid, version: 2 }, 'CircuitBreaker.restore: snapshot.version must be 1, got 2'],
    ['version', { ...valid, version: undefined }, 'CircuitBreaker.restore: snapshot.version must be 1, got undefined'],
    ['name', { ...valid, name: '' }, 'CircuitBreaker.restore: snapshot.name must be a non-empty string, got ""'],
    ['name', { ...valid, name: 3 }, 'CircuitBreaker.restore: snapshot.name must be a non-empty string, got 3'],
    ['state', { ...valid, state: 'BROKEN' }, 'CircuitBreaker.restore: snapshot.state must be "CLOSED", "OPEN" or "HALF_OPEN", got "BROKEN"'],
    ['isolated', { ...valid, isolated: 'no' }, 'CircuitBreaker.restore: snapshot.isolated must be a boolean, got "no"'],
    ['openedAt', { ...valid, state: 'OPEN' }, 'CircuitBreaker.restore: snapshot.openedAt must be a finite number when not CLOSED, got null'],
    ['openedAt', { ...valid, state: 'HALF_OPEN', openedAt: Number.NaN }, 'CircuitBreaker.restore: snapshot.openedAt must be a finite number when not CLOSED, got NaN'],
    ['openedAt', { ...valid, openedAt: T0 }, `CircuitBreaker.restore: snapshot.openedAt must be null when CLOSED, got ${T0}`],
    ['failureCount', { ...valid, failureCount: -1 }, 'CircuitBreaker.restore: snapshot.failureCount must be a non-negative integer, got -1'],
    ['totalRequests', { ...valid, totalRequests: '3' }, 'CircuitBreaker.restore: snapshot.totalRequests must be a non-negative integer, got "3"'],
    ['successfulRequests', { ...valid, successfulRequests: 1.5 }, 'CircuitBreaker.restore: snapshot.successfulRequests must be a non-negative integer, got 1.5'],
    ['failedRequests', { ...valid, failedRequests: null }, 'CircuitBreaker.restore: snapshot.failedRequests must be a non-negative integer, got null'],
    ['rejectedRequests', { ...valid, rejectedRequests: Number.NaN }, 'CircuitBreaker.restore: snapshot.rejectedRequests must be a non-negative integer, got NaN'],
    ['lastFailureTime', { ...valid, lastFailureTime: 'yesterday' }, 'CircuitBreaker.restore: snapshot.lastFailureTime must be a finite number or null, got "yesterday"'],
    ['lastSuccessTime', { ...valid, lastSuccessTime: undefined }, 'CircuitBreaker.restore: snapshot.lastSuccessTime must be a finite number or null, got undefined'],
    ['savedAt', { ...valid, savedAt: [] }, 'CircuitBreaker.restore: snapshot.savedAt must be a finite number, got array'],
  ])('rejects a bad %s (case %#) with a TypeError naming the field', (_field, snapshot, message) => {
    expect(() => checkSnapshot(snapshot)).toThrow(new TypeError(message));
    expect(() => CircuitBreaker.restore(snapshot as CircuitBreakerSnapshot)).toThrow(new TypeError(message));
  });
});
