import { afterEach, describe, expect, it, vi } from 'vitest';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import type { BreakerEvent } from './BreakerEvent.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './CircuitBreaker.ts';

const T0 = 1_700_000_000_000;
const TIMEOUT = 10_000;

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

function deferred<T = string>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A breaker tripped by one failure at T0, with the clock at the end of its recovery timeout. */
function trippedAtTimeout(options: Partial<CircuitBreakerOptions> = {}) {
  const clock = new ManualClock(T0);
  const breaker = new CircuitBreaker({
    name: 'kraken',
    clock,
    failureThreshold: 1,
    recoveryTimeoutMs: TIMEOUT,
    ...options,
  });
  breaker.recordFailure();
  clock.set(T0 + TIMEOUT);
  const states: string[] = [];
  breaker.subscribe((e) => {
    if (e.type === 'breaker.state') states.push(`${e.from}→${e.to} (${e.reason})`);
  });
  return { clock, breaker, states };
}

/** Starts an async trial that settles when the test says so; `settled` resolves however it ended. */
function trial(breaker: CircuitBreaker) {
  const d = deferred();
  const result = breaker.call(() => d.promise);
  const settled = result.then(
    (v) => `ok:${v}`,
    (e: unknown) => `err:${e instanceof Error ? e.message : String(e)}`,
  );
  return { ...d, result, settled };
}

function refusal(breaker: CircuitBreaker): unknown {
  try {
    breaker.call(() => 'ran');
  } catch (error) {
    return error;
  }
  return 'not refused';
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CircuitBreaker: OPEN → HALF_OPEN', () => {
  it('refuses until exactly recoveryTimeoutMs has passed, then the next call is a trial', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'kraken', clock, failureThreshold: 1, recoveryTimeoutMs: TIMEOUT });
    breaker.recordFailure();
    clock.set(T0 + TIMEOUT - 1);
    expect(refusal(breaker)).toMatchObject({ retryAfterMs: 1 });
    expect(breaker.state).toBe('OPEN'); // time alone does not half-open it: a call does
    clock.set(T0 + TIMEOUT);
    expect(breaker.retryAfterMs).toBe(0);
    expect(breaker.state).toBe('OPEN');
    expect(breaker.call(() => 'trial')).toBe('trial');
    expect(breaker.state).toBe('CLOSED');
  });

  it('with recoveryTimeoutMs 0 the very next call is a trial', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'kraken', clock, failureThreshold: 1, recoveryTimeoutMs: 0 });
    breaker.recordFailure();
    expect(breaker.state).toBe('OPEN');
    expect(breaker.call(() => 1)).toBe(1);
    expect(breaker.state).toBe('CLOSED');
  });

  it('a successful trial closes it and resets the failure count', async () => {
    const { breaker, states } = trippedAtTimeout();
    const t = trial(breaker);
    expect(breaker.state).toBe('HALF_OPEN');
    t.resolve('fine');
    expect(await t.settled).toBe('ok:fine');
    expect([breaker.state, breaker.failureCount, breaker.stats().openedAt]).toEqual(['CLOSED', 0, null]);
    expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)', 'HALF_OPEN→CLOSED (half-open-success)']);
  });

  it('a failed trial reopens it for a whole new timeout', async () => {
    const { clock, breaker, states } = trippedAtTimeout();
    const t = trial(breaker);
    clock.set(T0 + TIMEOUT + 500);
    t.reject(new Error('still down'));
    expect(await t.settled).toBe('err:still down');
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', openedAt: T0 + TIMEOUT + 500 });
    expect(refusal(breaker)).toMatchObject({ retryAfterMs: TIMEOUT });
    clock.set(T0 + 2 * TIMEOUT + 500);
    expect(breaker.call(() => 'ok')).toBe('ok');
    expect(states).toEqual([
      'OPEN→HALF_OPEN (recovery-timeout)',
      'HALF_OPEN→OPEN (half-open-failure)',
      'OPEN→HALF_OPEN (recovery-timeout)',
      'HALF_OPEN→CLOSED (half-open-success)',
    ]);
  });

  it('sync trials work the same way', () => {
    const { breaker, states } = trippedAtTimeout();
    expect(() =>
      breaker.call(() => {
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(breaker.state).toBe('OPEN');
    expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)', 'HALF_OPEN→OPEN (half-open-failure)']);
  });
});

