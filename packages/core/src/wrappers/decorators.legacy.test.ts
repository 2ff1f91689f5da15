// Legacy (`experimentalDecorators`) decorators: this file is compiled with them (see test/vitest.shared.ts).
import { describe, expect, it } from 'vitest';
import { BreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { compose } from './compose.ts';
import { retrying } from './retrying.ts';
import { timeout } from './timeout.ts';
import { withCircuitBreaker } from './withCircuitBreaker.ts';

function setup() {
  const clock = new ManualClock();
  const registry = new BreakerRegistry({ clock, defaults: { failureThreshold: 2, recoveryTimeoutMs: 1000 } });
  return { clock, registry };
}

describe('legacy @withCircuitBreaker', () => {
  it('is called as (prototype, key, descriptor) and returns a descriptor wrapping the method', () => {
    const { registry } = setup();
    const dec = withCircuitBreaker('kraken', { registry });
    const method = function fetchTicker() {
      return 1;
    };
    const descriptor: PropertyDescriptor = { value: method, writable: true, enumerable: false, configurable: true };
    const out = dec({}, 'fetchTicker', descriptor);
    expect(out).toEqual({ value: expect.any(Function), writable: true, enumerable: false, configurable: true });
    expect(out.value).not.toBe(method);
    expect(out.value!.name).toBe('fetchTicker');
    expect(descriptor.value).toBe(method); // the original descriptor is left alone
  });

  it('keeps an async method async and `this` bound to the instance', async () => {
    const { registry } = setup();
    class Exchange {
      constructor(readonly id: string) {}
      @withCircuitBreaker('kraken', { registry })
      async fetchTicker(symbol: string): Promise<string> {
        return `${this.id}:${symbol}`;
      }
    }
    const result = new Exchange('kraken').fetchTicker('BTC/USD');
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe('kraken:BTC/USD');
  });

  it('keeps a sync method sync; an open breaker throws for it and rejects for async ones', async () => {
    const { registry } = setup();
    class Market {
      @withCircuitBreaker('kraken', { registry })
      price(): number {
        throw new Error('down');
      }
      @withCircuitBreaker('kraken', { registry })
      async depth(): Promise<number> {
        return 5;
      }
    }
    const market = new Market();
    expect(() => market.price()).toThrow('down');
    expect(() => market.price()).toThrow('down');
    expect(() => market.price()).toThrow(CircuitOpenError);
    let refused: Promise<number> | undefined;
    expect(() => (refused = market.depth())).not.toThrow();
    await expect(refused).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('decorates static methods', async () => {
    const { registry } = setup();
    class Api {
      @withCircuitBreaker('static', { registry })
      static async ping(): Promise<string> {
        return `pong from ${this.name}`;
      }
    }
    await expect(Api.ping()).resolves.toBe('pong from Api');
    expect(registry.has('static')).toBe(true);
  });

  it('refuses properties, getters and classes with a TypeError', () => {
    const dec = withCircuitBreaker('x', { registry: new BreakerRegistry() });
    expect(() => {
      class A {
        // @ts-expect-error a property is not a method
        @dec price = 1;
      }
      return A;
    }).toThrow(new TypeError('withCircuitBreaker("x") decorates methods only; price is not a method'));
    expect(() => {
      class B {
        // @ts-expect-error a getter is not a method
        @dec get price() {
          return 1;
        }
      }
      return B;
    }).toThrow(new TypeError('withCircuitBreaker("x") decorates methods only; price is not a method'));
    expect(() => {
      // @ts-expect-error a class is not a method
      @dec
      class Exchange {}
      return Exchange;
    }).toThrow(new TypeError('withCircuitBreaker("x") wraps functions and decorates methods, not a class (Exchange)'));
  });
});

describe('legacy @retrying, @timeout and @compose', () => {
  it('@retrying retries an async method with `this` intact', async () => {
    const { clock } = setup();
    class Feed {
      attempts = 0;
      @retrying({ clock, baseDelayMs: 100, jitter: false })
      async poll(): Promise<number> {
        if (++this.attempts < 3) throw new Error('not yet');
        return this.attempts;
      }
    }
    const feed = new Feed();
    const result = feed.poll();
    await clock.runAll();
    await expect(result).resolves.toBe(3);
    expect(clock.now()).toBe(300);
  });

  it('@timeout rejects a slow method with a TimeoutError', async () => {
    const { clock } = setup();
    class Slow {
      @timeout(50, { clock })
      async run(): Promise<string> {
        await clock.sleep(100);
        return 'late';
      }
    }
    const result = new Slow().run();
    await clock.advance(50);
    await expect(result).rejects.toThrow(new TimeoutError(50).message);
    await clock.runAll();
  });

  it('@compose(retrying, withCircuitBreaker): a breaker opened by retried failures ends retries early', async () => {
    const { clock, registry } = setup();
    class Exchange {
      calls = 0;
      @compose(
        retrying({ clock, baseDelayMs: 100, jitter: false, maxRetries: 2 }),
        withCircuitBreaker('kraken', { registry, recoveryTimeoutMs: 1000 }),
      )
      async fetchTicker(): Promise<string> {
        this.calls++;
        throw new Error('down');
      }
    }
    const exchange = new Exchange();
    const result = exchange.fetchTicker();
    result.catch(() => undefined);
    await clock.runAll();
    // Attempts at 0 and 100 fail and open the breaker; the last attempt (t=300) is refused.
    expect(exchange.calls).toBe(2);
    await expect(result).rejects.toBeInstanceOf(CircuitOpenError);
    expect(clock.now()).toBe(300);
  });
});
