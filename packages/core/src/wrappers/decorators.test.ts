// TC39 standard decorators (lowered by esbuild in tests; see test/vitest.shared.ts).
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

describe('@withCircuitBreaker (standard decorator)', () => {
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
    expect(registry.get('kraken').stats().successfulRequests).toBe(1);
  });

  it('keeps a sync method sync, throws included', () => {
    const { registry } = setup();
    class Calc {
      factor = 3;
      @withCircuitBreaker('calc', { registry })
      times(x: number): number {
        if (x < 0) throw new RangeError('negative');
        return x * this.factor;
      }
    }
    const calc = new Calc();
    expect(calc.times(2)).toBe(6);
    expect(() => calc.times(-1)).toThrow(new RangeError('negative'));
    expect(() => calc.times(-1)).toThrow(new RangeError('negative'));
    expect(() => calc.times(2)).toThrow(CircuitOpenError);
  });

  it('an open breaker rejects (not throws) for async methods', async () => {
    const { registry } = setup();
    class Exchange {
      @withCircuitBreaker('kraken', { registry })
      async fetchTicker(): Promise<string> {
        throw new Error('502');
      }
    }
    const exchange = new Exchange();
    await expect(exchange.fetchTicker()).rejects.toThrow('502');
    await expect(exchange.fetchTicker()).rejects.toThrow('502');
    let refused: Promise<string> | undefined;
    expect(() => (refused = exchange.fetchTicker())).not.toThrow();
    await expect(refused).rejects.toThrow(new CircuitOpenError('kraken', 1000).message);
  });

  it('two methods (in two classes) decorated with one name share one breaker', async () => {
    const { registry } = setup();
    class Market {
      @withCircuitBreaker('kraken', { registry })
      async ticker(): Promise<string> {
        throw new Error('down');
      }
    }
    class Trading {
      @withCircuitBreaker('kraken', { registry })
      async placeOrder(): Promise<string> {
        return 'placed';
      }
    }
    await expect(new Market().ticker()).rejects.toThrow('down');
    await expect(new Market().ticker()).rejects.toThrow('down');
    await expect(new Trading().placeOrder()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(registry.all().map((b) => b.stats())).toMatchObject([
      { name: 'kraken', state: 'OPEN', failedRequests: 2, rejectedRequests: 1 },
    ]);
  });

  it('decorates static and private methods', async () => {
    const { registry } = setup();
    class Api {
      secret = 's3';
      @withCircuitBreaker('static', { registry })
      static async ping(): Promise<string> {
        return `pong from ${this.name}`;
      }
      @withCircuitBreaker('private', { registry })
      async #sign(payload: string): Promise<string> {
        return `${payload}:${this.secret}`;
      }
      sign(payload: string) {
        return this.#sign(payload);
      }
    }
    await expect(Api.ping()).resolves.toBe('pong from Api');
    await expect(new Api().sign('order')).resolves.toBe('order:s3');
    expect(registry.all().map((b) => b.name)).toEqual(['static', 'private']);
  });

  it('keeps the method name on the wrapper', () => {
    const { registry } = setup();
    class Exchange {
      @withCircuitBreaker('kraken', { registry })
      async fetchTicker() {}
    }
    expect(Exchange.prototype.fetchTicker.name).toBe('fetchTicker');
  });

  it('refuses fields, getters, setters, accessors and classes with a TypeError', () => {
    const { registry } = setup();
    const dec = withCircuitBreaker('x', { registry });
    expect(() => {
      class A {
        // @ts-expect-error a field is not a method
        @dec price = 1;
      }
      return A;
    }).toThrow(new TypeError('withCircuitBreaker("x") decorates methods only, not a field (price)'));
    expect(() => {
      class B {
        // @ts-expect-error a getter is not a method
        @dec get price() {
          return 1;
        }
      }
      return B;
    }).toThrow(new TypeError('withCircuitBreaker("x") decorates methods only, not a getter (price)'));
    expect(() => {
      class C {
        // @ts-expect-error a setter is not a method
        @dec set price(_: number) {}
      }
      return C;
    }).toThrow(new TypeError('withCircuitBreaker("x") decorates methods only, not a setter (price)'));
    expect(() => {
      class D {
        // @ts-expect-error an auto-accessor is not a method
        @dec accessor price = 1;
      }
      return D;
    }).toThrow(new TypeError('withCircuitBreaker("x") decorates methods only, not a accessor (price)'));
    expect(() => {
      // @ts-expect-error a class is not a method
      @dec
      class E {}
      return E;
    }).toThrow(new TypeError('withCircuitBreaker("x") decorates methods only, not a class (E)'));
  });
});

describe('@retrying, @timeout and @compose (standard decorators)', () => {
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

  it('@timeout rejects a method that takes too long with a TimeoutError', async () => {
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
    await expect(result).rejects.toBeInstanceOf(TimeoutError);
    await clock.runAll();
  });

  it('stacked @retrying @withCircuitBreaker: retries outside, the breaker sees every attempt', async () => {
    const { clock, registry } = setup();
    class Exchange {
      calls = 0;
      @retrying({ clock, baseDelayMs: 100, jitter: false, maxRetries: 5 })
      @withCircuitBreaker('kraken', { registry })
      async fetchTicker(): Promise<string> {
        this.calls++;
        throw new Error('down');
      }
    }
    const exchange = new Exchange();
    const result = exchange.fetchTicker();
    result.catch(() => undefined);
    await clock.runAll();
    // t=0, 100: two failures open the breaker (at 100). t=300: refused, retryAfterMs 800 > 400, so wait 800.
    // t=1100: half-open trial fails, reopens. t=1900: refused (200 left) but backoff 1600 is longer.
    // t=3500: the sixth and last attempt is a trial that fails: its error is the one re-thrown.
    expect(exchange.calls).toBe(4);
    expect(clock.now()).toBe(3500);
    await expect(result).rejects.toThrow(new Error('down'));
    expect(registry.get('kraken').stats()).toMatchObject({ state: 'OPEN', failedRequests: 4, rejectedRequests: 2 });
  });

  it('@compose(retrying, withCircuitBreaker, timeout) on a method', async () => {
    const { clock, registry } = setup();
    class Exchange {
      calls = 0;
      @compose(
        retrying({ clock, baseDelayMs: 10, jitter: false }),
        withCircuitBreaker('kraken', { registry }),
        timeout(50, { clock }),
      )
      async fetchTicker(symbol: string): Promise<string> {
        this.calls++;
        if (this.calls === 1) await clock.sleep(1000); // the first attempt hangs and times out
        return `${symbol}@${clock.now()}`;
      }
    }
    const exchange = new Exchange();
    const result = exchange.fetchTicker('ETH');
    await clock.advance(60);
    await expect(result).resolves.toBe('ETH@60');
    expect(exchange.calls).toBe(2);
    expect(registry.get('kraken').stats()).toMatchObject({ failedRequests: 1, successfulRequests: 1 });
    await clock.runAll();
  });
});