describe('CircuitBreaker: HALF_OPEN concurrency', () => {
  it('lets one trial through by default; others are refused while it runs (a rejected promise for async)', async () => {
    const { breaker } = trippedAtTimeout();
    const first = trial(breaker);
    let ran = false;
    const second = breaker.call(async () => {
      ran = true;
    });
    await expect(second).rejects.toThrow(new CircuitOpenError('kraken', 0));
    await expect(second).rejects.toMatchObject({ retryAfterMs: 0, retryable: true });
    expect(ran).toBe(false);
    first.resolve('done');
    await first.settled;
    expect(breaker.state).toBe('CLOSED');
    expect(breaker.stats()).toMatchObject({ totalRequests: 2, successfulRequests: 1, rejectedRequests: 1 });
  });

  it('runs at most halfOpenMaxCalls trials at once; a finished trial frees its slot', async () => {
    const { breaker } = trippedAtTimeout({ halfOpenMaxCalls: 3, successThreshold: 3 });
    const trials = [trial(breaker), trial(breaker), trial(breaker)];
    expect(refusal(breaker)).toBeInstanceOf(CircuitOpenError);
    expect(refusal(breaker)).toBeInstanceOf(CircuitOpenError);
    trials[0]!.resolve('a');
    await trials[0]!.settled;
    expect(breaker.state).toBe('HALF_OPEN'); // 1 of 3 successes
    trials.push(trial(breaker)); // the freed slot
    expect(refusal(breaker)).toBeInstanceOf(CircuitOpenError);
    trials[1]!.resolve('b');
    trials[2]!.resolve('c');
    await Promise.all([trials[1]!.settled, trials[2]!.settled]);
    expect(breaker.state).toBe('CLOSED');
    trials[3]!.reject(new Error('late')); // finished after the close: counted, but no verdict on the new period
    await trials[3]!.settled;
    expect(breaker.stats()).toMatchObject({
      state: 'CLOSED',
      failureCount: 0,
      successfulRequests: 3,
      failedRequests: 2,
      rejectedRequests: 3,
    });
  });

  it('needs successThreshold successes; one failure among them reopens it', async () => {
    const { clock, breaker, states } = trippedAtTimeout({ halfOpenMaxCalls: 2, successThreshold: 2 });
    const a = trial(breaker);
    const b = trial(breaker);
    a.resolve('a');
    await a.settled;
    expect(breaker.state).toBe('HALF_OPEN');
    b.reject(new Error('b failed'));
    await b.settled;
    expect(breaker.state).toBe('OPEN');
    // The next HALF_OPEN period starts its success count from zero.
    clock.set(T0 + 3 * TIMEOUT);
    const c = trial(breaker);
    c.resolve('c');
    await c.settled;
    expect(breaker.state).toBe('HALF_OPEN');
    const d = trial(breaker);
    d.resolve('d');
    await d.settled;
    expect(breaker.state).toBe('CLOSED');
    expect(states).toEqual([
      'OPEN→HALF_OPEN (recovery-timeout)',
      'HALF_OPEN→OPEN (half-open-failure)',
      'OPEN→HALF_OPEN (recovery-timeout)',
      'HALF_OPEN→CLOSED (half-open-success)',
    ]);
  });

  it('an error isFailure rejects frees the trial slot without a verdict', async () => {
    const { breaker } = trippedAtTimeout();
    const t = trial(breaker);
    t.reject(new DOMException('user cancelled', 'AbortError'));
    expect(await t.settled).toBe('err:user cancelled');
    expect(breaker.state).toBe('HALF_OPEN');
    expect(breaker.call(() => 'next trial')).toBe('next trial');
    expect(breaker.state).toBe('CLOSED');
  });
});

