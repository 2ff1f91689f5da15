// Type tests: the shapes the wrappers promise as functions and as decorators (TC39 and legacy).
import { describe, expectTypeOf, it } from 'vitest';
import { CircuitBreaker, handleErrors, retrying, timeout, withCircuitBreaker, type BreakerPolicy } from '../index.ts';

declare function fetchTicker(symbol: string, depth?: number): Promise<{ bid: number; ask: number }>;
declare function spread(bid: number, ask: number): number;

describe('withCircuitBreaker keeps the function type', () => {
  it('returns a BreakerPolicy', () => {
    expectTypeOf(withCircuitBreaker('kraken')).toEqualTypeOf<BreakerPolicy>();
    expectTypeOf(withCircuitBreaker('kraken').breaker).toEqualTypeOf<CircuitBreaker>();
  });

  it('wraps an async function into the same type', () => {
    expectTypeOf(withCircuitBreaker('kraken')(fetchTicker)).toEqualTypeOf<typeof fetchTicker>();
  });

  it('keeps a sync function sync', () => {
    const wrapped = withCircuitBreaker('calc')(spread);
    expectTypeOf(wrapped).toEqualTypeOf<(bid: number, ask: number) => number>();
    expectTypeOf(wrapped(1, 2)).toEqualTypeOf<number>();
  });

  it('rejects arguments the function would reject', () => {
    const wrapped = withCircuitBreaker('calc')(spread);
    // @ts-expect-error a string is no bid
    wrapped('1', 2);
  });

  it('as a TC39 method decorator keeps the method, sync or async', () => {
    class Exchange {
      @withCircuitBreaker('kraken')
      async ticker(symbol: string): Promise<number> {
        return symbol.length;
      }
      @withCircuitBreaker('calc')
      mid(bid: number, ask: number): number {
        return (bid + ask) / 2;
      }
    }
    expectTypeOf(new Exchange().ticker).toEqualTypeOf<(symbol: string) => Promise<number>>();
    expectTypeOf(new Exchange().mid).toEqualTypeOf<(bid: number, ask: number) => number>();
  });

  it('as a legacy method decorator returns the descriptor it was given', () => {
    const descriptor: TypedPropertyDescriptor<(bid: number, ask: number) => number> = { value: spread };
    expectTypeOf(withCircuitBreaker('calc')({}, 'mid', descriptor)).toEqualTypeOf<
      TypedPropertyDescriptor<(bid: number, ask: number) => number>
    >();
  });

  it('CircuitBreaker.call keeps the result type: sync stays sync', () => {
    const breaker = new CircuitBreaker({ name: 'calc' });
    expectTypeOf(breaker.call(spread, 1, 2)).toEqualTypeOf<number>();
    expectTypeOf(breaker.call(fetchTicker, 'BTC/USD')).toEqualTypeOf<Promise<{ bid: number; ask: number }>>();
    // @ts-expect-error the arguments are checked against the function
    breaker.call(spread, 1, '2');
  });
});

describe('retrying, timeout and handleErrors make the function async', () => {
  it('turn a sync function into one returning a promise of its result', () => {
    expectTypeOf(retrying()(spread)).parameters.toEqualTypeOf<[bid: number, ask: number]>();
    expectTypeOf(retrying()(spread)).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(timeout(1_000)(spread)).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(handleErrors({ operation: 'spread', component: 'calc' })(spread)).returns.toEqualTypeOf<
      Promise<number>
    >();
  });

  it('do not nest promises', () => {
    expectTypeOf(retrying()(fetchTicker)).returns.toEqualTypeOf<Promise<{ bid: number; ask: number }>>();
    expectTypeOf(retrying()(fetchTicker)).parameters.toEqualTypeOf<[symbol: string, depth?: number]>();
  });

  it('as a TC39 decorator keep an async method as it is', () => {
    class Exchange {
      @retrying({ maxRetries: 2 })
      @timeout(1_000)
      @handleErrors({ operation: 'ticker', component: 'kraken' })
      async ticker(symbol: string): Promise<number> {
        return symbol.length;
      }
    }
    expectTypeOf(new Exchange().ticker).toEqualTypeOf<(symbol: string) => Promise<number>>();
  });

  it('as a TC39 decorator refuse a sync method (it would become async behind its type)', () => {
    class Calc {
      // @ts-expect-error retrying decorates async methods only
      @retrying()
      mid(bid: number, ask: number): number {
        return (bid + ask) / 2;
      }
    }
    expectTypeOf(new Calc().mid).returns.toEqualTypeOf<number>();
  });
});
