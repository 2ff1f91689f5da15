import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
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

describe('CircuitBreaker: call keeps the function’s shape', () => {
  it('a sync function returns its value synchronously, with its arguments', () => {
    const { breaker } = setup();
    const result = breaker.call((a: number, b: string) => `${b}${a * 2}`, 21, 'x');
    expect(result).toBe('x42');
  });

  it('invoke passes `this`', () => {
    const { breaker } = setup();
    const account = {
      balance: 7,
      read(this: { balance: number }, extra: number) {
        return this.balance + extra;
      },
    };
    expect(breaker.invoke(account.read, account, [3], undefined)).toBe(10);
  });

  it('a sync function’s throw comes back synchronously, the same value', () => {
    const { breaker } = setup();
    const error = new Error('sync boom');
    expect(
      thrown(() =>
        breaker.call(() => {
          throw error;
        }),
      ),
    ).toBe(error);
  });

  it('an async function gives a promise of its value', async () => {
    const { breaker } = setup();
    const result = breaker.call(async (n: number) => n + 1, 1);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(2);
    expect(breaker.stats().successfulRequests).toBe(1);
  });

  it('an async function’s rejection comes back as the same rejection, and counts', async () => {
    const { breaker } = setup();
    const error = new Error('async boom');
    const result = breaker.call(async () => {
      throw error;
    });
    await expect(result).rejects.toBe(error);
    expect(breaker.failureCount).toBe(1);
  });

  it('refusing an async function is a rejected promise, never a synchronous throw', async () => {
    const { breaker } = setup({ failureThreshold: 1 });
    failTimes(breaker, 1);
    let ran = false;
    let result: Promise<void> | undefined;
    expect(() => {
      result = breaker.call(async () => {
        ran = true;
      });
    }).not.toThrow();
    await expect(result).rejects.toThrow(new CircuitOpenError('kraken', 60_000));
    expect(ran).toBe(false);
  });

  it('refusing a plain function that returns a promise throws, unless the caller says it returns one', async () => {
    const { breaker } = setup({ failureThreshold: 1 });
    failTimes(breaker, 1);
    const fetchTicker = () => Promise.resolve(1);
    expect(() => breaker.call(fetchTicker)).toThrow(CircuitOpenError);
    await expect(breaker.invoke(fetchTicker, undefined, [], true)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(() => breaker.invoke(async () => 1, undefined, [], false)).toThrow(CircuitOpenError);
  });

  it('a promise-returning plain function is tracked until its promise settles', async () => {
    const { breaker } = setup({ failureThreshold: 1 });
    const result = breaker.call(() => Promise.reject(new Error('late')));
    expect(breaker.state).toBe('CLOSED');
    await expect(result).rejects.toThrow('late');
    expect(breaker.state).toBe('OPEN');
  });

  it('refuses a non-function with a TypeError and counts nothing', () => {
    const { breaker } = setup({ failureThreshold: 1 });
    expect(() => breaker.call(undefined as never)).toThrow(
      new TypeError('CircuitBreaker "kraken": call needs a function, got undefined'),
    );
    expect(breaker.stats()).toMatchObject({ state: 'CLOSED', totalRequests: 0, failedRequests: 0 });
  });
});

describe('CircuitBreaker: what counts as a failure', () => {
  it.each([
    ['a string', 'down'],
    ['undefined', undefined],
    ['null', null],
    ['a plain object', { code: 'EXCHANGE_DOWN' }],
    ['a number', 503],
  ])('%s thrown flows through unchanged and counts as a failure', (_label, value) => {
    const { breaker } = setup({ failureThreshold: 1 });
    expect(
      thrown(() =>
        breaker.call(() => {
          throw value;
        }),
      ),
    ).toBe(value);
    expect([breaker.state, breaker.stats().failedRequests]).toEqual(['OPEN', 1]);
  });

  it('a rejected promise with a non-Error reason keeps that reason', async () => {
    const { breaker } = setup({ failureThreshold: 1 });
    const reason = { status: 500 };
    await expect(breaker.call(() => Promise.reject(reason))).rejects.toBe(reason);
    expect(breaker.state).toBe('OPEN');
  });

  it.each([
    ['a CircuitOpenError (from a breaker further in)', new CircuitOpenError('inner', 1_000)],
    ['an AbortError DOMException', new DOMException('aborted', 'AbortError')],
    ['an abort look-alike', Object.assign(new Error('cancelled'), { name: 'AbortError' })],
  ])('by default %s passes through uncounted', (_label, error) => {
    const { breaker } = setup({ failureThreshold: 1 });
    expect(
      thrown(() =>
        breaker.call(() => {
          throw error;
        }),
      ),
    ).toBe(error);
    expect(breaker.stats()).toMatchObject({
      state: 'CLOSED',
      failureCount: 0,
      totalRequests: 0,
      failedRequests: 0,
      lastFailureTime: null,
    });
  });

  it('an ignored error does not clear the consecutive count either', () => {
    const { breaker } = setup({ failureThreshold: 2 });
    failTimes(breaker, 1);
    expect(() =>
      breaker.call(() => {
        throw new DOMException('x', 'AbortError');
      }),
    ).toThrow('x');
    expect(breaker.failureCount).toBe(1);
  });

  it('isFailure decides: errors it rejects pass through uncounted', async () => {
    const isFailure = (e: unknown) => !(e instanceof Error && e.message.startsWith('400'));
    const { breaker } = setup({ failureThreshold: 1, isFailure });
    expect(() =>
      breaker.call(() => {
        throw new Error('400 bad order');
      }),
    ).toThrow('400 bad order');
    await expect(breaker.call(async () => Promise.reject(new Error('400 again')))).rejects.toThrow('400 again');
    expect([breaker.state, breaker.stats().totalRequests]).toEqual(['CLOSED', 0]);
    // Counted apart, as resilience4j's "ignored" calls: metrics show them, the failure rate does not.
    expect(breaker.stats()).toMatchObject({ ignoredRequests: 2, failedRequests: 0, successRate: 0 });
    const permit = breaker.tryAcquire()!;
    permit.release(); // a call ended with no verdict counts as ignored too
    expect(breaker.stats().ignoredRequests).toBe(3);
    expect(() =>
      breaker.call(() => {
        throw new Error('502 bad gateway');
      }),
    ).toThrow('502');
    expect(breaker.state).toBe('OPEN');
  });
});