describe('CircuitBreaker: calls that outlive their period', () => {
  it('trials still running when another trial reopens the breaker change nothing when they finish', async () => {
    const { clock, breaker, states } = trippedAtTimeout({ halfOpenMaxCalls: 3 });
    const [a, b, c] = [trial(breaker), trial(breaker), trial(breaker)];
    clock.set(T0 + TIMEOUT + 100);
    a.reject(new Error('a'));
    await a.settled;
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', openedAt: T0 + TIMEOUT + 100 });
    clock.set(T0 + TIMEOUT + 200);
    b.resolve('b'); // must not close the breaker
    c.reject(new Error('c')); // must not move openedAt
    await Promise.all([b.settled, c.settled]);
    expect(breaker.stats()).toMatchObject({
      state: 'OPEN',
      openedAt: T0 + TIMEOUT + 100,
      successfulRequests: 1,
      failedRequests: 3,
    });
    expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)', 'HALF_OPEN→OPEN (half-open-failure)']);
  });

  it('a trial from an earlier HALF_OPEN period neither closes the next one nor frees its slot', async () => {
    const { clock, breaker, states } = trippedAtTimeout();
    const old = trial(breaker);
    breaker.recordFailure(); // the period fails by hand while `old` still runs
    clock.set(T0 + 3 * TIMEOUT);
    const current = trial(breaker); // a new HALF_OPEN period
    old.resolve('old');
    await old.settled;
    expect(breaker.state).toBe('HALF_OPEN');
    expect(refusal(breaker)).toBeInstanceOf(CircuitOpenError); // `current` still holds the only slot
    current.resolve('current');
    await current.settled;
    expect(breaker.state).toBe('CLOSED');
    expect(states).toEqual([
      'OPEN→HALF_OPEN (recovery-timeout)',
      'HALF_OPEN→OPEN (half-open-failure)',
      'OPEN→HALF_OPEN (recovery-timeout)',
      'HALF_OPEN→CLOSED (half-open-success)',
    ]);
  });

  it('a trial still running after the breaker closed does not count in the new CLOSED period', async () => {
    const { breaker } = trippedAtTimeout({ halfOpenMaxCalls: 2 });
    const a = trial(breaker);
    const b = trial(breaker);
    a.resolve('a');
    await a.settled;
    expect(breaker.state).toBe('CLOSED');
    b.reject(new Error('b'));
    await b.settled;
    expect([breaker.state, breaker.failureCount, breaker.stats().failedRequests]).toEqual(['CLOSED', 0, 2]);
  });

  it('a call started before an outage, failing after recovery, does not count against the recovered one', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'kraken', clock, failureThreshold: 1, recoveryTimeoutMs: TIMEOUT });
    const slow = trial(breaker); // started while CLOSED
    breaker.recordFailure(); // opens
    clock.set(T0 + TIMEOUT);
    expect(breaker.call(() => 'probe')).toBe('probe'); // HALF_OPEN → CLOSED
    slow.reject(new Error('timed out long ago'));
    await slow.settled;
    expect([breaker.state, breaker.failureCount]).toEqual(['CLOSED', 0]);
    expect(breaker.stats().failedRequests).toBe(2);
  });

  it('a stale success does not clear the failures of the new CLOSED period', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'kraken', clock, failureThreshold: 2, recoveryTimeoutMs: TIMEOUT });
    const slow = trial(breaker);
    breaker.isolate();
    breaker.reset();
    breaker.recordFailure();
    slow.resolve('stale');
    await slow.settled;
    expect(breaker.failureCount).toBe(1);
    breaker.recordFailure();
    expect(breaker.state).toBe('OPEN');
  });
});

