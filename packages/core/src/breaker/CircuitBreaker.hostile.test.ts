import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import { compose } from '../wrappers/compose.ts';
import { withCircuitBreaker } from '../wrappers/withCircuitBreaker.ts';
import type { BreakerEvent } from './BreakerEvent.ts';
import { BreakerRegistry } from './BreakerRegistry.ts';
import { CircuitBreaker } from './CircuitBreaker.ts';

const T0 = 1_700_000_000_000;

/** Thrown values whose every property read throws: the default failure predicate must not trip on them. */
function hostile(): [string, unknown][] {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const trap = new Proxy(
    {},
    {
      get() {
        throw new Error('get trap');
      },
    },
  );
  const getter = Object.defineProperty({}, 'name', {
    get() {
      throw new Error('name getter');
    },
  });
  return [
    ['a revoked Proxy', revocable.proxy],
    ['a Proxy whose get trap throws', trap],
    ['an object with a throwing name getter', getter],
  ];
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return 'no throw';
}

/** The rejection reason in a box: a promise resolved with a Proxy would read the Proxy's `then`. */
function rejectionOf(promise: Promise<unknown>): Promise<{ reason: unknown }> {
  return promise.then(
    () => ({ reason: 'resolved' }),
    (reason: unknown) => ({ reason }),
  );
}

/** Lets every microtask queued by the scenario run (a rethrow from `queueMicrotask` would land here). */
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

// Node reports errors thrown from microtasks as uncaught exceptions: capture them to assert there are none
// (vitest would also fail the run on one, but this names the test).
let uncaught: unknown[] = [];
let previous: NodeJS.UncaughtExceptionListener[] = [];
const onUncaught = (error: unknown) => void uncaught.push(error);
beforeEach(() => {
  uncaught = [];
  previous = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', onUncaught);
});
afterEach(() => {
  process.off('uncaughtException', onUncaught);
  for (const listener of previous) process.on('uncaughtException', listener);
});

describe.each(hostile())('CircuitBreaker: %s thrown by the protected call', (_, value) => {
  it('breaker.call (sync) throws the very value and counts a failure', async () => {
    const breaker = new CircuitBreaker({ name: 'kraken', clock: new ManualClock(T0), failureThreshold: 2 });
    const caught = thrownBy(() =>
      breaker.call(() => {
        throw value;
      }),
    );
    await macrotask();
    expect(caught).toBe(value);
    expect(breaker.stats()).toMatchObject({ state: 'CLOSED', failedRequests: 1, failureCount: 1 });
    expect(uncaught).toEqual([]);
  });

  it('breaker.call (async) rejects with the very value; the second failure opens the breaker', async () => {
    const breaker = new CircuitBreaker({ name: 'kraken', clock: new ManualClock(T0), failureThreshold: 2 });
    const first = (await rejectionOf(breaker.call(() => Promise.reject(value)))).reason;
    const second = (
      await rejectionOf(
        breaker.call(async () => {
          throw value;
        }),
      )
    ).reason;
    await macrotask();
    expect(first).toBe(value);
    expect(second).toBe(value);
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', failedRequests: 2 });
    expect(uncaught).toEqual([]);
  });

  it('a failed HALF_OPEN trial reopens the breaker and frees its slot', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'kraken', clock, failureThreshold: 1, recoveryTimeoutMs: 1000 });
    breaker.recordFailure();
    clock.set(T0 + 1000);
    const caught = (await rejectionOf(breaker.call(() => Promise.reject(value)))).reason;
    await macrotask();
    expect(caught).toBe(value);
    expect(breaker.state).toBe('OPEN');
    expect(uncaught).toEqual([]);
  });

  it('withCircuitBreaker: the decorated function, execute and attempt give back the very value', async () => {
    const registry = new BreakerRegistry({ clock: new ManualClock(T0), defaults: { failureThreshold: 10 } });
    const policy = withCircuitBreaker('kraken', { registry });
    const syncFn = policy(() => {
      throw value;
    });
    const asyncFn = policy(async () => {
      throw value;
    });
    const caught = [
      thrownBy(syncFn),
      (await rejectionOf(asyncFn())).reason,
      (
        await rejectionOf(
          policy.execute(() => {
            throw value;
          }),
        )
      ).reason,
      (await rejectionOf(policy.execute(() => Promise.reject(value)))).reason,
    ];
    await macrotask();
    for (const error of caught) expect(error).toBe(value);
    expect(registry.get('kraken').stats().failedRequests).toBe(4);
    expect(uncaught).toEqual([]);
  });

  it('compose: a breaker inside compose rejects with the very value', async () => {
    const registry = new BreakerRegistry({ clock: new ManualClock(T0), defaults: { failureThreshold: 10 } });
    const policy = compose(withCircuitBreaker('kraken', { registry }));
    const caught = [
      (
        await rejectionOf(
          policy.execute(() => {
            throw value;
          }),
        )
      ).reason,
      (await rejectionOf(policy(async () => Promise.reject(value))())).reason,
    ];
    await macrotask();
    for (const error of caught) expect(error).toBe(value);
    expect(registry.get('kraken').stats().failedRequests).toBe(2);
    expect(uncaught).toEqual([]);
  });
});

describe('CircuitBreaker: an isFailure that throws', () => {
  it('counts a failure, keeps the caller’s error, emits the predicate’s as breaker.predicate-error', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({
      name: 'kraken',
      clock,
      failureThreshold: 1,
      isFailure: () => {
        throw new TypeError('isFailure is broken');
      },
    });
    const events: BreakerEvent[] = [];
    breaker.subscribe((e) => events.push(e));
    const callerError = new Error('exchange down');
    const caught = (await rejectionOf(breaker.call(() => Promise.reject(callerError)))).reason;
    await macrotask();
    expect(caught).toBe(callerError);
    expect(events.map((e) => e.type)).toEqual(['breaker.predicate-error', 'breaker.call', 'breaker.state']);
    expect(events[0]).toEqual({
      type: 'breaker.predicate-error',
      name: 'kraken',
      message: 'TypeError: isFailure is broken',
      at: T0,
    });
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', failedRequests: 1 });
    expect(uncaught).toEqual([]);
  });

  it('a predicate that throws a hostile value is reported too, and nothing escapes', async () => {
    const value = hostile()[0]![1];
    const breaker = new CircuitBreaker({
      name: 'kraken',
      clock: new ManualClock(T0),
      isFailure: () => {
        throw value;
      },
    });
    const events: BreakerEvent[] = [];
    breaker.subscribe((e) => events.push(e));
    const callerError = new Error('exchange down');
    expect((await rejectionOf(breaker.call(() => Promise.reject(callerError)))).reason).toBe(callerError);
    expect(
      thrownBy(() =>
        breaker.call(() => {
          throw callerError;
        }),
      ),
    ).toBe(callerError);
    await macrotask();
    expect(events.filter((e) => e.type === 'breaker.predicate-error')).toEqual([
      { type: 'breaker.predicate-error', name: 'kraken', message: 'an unreadable value', at: T0 },
      { type: 'breaker.predicate-error', name: 'kraken', message: 'an unreadable value', at: T0 },
    ]);
    expect(breaker.stats().failedRequests).toBe(2);
    expect(uncaught).toEqual([]);
  });
});
