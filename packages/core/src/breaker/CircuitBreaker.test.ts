import { describe, expect, it } from 'vitest';
import { CircuitOpenError, isCircuitOpenError } from '../errors/CircuitOpenError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './CircuitBreaker.ts';

const T0 = 1_700_000_000_000;

function setup(options: Partial<CircuitBreakerOptions> = {}) {
  const clock = new ManualClock(T0);
  const breaker = new CircuitBreaker({ name: 'kraken', clock, ...options });
  return { clock, breaker };
}

const boom = () => {
  throw new Error('boom');
};
const ok = () => 'ok';

/** Runs a sync call and returns what it threw (fails the test if it did not throw). */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function failTimes(breaker: CircuitBreaker, n: number): void {
  for (let i = 0; i < n; i++) expect(() => breaker.call(boom)).toThrow('boom');
}

describe('CircuitBreaker: construction', () => {
  it('has the seed’s defaults', () => {
    const breaker = new CircuitBreaker({ name: 'kraken' });
    expect({
      name: breaker.name,
      state: breaker.state,
      failureCount: breaker.failureCount,
      failureThreshold: breaker.failureThreshold,
      recoveryTimeoutMs: breaker.recoveryTimeoutMs,
      halfOpenMaxCalls: breaker.halfOpenMaxCalls,
      successThreshold: breaker.successThreshold,
      isolated: breaker.isolated,
      retryAfterMs: breaker.retryAfterMs,
    }).toEqual({
      name: 'kraken',
      state: 'CLOSED',
      failureCount: 0,
      failureThreshold: 5,
      recoveryTimeoutMs: 60_000,
      halfOpenMaxCalls: 1,
      successThreshold: 1,
      isolated: false,
      retryAfterMs: 0,
    });
  });

  it('keeps its settings and counts read-only, at compile time and at run time', () => {
    const { breaker } = setup({ failureThreshold: 2 });
    // @ts-expect-error name is read-only
    expect(() => (breaker.name = 'other')).toThrow(TypeError);
    // @ts-expect-error failureThreshold is read-only
    expect(() => (breaker.failureThreshold = 9)).toThrow(TypeError);
    // @ts-expect-error failureCount is read-only
    expect(() => (breaker.failureCount = 0)).toThrow(TypeError);
    // @ts-expect-error state is read-only
    expect(() => (breaker.state = 'OPEN')).toThrow(TypeError);
    expect([breaker.name, breaker.failureThreshold, breaker.state]).toEqual(['kraken', 2, 'CLOSED']);
  });

  it.each([
    [{ failureThreshold: -1 }, 'CircuitBreaker "kraken": failureThreshold must be a positive integer, got -1'],
    [{ failureThreshold: 0 }, 'CircuitBreaker "kraken": failureThreshold must be a positive integer, got 0'],
    [{ failureThreshold: Number.NaN }, 'CircuitBreaker "kraken": failureThreshold must be a positive integer, got NaN'],
    [{ failureThreshold: 2.5 }, 'CircuitBreaker "kraken": failureThreshold must be a positive integer, got 2.5'],
    [
      { failureThreshold: '5' as never },
      'CircuitBreaker "kraken": failureThreshold must be a positive integer, got "5"',
    ],
    [
      { recoveryTimeoutMs: Number.NaN },
      'CircuitBreaker "kraken": recoveryTimeoutMs must be a finite number >= 0, got NaN',
    ],
    [{ recoveryTimeoutMs: -1 }, 'CircuitBreaker "kraken": recoveryTimeoutMs must be a finite number >= 0, got -1'],
    [
      { recoveryTimeoutMs: Number.POSITIVE_INFINITY },
      'CircuitBreaker "kraken": recoveryTimeoutMs must be a finite number >= 0, got Infinity',
    ],
    [{ halfOpenMaxCalls: 0 }, 'CircuitBreaker "kraken": halfOpenMaxCalls must be a positive integer, got 0'],
    [{ halfOpenMaxCalls: 1.5 }, 'CircuitBreaker "kraken": halfOpenMaxCalls must be a positive integer, got 1.5'],
    [{ successThreshold: 0 }, 'CircuitBreaker "kraken": successThreshold must be a positive integer, got 0'],
    [{ isFailure: 'yes' as never }, 'CircuitBreaker "kraken": isFailure must be a function, got "yes"'],
    [{ strategies: [] }, 'CircuitBreaker "kraken": strategies must be a non-empty array, got []'],
    [{ strategies: {} as never }, 'CircuitBreaker "kraken": strategies must be a non-empty array, got object'],
  ])('rejects %o with a RangeError naming option and value', (options, message) => {
    expect(() => new CircuitBreaker({ name: 'kraken', ...options })).toThrow(new RangeError(message));
  });

  it.each([
    [{ name: '' }, 'CircuitBreaker: name must be a non-empty string, got ""'],
    [{}, 'CircuitBreaker: name must be a non-empty string, got undefined'],
    [{ name: 7 }, 'CircuitBreaker: name must be a non-empty string, got 7'],
  ])('rejects a bad name %o', (options, message) => {
    expect(() => new CircuitBreaker(options as CircuitBreakerOptions)).toThrow(new RangeError(message));
  });

  it('rejects missing options with the same RangeError', () => {
    expect(() => new CircuitBreaker(undefined as never)).toThrow(
      new RangeError('CircuitBreaker: name must be a non-empty string, got undefined'),
    );
  });
});

