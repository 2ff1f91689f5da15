import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import type { BreakerEvent } from './BreakerEvent.ts';
import { CircuitBreaker } from './CircuitBreaker.ts';
import type { BreakerStrategy } from './BreakerStrategy.ts';
import { checkSnapshot, type BreakerSnapshotSettings, type CircuitBreakerSnapshot } from './CircuitBreakerSnapshot.ts';
import { ConsecutiveFailures } from './ConsecutiveFailures.ts';
import { FailureRate } from './FailureRate.ts';
import { SlowCallRate } from './SlowCallRate.ts';

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

const settings: BreakerSnapshotSettings = {
  failureThreshold: 5,
  recoveryTimeoutMs: 60_000,
  halfOpenMaxCalls: 1,
  successThreshold: 1,
  maxHalfOpenWaitMs: 60_000,
  strategies: null,
  isFailure: 'default',
};
const v2: CircuitBreakerSnapshot = { ...valid, version: 2, settings };

describe('CircuitBreaker.snapshot', () => {
  // Version 2 (issue #9) adds the settings, so a restart rebuilds the breaker as it was configured.
  it('is plain data with the state, counters, times and settings', () => {
    expect(savedOpen()).toEqual({
      version: 2,
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
      settings: {
        failureThreshold: 2,
        recoveryTimeoutMs: TIMEOUT,
        halfOpenMaxCalls: 1,
        successThreshold: 1,
        maxHalfOpenWaitMs: TIMEOUT,
        strategies: null,
        isFailure: 'default',
      },
    });
  });

  it('survives JSON', () => {
    const snap = savedOpen();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });
});

