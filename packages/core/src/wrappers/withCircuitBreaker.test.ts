import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BreakerEvent } from '../breaker/BreakerEvent.ts';
import { BreakerRegistry, getDefaultBreakerRegistry, setDefaultBreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { CircuitOpenError, isCircuitOpenError } from '../errors/CircuitOpenError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { retrying } from './retrying.ts';
import { withCircuitBreaker } from './withCircuitBreaker.ts';

function setup(defaults = { failureThreshold: 2, recoveryTimeoutMs: 1000 }) {
  const clock = new ManualClock();
  const registry = new BreakerRegistry({ clock, defaults });
  const events: BreakerEvent[] = [];
  registry.subscribe((event) => events.push(event));
  return { clock, registry, events };
}

/** Calls `fn` and returns what it threw (or fails the test if it did not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('withCircuitBreaker as a higher-order function', () => {
  it('keeps a sync function sync: values and throws come back synchronously, unchanged', () => {
    const { registry } = setup();
    const boom = new Error('boom');
    const add = withCircuitBreaker('math', { registry })((a: number, b: number) => a + b);
    const fail = withCircuitBreaker('math', { registry })((): number => {
      throw boom;
    });
    expect(add(1, 2)).toBe(3);
    expect(thrown(fail)).toBe(boom);
  });

  it('a sync function refused by an open breaker throws CircuitOpenError synchronously', () => {
    const { registry, events } = setup();
    const fn = vi.fn((): number => {
      throw new Error('down');
    });
    const wrapped = withCircuitBreaker('kraken', { registry })(fn);
    thrown(wrapped);
    thrown(wrapped);
    const error = thrown(wrapped);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ message: 'Circuit breaker kraken is OPEN', breaker: 'kraken', retryAfterMs: 1000 });
    expect(fn).toHaveBeenCalledTimes(2);
    expect(events).toEqual([
      { type: 'breaker.call', name: 'kraken', outcome: 'failure', durationMs: 0, at: 0 },
      { type: 'breaker.call', name: 'kraken', outcome: 'failure', durationMs: 0, at: 0 },
      { type: 'breaker.state', name: 'kraken', from: 'CLOSED', to: 'OPEN', at: 0, reason: 'failure-threshold' },
      { type: 'breaker.rejected', name: 'kraken', state: 'OPEN', retryAfterMs: 1000, at: 0 },
    ]);
  });

  it('keeps an async function async: a refusal is a rejection, never a throw', async () => {
    const { registry } = setup();
    const wrapped = withCircuitBreaker('kraken', { registry })(async (): Promise<string> => {
      throw new Error('down');
    });
    await expect(wrapped()).rejects.toThrow('down');
    await expect(wrapped()).rejects.toThrow('down');
    const refused = wrapped();
    expect(refused).toBeInstanceOf(Promise);
    await expect(refused).rejects.toSatisfy(isCircuitOpenError);
  });

  it('a plain promise-returning function is refused with a rejection once its shape is known', async () => {
    const { registry } = setup({ failureThreshold: 1, recoveryTimeoutMs: 1000 });
    const wrapped = withCircuitBreaker('binance', { registry })(() => Promise.reject(new Error('down')));
    await expect(wrapped()).rejects.toThrow('down');
    let result: Promise<never> | undefined;
    expect(() => (result = wrapped())).not.toThrow();
    await expect(result).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('refuses a wrapped retrying() function with a rejection even on its very first call', async () => {
    const { registry } = setup();
    registry.get('kraken').isolate();
    const inner = retrying({ maxRetries: 0 })(() => 'ok');
    const wrapped = withCircuitBreaker('kraken', { registry })(inner);
    let refused: Promise<string> | undefined;
    expect(() => (refused = wrapped())).not.toThrow();
    await expect(refused).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('preserves `this` and the arguments', () => {
    const { registry } = setup();
    const account = {
      balance: 10,
      withdraw: withCircuitBreaker('bank', { registry })(function (this: { balance: number }, amount: number) {
        this.balance -= amount;
        return this.balance;
      }),
    };
    expect(account.withdraw(3)).toBe(7);
    expect(account.balance).toBe(7);
  });

  it('names the wrapper after the wrapped function', () => {
    const { registry } = setup();
    function fetchTicker() {
      return 1;
    }
    expect(withCircuitBreaker('kraken', { registry })(fetchTicker).name).toBe('fetchTicker');
    expect(withCircuitBreaker('kraken', { registry })(() => 1).name).toBe('anonymous');
  });

  it('one name is one breaker: functions wrapped separately share failures and state', () => {
    const { registry } = setup({ failureThreshold: 3, recoveryTimeoutMs: 1000 });
    const fail = () => {
      throw new Error('down');
    };
    const ticker = withCircuitBreaker('kraken', { registry })(fail);
    const orders = withCircuitBreaker('kraken', { registry })(fail);
    const healthy = withCircuitBreaker('kraken', { registry })(() => 'ok');
    thrown(ticker);
    thrown(orders);
    expect(registry.get('kraken').failureCount).toBe(2);
    thrown(ticker);
    expect(registry.get('kraken').state).toBe('OPEN');
    expect(thrown(healthy)).toBeInstanceOf(CircuitOpenError);
    expect(registry.all().map((b) => b.name)).toEqual(['kraken']);
  });

  it('the breaker half-opens after the recovery timeout and a success closes it', async () => {
    const { clock, registry } = setup({ failureThreshold: 1, recoveryTimeoutMs: 1000 });
    let up = false;
    const wrapped = withCircuitBreaker('kraken', { registry })(() => {
      if (!up) throw new Error('down');
      return 'ok';
    });
    thrown(wrapped);
    expect(thrown(wrapped)).toBeInstanceOf(CircuitOpenError);
    await clock.advance(1000);
    up = true;
    expect(wrapped()).toBe('ok');
    expect(registry.get('kraken').state).toBe('CLOSED');
  });

  it('creates the breaker with the given settings on first use, exposed as .breaker', () => {
    const { registry } = setup();
    const policy = withCircuitBreaker('kraken', { registry, failureThreshold: 7, recoveryTimeoutMs: 5000 });
    expect(registry.has('kraken')).toBe(false);
    const breaker = policy.breaker;
    expect(registry.get('kraken')).toBe(breaker);
    expect([breaker.failureThreshold, breaker.recoveryTimeoutMs]).toEqual([7, 5000]);
  });

  it('contradicting settings for an existing name fail loudly instead of making a second breaker', async () => {
    const { registry } = setup();
    registry.get('kraken', { failureThreshold: 2 });
    const wrapped = withCircuitBreaker('kraken', { registry, failureThreshold: 3 })(() => 1);
    const message = 'Circuit breaker "kraken" already exists with failureThreshold 2; asked for 3';
    expect(() => wrapped()).toThrow(new Error(message));
    await expect(withCircuitBreaker('kraken', { registry, failureThreshold: 3 }).execute(() => 1)).rejects.toThrow(
      message,
    );
  });

  it('lets non-Error throws (strings, undefined) through unchanged, counted as failures', () => {
    const { registry } = setup({ failureThreshold: 5, recoveryTimeoutMs: 1000 });
    const throwing = (value: unknown) =>
      withCircuitBreaker('odd', { registry })(() => {
        throw value;
      });
    expect(thrown(throwing('boom'))).toBe('boom');
    expect(thrown(throwing(undefined))).toBe(undefined);
    expect(thrown(throwing(null))).toBe(null);
    expect(registry.get('odd').failureCount).toBe(3);
  });

  it('rejects misuse with a TypeError', () => {
    const policy = withCircuitBreaker('kraken', { registry: new BreakerRegistry() }) as unknown as (
      ...args: unknown[]
    ) => unknown;
    expect(() => policy()).toThrow(
      new TypeError('withCircuitBreaker("kraken") takes a function, or decorates a method; got 0 argument(s)'),
    );
    expect(() => policy(42)).toThrow(
      new TypeError('withCircuitBreaker("kraken") takes a function, or decorates a method; got 1 argument(s)'),
    );
    expect(() => policy(class Exchange {})).toThrow(
      new TypeError('withCircuitBreaker("kraken") wraps functions and decorates methods, not a class (Exchange)'),
    );
  });
});

describe('withCircuitBreaker and the default registry', () => {
  let previous: BreakerRegistry | undefined;
  afterEach(() => {
    setDefaultBreakerRegistry(previous);
  });

  it('uses the default registry when given none, and follows it when it is replaced', () => {
    const first = new BreakerRegistry();
    previous = setDefaultBreakerRegistry(first);
    const policy = withCircuitBreaker('kraken');
    const wrapped = policy(() => 'ok');
    expect(wrapped()).toBe('ok');
    expect(getDefaultBreakerRegistry()).toBe(first);
    expect(policy.breaker).toBe(first.get('kraken'));
    expect(first.get('kraken').stats().successfulRequests).toBe(1);

    const second = new BreakerRegistry();
    setDefaultBreakerRegistry(second);
    expect(wrapped()).toBe('ok');
    expect(policy.breaker).toBe(second.get('kraken'));
    expect(second.get('kraken').stats().successfulRequests).toBe(1);
    expect(first.get('kraken').stats().successfulRequests).toBe(1);
  });
});

describe('withCircuitBreaker before any registry exists', () => {
  let previous: BreakerRegistry | undefined;
  afterEach(() => {
    setDefaultBreakerRegistry(previous);
  });

  it('shares one breaker per name and refuses contradicting settings, as the default registry does', () => {
    previous = setDefaultBreakerRegistry(undefined);
    const kraken = withCircuitBreaker('kraken', { failureThreshold: 3 });
    expect(kraken(() => 'ok')()).toBe('ok');
    expect(withCircuitBreaker('kraken').breaker).toBe(kraken.breaker);
    expect(withCircuitBreaker('kraken', { failureThreshold: 3 }).breaker).toBe(kraken.breaker);
    expect(() => withCircuitBreaker('kraken', { failureThreshold: 4 }).breaker).toThrow(
      new Error('Circuit breaker "kraken" already exists with failureThreshold 3; asked for 4'),
    );
    expect(kraken.breaker.failureThreshold).toBe(3);
  });

  it('the default registry, when first asked for, holds them in creation order with their counts', () => {
    previous = setDefaultBreakerRegistry(undefined);
    const kraken = withCircuitBreaker('kraken');
    const binance = withCircuitBreaker('binance', { failureThreshold: 2 });
    expect(kraken(() => 1)()).toBe(1);
    expect(binance(() => 2)()).toBe(2);
    const registry = getDefaultBreakerRegistry();
    expect(registry.all()).toEqual([kraken.breaker, binance.breaker]);
    expect(registry.get('binance', { failureThreshold: 2 })).toBe(binance.breaker);
    expect(registry.stats().map((s) => [s.name, s.successfulRequests])).toEqual([
      ['kraken', 1],
      ['binance', 1],
    ]);
    const events: BreakerEvent[] = [];
    registry.subscribe((e) => events.push(e));
    kraken.breaker.isolate();
    expect(events.map((e) => [e.type, e.name])).toEqual([['breaker.state', 'kraken']]);
  });

  it('replacing the default hands back a registry holding them; the wrappers follow the new one', () => {
    previous = setDefaultBreakerRegistry(undefined);
    const kraken = withCircuitBreaker('kraken');
    const early = kraken.breaker;
    const mine = new BreakerRegistry();
    const replaced = setDefaultBreakerRegistry(mine);
    expect(replaced?.all()).toEqual([early]);
    expect(kraken.breaker).toBe(mine.get('kraken'));
    expect(kraken.breaker).not.toBe(early);
  });

  it('forgetting the default (setDefaultBreakerRegistry(undefined)) forgets them too', () => {
    previous = setDefaultBreakerRegistry(undefined);
    const kraken = withCircuitBreaker('kraken');
    const early = kraken.breaker;
    expect(setDefaultBreakerRegistry(undefined)?.all()).toEqual([early]);
    expect(kraken.breaker).not.toBe(early);
    expect(getDefaultBreakerRegistry().all()).toEqual([kraken.breaker]);
  });
});

describe('withCircuitBreaker as a Policy', () => {
  it('runs the operation with a default context and returns a promise even for sync results', async () => {
    const { registry } = setup();
    const seen: unknown[] = [];
    const result = withCircuitBreaker('kraken', { registry }).execute((ctx) => {
      seen.push(ctx);
      return 5;
    });
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(5);
    expect(seen).toEqual([{ signal: undefined, attempt: 0 }]);
  });

  it('passes the given signal and attempt through', async () => {
    const { registry } = setup();
    const signal = new AbortController().signal;
    const seen: unknown[] = [];
    await withCircuitBreaker('kraken', { registry }).execute((ctx) => seen.push(ctx), { signal, attempt: 2 });
    expect(seen).toEqual([{ signal, attempt: 2 }]);
  });

  it('turns a synchronous throw into a rejection and a refusal into a rejected CircuitOpenError', async () => {
    const { registry } = setup({ failureThreshold: 1, recoveryTimeoutMs: 1000 });
    const policy = withCircuitBreaker('kraken', { registry });
    const boom = new Error('boom');
    let first: Promise<never> | undefined;
    expect(() => {
      first = policy.execute(() => {
        throw boom;
      });
    }).not.toThrow();
    await expect(first).rejects.toBe(boom);
    let refused: Promise<number> | undefined;
    expect(() => (refused = policy.execute(() => 1))).not.toThrow();
    await expect(refused).rejects.toBeInstanceOf(CircuitOpenError);
  });
});