describe('CircuitBreaker: CLOSED → OPEN on consecutive failures', () => {
  it('opens on the threshold-th failure in a row', () => {
    const { breaker } = setup({ failureThreshold: 3 });
    failTimes(breaker, 2);
    expect([breaker.state, breaker.failureCount]).toEqual(['CLOSED', 2]);
    failTimes(breaker, 1);
    expect([breaker.state, breaker.failureCount]).toEqual(['OPEN', 3]);
  });

  it('a success clears the consecutive count', () => {
    const { breaker } = setup({ failureThreshold: 3 });
    failTimes(breaker, 2);
    expect(breaker.call(ok)).toBe('ok');
    expect(breaker.failureCount).toBe(0);
    failTimes(breaker, 2);
    expect(breaker.state).toBe('CLOSED');
  });

  it('refuses calls while OPEN without running them, with CircuitOpenError', () => {
    const { clock, breaker } = setup({ failureThreshold: 1, recoveryTimeoutMs: 30_000 });
    failTimes(breaker, 1);
    clock.set(T0 + 10_000);
    let ran = false;
    const error = thrown(() =>
      breaker.call(() => {
        ran = true;
      }),
    );
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(isCircuitOpenError(error)).toBe(true);
    expect(error).toMatchObject({
      message: 'Circuit breaker kraken is OPEN',
      breaker: 'kraken',
      retryAfterMs: 20_000,
      retryable: true,
    });
    expect(breaker.retryAfterMs).toBe(20_000);
  });

  it('counts refusals as rejectedRequests, never as requests', () => {
    const { breaker } = setup({ failureThreshold: 1 });
    failTimes(breaker, 1);
    for (let i = 0; i < 3; i++) expect(() => breaker.call(ok)).toThrow(CircuitOpenError);
    expect(breaker.stats()).toMatchObject({
      totalRequests: 1,
      failedRequests: 1,
      successfulRequests: 0,
      rejectedRequests: 3,
    });
  });
});

describe('CircuitBreaker: stats', () => {
  it('reports every counter, times by the clock, and the success rate in percent', async () => {
    const { clock, breaker } = setup({ failureThreshold: 2, recoveryTimeoutMs: 5_000 });
    expect(breaker.stats()).toEqual({
      name: 'kraken',
      state: 'CLOSED',
      failureCount: 0,
      failureThreshold: 2,
      totalRequests: 0,
      successfulRequests: 0,
      failedRequests: 0,
      rejectedRequests: 0,
      ignoredRequests: 0,
      successRate: 0,
      lastFailureTime: null,
      lastSuccessTime: null,
      openedAt: null,
      recoveryTimeoutMs: 5_000,
      latency: { count: 0, p50: null, p95: null, p99: null, max: null },
    });
    breaker.call(ok);
    await clock.advance(10); // time passes with the event loop turning, as it does for real
    breaker.call(ok);
    await clock.advance(10);
    breaker.call(ok);
    await clock.advance(10);
    failTimes(breaker, 1);
    expect(breaker.stats()).toMatchObject({
      successRate: 75,
      totalRequests: 4,
      lastSuccessTime: T0 + 20,
      lastFailureTime: T0 + 30,
    });
    clock.set(T0 + 40);
    failTimes(breaker, 1);
    clock.set(T0 + 50);
    expect(() => breaker.call(ok)).toThrow(CircuitOpenError);
    expect(breaker.stats()).toEqual({
      name: 'kraken',
      state: 'OPEN',
      failureCount: 2,
      failureThreshold: 2,
      totalRequests: 5,
      successfulRequests: 3,
      failedRequests: 2,
      rejectedRequests: 1,
      ignoredRequests: 0,
      successRate: 60,
      lastFailureTime: T0 + 40,
      lastSuccessTime: T0 + 20,
      openedAt: T0 + 40,
      recoveryTimeoutMs: 5_000,
      latency: { count: 0, p50: null, p95: null, p99: null, max: null },
    });
  });

  it('returns a fresh object each time (callers may keep or change it)', () => {
    const { breaker } = setup();
    const first = breaker.stats();
    first.totalRequests = 99;
    expect(breaker.stats().totalRequests).toBe(0);
  });
});