describe('CircuitBreaker.restore', () => {
  it('an OPEN breaker restored after a restart stays OPEN for the rest of its timeout, half-opens when it ends', () => {
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
      {
        type: 'breaker.state',
        name: 'kraken',
        from: 'OPEN',
        to: 'HALF_OPEN',
        at: T0 + 61_000,
        reason: 'recovery-timeout',
      },
      {
        type: 'breaker.state',
        name: 'kraken',
        from: 'HALF_OPEN',
        to: 'CLOSED',
        at: T0 + 61_000,
        reason: 'half-open-success',
      },
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
      ignoredRequests: 0,
      successRate: (1 / 3) * 100,
      lastFailureTime: T0 + 1_000,
      lastSuccessTime: T0,
      openedAt: T0 + 1_000,
      recoveryTimeoutMs: 60_000,
      latency: { count: 0, p50: null, p95: null, p99: null, max: null },
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
    const breaker = CircuitBreaker.restore(
      { ...valid, failureCount: 2, failedRequests: 2, totalRequests: 2 },
      { clock, failureThreshold: 3 },
    );
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
    const breaker = CircuitBreaker.restore(
      { ...valid, state: 'OPEN', isolated: true, openedAt: T0 },
      { clock, recoveryTimeoutMs: TIMEOUT },
    );
    expect([breaker.state, breaker.isolated, breaker.retryAfterMs]).toEqual(['OPEN', true, undefined]);
    expect(() => breaker.call(() => 1)).toThrow(CircuitOpenError);
    breaker.reset();
    expect(breaker.call(() => 1)).toBe(1);
  });

  it('a clock that reads earlier than openedAt (set back) never stretches the wait beyond recoveryTimeoutMs', () => {
    const clock = new ManualClock(T0 - 3_600_000);
    const breaker = CircuitBreaker.restore(
      { ...valid, state: 'OPEN', openedAt: T0, failureCount: 5 },
      { clock, recoveryTimeoutMs: TIMEOUT },
    );
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
    ['version', { ...valid, version: 3 }, 'CircuitBreaker.restore: snapshot.version must be 1 or 2, got 3'],
    [
      'version',
      { ...valid, version: undefined },
      'CircuitBreaker.restore: snapshot.version must be 1 or 2, got undefined',
    ],
    [
      'settings',
      { ...valid, version: 2 },
      'CircuitBreaker.restore: snapshot.settings must be an object, got undefined',
    ],
    [
      'settings',
      { ...v2, settings: { ...settings, failureThreshold: 0 } },
      'CircuitBreaker.restore: snapshot.settings.failureThreshold must be a positive integer, got 0',
    ],
    [
      'settings',
      { ...v2, settings: { ...settings, halfOpenMaxCalls: 1.5 } },
      'CircuitBreaker.restore: snapshot.settings.halfOpenMaxCalls must be a positive integer, got 1.5',
    ],
    [
      'settings',
      { ...v2, settings: { ...settings, successThreshold: '1' } },
      'CircuitBreaker.restore: snapshot.settings.successThreshold must be a positive integer, got "1"',
    ],
    [
      'settings',
      { ...v2, settings: { ...settings, recoveryTimeoutMs: -1 } },
      'CircuitBreaker.restore: snapshot.settings.recoveryTimeoutMs must be a finite number >= 0, got -1',
    ],
    [
      'settings',
      { ...v2, settings: { ...settings, maxHalfOpenWaitMs: 'forever' } },
      'CircuitBreaker.restore: snapshot.settings.maxHalfOpenWaitMs must be a finite number >= 0 or null (forever), ' +
        'got "forever"',
    ],
    [
      'settings',
      { ...v2, settings: { ...settings, strategies: [] } },
      'CircuitBreaker.restore: snapshot.settings.strategies must be a non-empty array or null, got array',
    ],
    [
      'settings',
      { ...v2, settings: { ...settings, strategies: [{ kind: 'Magic' }] } },
      'CircuitBreaker.restore: snapshot.settings.strategies[0].kind must be ' +
        '"ConsecutiveFailures", "FailureRate", "SlowCallRate" or "custom", got "Magic"',
    ],
    [
      'settings',
      { ...v2, settings: { ...settings, isFailure: true } },
      'CircuitBreaker.restore: snapshot.settings.isFailure must be "default" or "custom", got true',
    ],
    ['name', { ...valid, name: '' }, 'CircuitBreaker.restore: snapshot.name must be a non-empty string, got ""'],
    ['name', { ...valid, name: 3 }, 'CircuitBreaker.restore: snapshot.name must be a non-empty string, got 3'],
    [
      'state',
      { ...valid, state: 'BROKEN' },
      'CircuitBreaker.restore: snapshot.state must be "CLOSED", "OPEN" or "HALF_OPEN", got "BROKEN"',
    ],
    ['isolated', { ...valid, isolated: 'no' }, 'CircuitBreaker.restore: snapshot.isolated must be a boolean, got "no"'],
    [
      'openedAt',
      { ...valid, state: 'OPEN' },
      'CircuitBreaker.restore: snapshot.openedAt must be a finite number when not CLOSED, got null',
    ],
    [
      'openedAt',
      { ...valid, state: 'HALF_OPEN', openedAt: Number.NaN },
      'CircuitBreaker.restore: snapshot.openedAt must be a finite number when not CLOSED, got NaN',
    ],
    [
      'openedAt',
      { ...valid, openedAt: T0 },
      `CircuitBreaker.restore: snapshot.openedAt must be null when CLOSED, got ${T0}`,
    ],
    [
      'failureCount',
      { ...valid, failureCount: -1 },
      'CircuitBreaker.restore: snapshot.failureCount must be a non-negative integer, got -1',
    ],
    [
      'totalRequests',
      { ...valid, totalRequests: '3' },
      'CircuitBreaker.restore: snapshot.totalRequests must be a non-negative integer, got "3"',
    ],
    [
      'successfulRequests',
      { ...valid, successfulRequests: 1.5 },
      'CircuitBreaker.restore: snapshot.successfulRequests must be a non-negative integer, got 1.5',
    ],
    [
      'failedRequests',
      { ...valid, failedRequests: null },
      'CircuitBreaker.restore: snapshot.failedRequests must be a non-negative integer, got null',
    ],
    [
      'rejectedRequests',
      { ...valid, rejectedRequests: Number.NaN },
      'CircuitBreaker.restore: snapshot.rejectedRequests must be a non-negative integer, got NaN',
    ],
    [
      'lastFailureTime',
      { ...valid, lastFailureTime: 'yesterday' },
      'CircuitBreaker.restore: snapshot.lastFailureTime must be a finite number or null, got "yesterday"',
    ],
    [
      'lastSuccessTime',
      { ...valid, lastSuccessTime: undefined },
      'CircuitBreaker.restore: snapshot.lastSuccessTime must be a finite number or null, got undefined',
    ],
    [
      'savedAt',
      { ...valid, savedAt: [] },
      'CircuitBreaker.restore: snapshot.savedAt must be a finite number, got array',
    ],
  ])('rejects a bad %s (case %#) with a TypeError naming the field', (_field, snapshot, message) => {
    expect(() => checkSnapshot(snapshot)).toThrow(new TypeError(message));
    expect(() => CircuitBreaker.restore(snapshot as CircuitBreakerSnapshot)).toThrow(new TypeError(message));
  });
});