describe('CircuitBreaker: tryAcquire permits', () => {
  it('returns a permit while CLOSED and undefined (a counted rejection) while OPEN', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'kraken', clock, failureThreshold: 1 });
    const permit = breaker.tryAcquire();
    expect(permit).toBeDefined();
    permit!.failure();
    expect(breaker.state).toBe('OPEN');
    expect(breaker.tryAcquire()).toBeUndefined();
    expect(breaker.stats()).toMatchObject({ failedRequests: 1, rejectedRequests: 1 });
  });

  it('a permit takes the HALF_OPEN slot until it reports, and its success closes the breaker', () => {
    const { breaker, states } = trippedAtTimeout();
    const permit = breaker.tryAcquire()!;
    expect(breaker.state).toBe('HALF_OPEN');
    expect(breaker.tryAcquire()).toBeUndefined();
    permit.success();
    expect(breaker.state).toBe('CLOSED');
    expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)', 'HALF_OPEN→CLOSED (half-open-success)']);
  });

  it('a permit’s success frees its slot when more successes are needed', () => {
    const { breaker } = trippedAtTimeout({ successThreshold: 2 });
    breaker.tryAcquire()!.success();
    expect(breaker.state).toBe('HALF_OPEN');
    const second = breaker.tryAcquire();
    expect(second).toBeDefined();
    second!.success();
    expect(breaker.state).toBe('CLOSED');
  });

  it('release() frees the slot without a verdict; only a permit’s first report counts', () => {
    const { breaker } = trippedAtTimeout();
    const permit = breaker.tryAcquire()!;
    permit.release();
    permit.success();
    permit.failure();
    expect(breaker.state).toBe('HALF_OPEN');
    expect(breaker.stats()).toMatchObject({ totalRequests: 1, successfulRequests: 0 });
    const next = breaker.tryAcquire()!;
    next.failure();
    next.failure();
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', failedRequests: 2 });
  });

  it('recordSuccess / recordFailure by hand count toward the current HALF_OPEN period', () => {
    const { breaker } = trippedAtTimeout({ successThreshold: 2 });
    expect(breaker.call(() => 1)).toBe(1);
    expect(breaker.state).toBe('HALF_OPEN');
    breaker.recordSuccess();
    expect(breaker.state).toBe('CLOSED');

    const other = trippedAtTimeout();
    expect(other.breaker.tryAcquire()).toBeDefined();
    other.breaker.recordFailure();
    expect(other.breaker.state).toBe('OPEN');
  });
});

describe('CircuitBreaker: a throwing isFailure', () => {
  it('counts a failure, keeps the caller’s error, frees the trial slot and reports its own error as an event', () => {
    const queued: (() => void)[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((cb) => void queued.push(cb));
    const predicateBug = new Error('isFailure is broken');
    const { breaker } = trippedAtTimeout({
      isFailure: () => {
        throw predicateBug;
      },
    });
    const reported: BreakerEvent[] = [];
    breaker.subscribe((e) => {
      if (e.type === 'breaker.predicate-error') reported.push(e);
    });
    const callerError = new Error('exchange down');
    let caught: unknown;
    try {
      breaker.call(() => {
        throw callerError;
      });
    } catch (error) {
      caught = error;
    }
    vi.restoreAllMocks();
    expect(caught).toBe(callerError);
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', failedRequests: 2 });
    // Reported on the breaker's stream, not rethrown from a microtask (that would crash the process).
    expect(queued).toHaveLength(0);
    expect(reported).toEqual([
      { type: 'breaker.predicate-error', name: 'kraken', message: 'Error: isFailure is broken', at: T0 + TIMEOUT },
    ]);
  });
});

describe('CircuitBreaker: a state listener that moves the state on', () => {
  it('isolating from the HALF_OPEN event refuses the call that half-opened it', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'kraken', clock, failureThreshold: 1, recoveryTimeoutMs: TIMEOUT });
    breaker.recordFailure();
    clock.set(T0 + TIMEOUT);
    const seen: BreakerEvent[] = [];
    breaker.subscribe((e) => {
      seen.push(e);
      if (e.type === 'breaker.state' && e.to === 'HALF_OPEN') breaker.isolate();
    });
    let ran = false;
    expect(() =>
      breaker.call(() => {
        ran = true;
      }),
    ).toThrow(CircuitOpenError);
    expect(ran).toBe(false);
    expect([breaker.state, breaker.isolated]).toEqual(['OPEN', true]);
  });
});