describe('CircuitBreaker: recordSuccess / recordFailure', () => {
  it('count like calls: failures open the breaker, a success clears the consecutive count', () => {
    const { clock, breaker } = setup({ failureThreshold: 2 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect([breaker.state, breaker.failureCount]).toEqual(['CLOSED', 1]);
    clock.set(T0 + 5);
    breaker.recordFailure();
    expect(breaker.stats()).toMatchObject({
      state: 'OPEN',
      openedAt: T0 + 5,
      totalRequests: 4,
      successfulRequests: 1,
      failedRequests: 3,
    });
  });

  it('while OPEN they are counted but change nothing', () => {
    const { breaker } = setup({ failureThreshold: 1 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordSuccess();
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', successfulRequests: 2, failedRequests: 1 });
  });
});

describe('CircuitBreaker: reset and isolate', () => {
  it('reset() closes an OPEN breaker and clears its count', () => {
    const { breaker } = setup({ failureThreshold: 1 });
    failTimes(breaker, 1);
    breaker.reset();
    expect([breaker.state, breaker.failureCount, breaker.stats().openedAt]).toEqual(['CLOSED', 0, null]);
    expect(breaker.call(ok)).toBe('ok');
  });

  it('reset() on a CLOSED breaker clears the count, and keeps the totals', () => {
    const { breaker } = setup({ failureThreshold: 3 });
    failTimes(breaker, 2);
    breaker.reset();
    expect(breaker.failureCount).toBe(0);
    failTimes(breaker, 2);
    expect(breaker.state).toBe('CLOSED');
    expect(breaker.stats().failedRequests).toBe(4);
  });

  it('isolate() holds it OPEN past any timeout; refusals then have no retryAfterMs and are not retryable', () => {
    const { clock, breaker } = setup({ recoveryTimeoutMs: 1_000 });
    breaker.isolate();
    expect([breaker.state, breaker.isolated, breaker.retryAfterMs]).toEqual(['OPEN', true, undefined]);
    clock.set(T0 + 1_000_000);
    const error = thrown(() => breaker.call(ok));
    expect(error).toMatchObject({
      message: 'Circuit breaker kraken is OPEN',
      retryAfterMs: undefined,
      retryable: false,
    });
    expect(breaker.state).toBe('OPEN');
    expect(breaker.stats()).toMatchObject({ openedAt: T0, rejectedRequests: 1 });
  });

  it('isolate() on a tripped breaker stops it from half-opening; reset() releases it', () => {
    const { clock, breaker } = setup({ failureThreshold: 1, recoveryTimeoutMs: 1_000 });
    failTimes(breaker, 1);
    breaker.isolate();
    clock.set(T0 + 5_000);
    expect(() => breaker.call(ok)).toThrow(CircuitOpenError);
    breaker.reset();
    expect([breaker.state, breaker.isolated]).toEqual(['CLOSED', false]);
    expect(breaker.call(ok)).toBe('ok');
  });
});

describe('CircuitBreaker: toJSON', () => {
  it('serialises as its snapshot', () => {
    const { breaker } = setup({ failureThreshold: 1 });
    failTimes(breaker, 1);
    expect(JSON.parse(JSON.stringify(breaker))).toEqual(breaker.snapshot());
  });
});