describe('snapshot settings (version 2)', () => {
  const strategies = () => [
    new FailureRate({ failureRateThreshold: 40, minimumCalls: 5, window: { type: 'time', durationMs: 30_000 } }),
    new SlowCallRate({ slowCallDurationMs: 2_000, minimumCalls: 3, window: { type: 'count', size: 10 } }),
    new ConsecutiveFailures(7),
  ];

  it('saves every setting, built-in strategies as data, Infinity as null', () => {
    const breaker = new CircuitBreaker({
      name: 'kraken',
      failureThreshold: 3,
      recoveryTimeoutMs: 30_000,
      halfOpenMaxCalls: 2,
      successThreshold: 2,
      maxHalfOpenWaitMs: Infinity,
      strategies: strategies(),
    });
    const saved = JSON.parse(JSON.stringify(breaker.snapshot())) as CircuitBreakerSnapshot;
    expect(saved.version === 2 && saved.settings).toEqual({
      failureThreshold: 3,
      recoveryTimeoutMs: 30_000,
      halfOpenMaxCalls: 2,
      successThreshold: 2,
      maxHalfOpenWaitMs: null,
      strategies: [
        {
          kind: 'FailureRate',
          failureRateThreshold: 40,
          minimumCalls: 5,
          window: { type: 'time', durationMs: 30_000, buckets: 10 },
        },
        {
          kind: 'SlowCallRate',
          slowCallDurationMs: 2_000,
          slowCallRateThreshold: 100,
          minimumCalls: 3,
          window: { type: 'count', size: 10 },
        },
        { kind: 'ConsecutiveFailures', threshold: 7 },
      ],
      isFailure: 'default',
    });
  });

  it('restore rebuilds the breaker with the saved settings and strategies (options given override them)', () => {
    const clock = new ManualClock(T0);
    const original = new CircuitBreaker({
      name: 'kraken',
      clock,
      recoveryTimeoutMs: 30_000,
      maxHalfOpenWaitMs: 5_000,
      halfOpenMaxCalls: 2,
      strategies: strategies(),
    });
    const saved = JSON.parse(JSON.stringify(original.snapshot())) as CircuitBreakerSnapshot;
    const restored = CircuitBreaker.restore(saved, { clock });
    expect([restored.recoveryTimeoutMs, restored.maxHalfOpenWaitMs, restored.halfOpenMaxCalls]).toEqual([
      30_000, 5_000, 2,
    ]);
    expect(restored.snapshot()).toEqual(original.snapshot());
    const overridden = CircuitBreaker.restore(saved, { clock, recoveryTimeoutMs: 1_000 });
    expect([overridden.recoveryTimeoutMs, overridden.maxHalfOpenWaitMs]).toEqual([1_000, 5_000]);
  });

  it('a rebuilt SlowCallRate strategy still opens the breaker on slow calls', () => {
    const clock = new ManualClock(T0);
    const saved = new CircuitBreaker({
      name: 'kraken',
      clock,
      strategies: [new SlowCallRate({ slowCallDurationMs: 100, minimumCalls: 2, window: { type: 'count', size: 2 } })],
    }).snapshot();
    const restored = CircuitBreaker.restore(saved, { clock });
    for (let i = 0; i < 2; i++) restored.call(() => clock.set(clock.now() + 200));
    expect(restored.state).toBe('OPEN');
  });

  it('a user-defined strategy or isFailure is marked custom, and restore refuses to drop it silently', () => {
    const custom: BreakerStrategy = { failures: 0, record: () => undefined, reset() {} };
    const saved = new CircuitBreaker({
      name: 'kraken',
      strategies: [new ConsecutiveFailures(2), custom],
      isFailure: () => true,
    }).snapshot();
    expect([saved.settings.strategies, saved.settings.isFailure]).toEqual([
      [{ kind: 'ConsecutiveFailures', threshold: 2 }, { kind: 'custom' }],
      'custom',
    ]);
    expect(() => CircuitBreaker.restore(saved)).toThrow(
      new RangeError(
        'CircuitBreaker.restore: snapshot "kraken" has a user-defined strategy (strategies[1]) ' +
          'that cannot be rebuilt from data; pass options.strategies',
      ),
    );
    expect(() => CircuitBreaker.restore(saved, { strategies: [{ ...custom }] })).toThrow(
      new RangeError(
        'CircuitBreaker.restore: snapshot "kraken" has a user-defined isFailure that cannot be rebuilt from data; ' +
          'pass options.isFailure',
      ),
    );
    const restored = CircuitBreaker.restore(saved, { strategies: [{ ...custom }], isFailure: () => false });
    expect(restored.snapshot().settings).toMatchObject({ strategies: [{ kind: 'custom' }], isFailure: 'custom' });
  });

  it('a version 1 snapshot (no settings) still restores, with the options given', () => {
    const restored = CircuitBreaker.restore(
      { ...valid, state: 'OPEN', openedAt: T0 },
      { clock: new ManualClock(T0 + 1_000), recoveryTimeoutMs: 5_000 },
    );
    expect([restored.state, restored.retryAfterMs, restored.snapshot().version]).toEqual(['OPEN', 4_000, 2]);
  });
});
